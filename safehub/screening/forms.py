"""Forms of the triage pages: the meeting's outcome of a flag, and the queue's filters."""

from __future__ import annotations

from typing import Any

from django import forms

from safehub.agencies.models import Agency, Hub
from safehub.records.forms import ServiceErrors
from safehub.screening.models import FlagDecision
from safehub.screening.queue import AGE_BANDS, Filters


class FlagDecisionForm(ServiceErrors):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=FlagDecision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="What the meeting decided and why, in words an auditor can read.",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=4000,
        error_messages={
            "required": "Enter the reason for the outcome",
            "min_length": "Give a reason of at least 10 characters",
        },
    )
    review_on = forms.DateField(
        label="Review on (monitor only)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the review date as a real date"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == FlagDecision.Outcome.MONITOR and not data.get("review_on"):
            self.add_error("review_on", "Give the date to review the flag again")
        return data


class QueueFilterForm(forms.Form):
    hub = forms.ModelChoiceField(
        queryset=Hub.objects.order_by("name"), required=False, empty_label="Any hub"
    )
    district = forms.RegexField(
        label="Postcode district",
        regex=r"^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$",
        required=False,
        max_length=4,
        error_messages={"invalid": "Enter a postcode district, like M14"},
    )
    agency = forms.ModelChoiceField(
        label="Known to",
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label="Any agency",
    )
    age = forms.ChoiceField(
        label="Age now",
        choices=[("", "Any age"), *((k, k.replace("-", " to ")) for k in AGE_BANDS)],
        required=False,
    )

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            hub=data["hub"].pk if data["hub"] else None,
            district=data["district"].upper(),
            agency=data["agency"].pk if data["agency"] else None,
            age=data["age"],
        )
