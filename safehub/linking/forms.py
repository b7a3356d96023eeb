"""Forms of the linking pages: a reviewer's decision, a trace search and a request from
it, a link run."""

from __future__ import annotations

from django import forms

from safehub.linking.models import Verdict
from safehub.linking.trace_query import MAX_YEARS, TraceQuery
from safehub.records.forms import ReasonForm


class LinkDecisionForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Are these records the same person?",
        widget=forms.RadioSelect,
        choices=[
            (Verdict.SAME, "Yes, the same person"),
            (Verdict.DIFFERENT, "No, different people"),
            (Verdict.UNSURE, "Not sure"),
        ],
        error_messages={"required": "Choose same, different or not sure"},
    )
    note = forms.CharField(
        label="Why? (optional)",
        required=False,
        max_length=2000,
        help_text="What decided it: it is kept with the decision and in the audit log.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The pair's latest decision when the page was drawn (empty: none), so a decision
    # made by someone else meanwhile is shown before this one is saved.
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TraceForm(forms.Form):
    name = forms.CharField(
        label="Name, as remembered",
        required=False,
        max_length=200,
        help_text="Any order; a nickname or a misspelling will do.",
    )
    birth_year = forms.IntegerField(
        label="Year of birth (roughly)", required=False, min_value=1900, max_value=2100
    )
    years = forms.IntegerField(
        label="Give or take (years)", required=False, min_value=0, max_value=MAX_YEARS, initial=2
    )
    district = forms.CharField(
        label="Postcode or district",
        required=False,
        max_length=10,
        help_text="For example NV1 or NV1 2AB.",
    )
    school = forms.CharField(label="School", required=False, max_length=200)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not any(data.get(k) for k in ("name", "district", "school")):
            raise forms.ValidationError(
                "Give a name, a district or a school: a year of birth alone matches too "
                "many people."
            )
        return data

    def query(self) -> TraceQuery:
        data = self.cleaned_data
        years = data.get("years")
        return TraceQuery(
            name=data.get("name") or "",
            birth_year=data.get("birth_year"),
            years=2 if years is None else int(years),
            district=data.get("district") or "",
            school=data.get("school") or "",
        )


class TraceRequestForm(ReasonForm):
    """Why a supervisor asks the agencies holding a possible match from a trace (the
    same reason, of at least 10 characters, as any access request)."""


class LinkRunForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which run?",
        widget=forms.RadioSelect,
        initial="incremental",
        choices=[
            ("incremental", "New and changed records only"),
            ("full", "Score every pair again"),
            ("retrain", "Train a new model, then score every pair"),
        ],
    )


class JoinChallengeForm(forms.Form):
    """Challenging a join of a person's records: which pair ("<pk>-<pk>", one of those
    the page shows) and why, for the reviewer who decides it."""

    pair = forms.CharField(
        max_length=50, error_messages={"required": "Choose which join you challenge"}
    )
    reason = forms.CharField(
        label="Why do you think these records are not the same person?",
        help_text="A reviewer who may see both records reads this and decides. It is kept "
        "with the challenge and in the audit log.",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=2000,
        error_messages={
            "required": "Enter why you challenge this join",
            "min_length": "Give a reason of at least 10 characters",
        },
    )
