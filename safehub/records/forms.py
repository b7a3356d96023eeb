"""Forms of the people pages (asking for access, breaking the glass, filtering a timeline),
and the base of every form a service may refuse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safehub.records import vocabulary as v
from safehub.records.queries.timeline import TimelineFilter


class ServiceErrors(forms.Form):
    """A form a service may refuse: `attach` shows its ValidationError on the field it
    names, or above the form."""

    def attach(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)

    def attempt(self, write: Callable[[], object]) -> bool:
        """For a valid form, run `write` (a call of a service): True if it succeeded,
        False with its ValidationError on the form if it refused."""
        if not self.is_valid():
            return False
        try:
            write()
        except ValidationError as problem:
            self.attach(problem)
            return False
        return True


def distinct_ids(forms_on_page: dict[str, forms.Form]) -> dict[str, forms.Form]:
    """Give each form of a page its own element ids ("<key>-<field>"): two forms with a
    field of the same name would otherwise share an id, and a label or an error
    summary's link would point into the other form. Names, so what is posted, are
    unchanged."""
    for key, form in forms_on_page.items():
        form.auto_id = f"{key}-%s"
    return forms_on_page


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need it?",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=2000,
        error_messages={
            "required": "Enter why you need access",
            "min_length": "Give a reason of at least 10 characters",
        },
    )


class BreakGlassForm(ReasonForm):
    minutes = forms.TypedChoiceField(
        label="For how long?",
        coerce=int,
        initial=60,
        choices=[(15, "15 minutes"), (60, "1 hour"), (240, "4 hours")],
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")],
        error_messages={"required": "Choose approve or decline"},
    )
    days = forms.TypedChoiceField(
        label="Approve for",
        coerce=int,
        initial=30,
        choices=[(7, "7 days"), (30, "30 days"), (90, "90 days")],
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# Dates as people type them (27/3/2024) and as the ISO form links carry them.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%d"]


class TimelineFilterForm(forms.Form):
    """The filters of a person's timeline and chronology, from the page's GET query.
    Agencies and kinds are offered from the events shown (`queries.timeline`); any code
    may be asked for, and one with no events the viewer sees simply shows none."""

    agency = forms.SlugField(required=False, max_length=50, label="Agency")
    kind = forms.ChoiceField(
        required=False,
        label="Kind of event",
        choices=[("", "Any"), *v.as_choices(v.EVENT_TYPES)],
        error_messages={"invalid_choice": "Choose a kind of event from the list"},
    )
    date_from = forms.DateField(
        required=False,
        label="From",
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "The From date must be a real date, like 27/3/2024"},
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "The To date must be a real date, like 27/3/2024"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The To date must be the same as or after the From date")
        return cleaned

    def chosen(self) -> TimelineFilter:
        """The filters asked for; a field with an error filters nothing."""
        self.is_valid()  # fills cleaned_data with the fields that are valid
        data = getattr(self, "cleaned_data", {})
        return TimelineFilter(
            agency=data.get("agency") or "",
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
