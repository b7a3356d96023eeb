"""The dashboard's filters, as the page, its lists, the export and the API read them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from safehub.agencies.models import Hub
from safehub.dashboard.periods import LONGEST, Period
from safehub.dashboard.queries.figures import Figure
from safehub.dashboard.queries.scope import Filters

EARLIEST = date(2000, 1, 1)
DISTRICT = r"^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$"


def default_filters(hub_id: int | None) -> Filters:
    """The last 12 weeks of the viewer's own hub."""
    return Filters(Period.last_weeks(timezone.localdate()), hub_id)


def period_problem(start: date, end: date) -> str:
    """What is wrong with a period from `start` to `end` ("" when nothing)."""
    if start < EARLIEST:
        return f"The period must start on or after {EARLIEST:%-d %B %Y}"
    if end < start:
        return "The end of the period must be the same as or after its start"
    if end - start > LONGEST:
        return "The period must be 3 years or shorter"
    return ""


class DashboardFilterForm(forms.Form):
    hub = forms.ModelChoiceField(
        queryset=Hub.objects.order_by("name"), required=False, empty_label="Every hub"
    )
    district = forms.RegexField(
        label="Postcode district",
        regex=DISTRICT,
        required=False,
        max_length=4,
        error_messages={"invalid": "Enter a postcode district, like M14"},
    )

    def __init__(self, *args: Any, hub_id: int | None = None, **kwargs: Any) -> None:
        self.defaults = default_filters(hub_id)
        period = self.defaults.period
        kwargs["initial"] = {
            "hub": self.defaults.hub,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
        }
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: these two are added by name.
        self.fields["from"] = forms.DateField(
            label="From",
            required=False,
            error_messages={"invalid": "Enter the start as a date, like 2026-09-07"},
        )
        self.fields["to"] = forms.DateField(
            label="To",
            required=False,
            error_messages={"invalid": "Enter the end as a date, like 2026-11-29"},
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "from" in data and "to" in data:  # both parsed (or left out: the defaults)
            data["from"] = data["from"] or self.defaults.period.start
            data["to"] = data["to"] or self.defaults.period.end
            if problem := period_problem(data["from"], data["to"]):
                self.add_error("to", problem)
        return data

    def filters(self) -> Filters:
        """The filters asked for; the defaults when none were, or they were wrong."""
        if not self.is_bound or not self.is_valid():
            return self.defaults
        data = self.cleaned_data
        return Filters(
            Period(data["from"], data["to"]),
            data["hub"].pk if data["hub"] else None,
            data["district"].upper(),
        )


class FigureListForm(DashboardFilterForm):
    """A list's filters, and which series and column of the figure it is behind."""

    category = forms.RegexField(regex=r"^[0-9]{1,10}$", required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def __init__(self, *args: Any, figure: Figure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"] = forms.ChoiceField(
            choices=[("", "Every series"), *figure.series_words().items()], required=False
        )
