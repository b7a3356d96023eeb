"""The chart's question as a form: what it was opened from, the nodes expanded, and the
filters (a date window, tie types, gradings). The pages, the API and the exports share it."""

from __future__ import annotations

import re

from django import forms
from django.http import QueryDict

from safehub.network.queries.chart import EDGE_TYPES, GRADINGS, MAX_EXPANDED, ChartAsk

NODE_MAX = 400
NODE_PATTERN = r"^[^:\x00]+:[^\x00]+$"
TYPE_WORDS = {
    "co_offending": "Co-offending",
    "victim_suspect": "Victim and suspect",
    "peer": "Young people together",
    "co_present": "At the same event",
    "relationship": "Partner or boyfriend",
    "associate": "Associate",
    "family": "Family",
    "uses": "Owns or uses",
    "seen_with": "Seen with",
    "lives_at": "Lives at",
    "frequents": "Goes to",
    "at": "Event at a place",
}
FORMATS = (("graphml", "GraphML (Gephi, networkx)"), ("i2", "i2 Analyst's Notebook (CSV pair)"))


def _node(value: str) -> str:
    if len(value) > NODE_MAX or not re.match(NODE_PATTERN, value):
        raise forms.ValidationError(f"Not a node of the network: {value[:40]!r}")
    return value


class ChartForm(forms.Form):
    # Not stripped, and the null character left to `_node`: a node is taken as written.
    focus = forms.CharField(max_length=NODE_MAX, strip=False)
    since = forms.DateField(required=False, label="From")
    until = forms.DateField(required=False, label="To")
    type = forms.MultipleChoiceField(
        required=False, choices=[(t, TYPE_WORDS[t]) for t in EDGE_TYPES], label="Ties"
    )
    grading = forms.MultipleChoiceField(
        required=False, choices=[(g, g.title()) for g in GRADINGS], label="Grading"
    )

    def __init__(self, data: QueryDict | None = None) -> None:
        super().__init__(data)
        self.expanded = data.getlist("expand")[:MAX_EXPANDED] if data is not None else []

    def clean_focus(self) -> str:
        return _node(self.cleaned_data["focus"])

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        try:
            self.expanded = [_node(n) for n in self.expanded]
        except forms.ValidationError as problem:
            self.add_error(None, problem)
        return cleaned

    def ask(self) -> ChartAsk:
        """The valid form as the chart's question."""
        data = self.cleaned_data
        return ChartAsk(
            focus=data["focus"],
            expanded=tuple(self.expanded),
            since=data.get("since"),
            until=data.get("until"),
            types=frozenset(data.get("type") or ()),
            gradings=frozenset(data.get("grading") or ()),
        )


class ExportForm(ChartForm):
    format = forms.ChoiceField(choices=FORMATS)


class PathForm(forms.Form):
    """Two nodes: how is the first connected to the second?"""

    a = forms.CharField(max_length=NODE_MAX, strip=False, label="From")
    b = forms.CharField(max_length=NODE_MAX, strip=False, label="To")

    def clean_a(self) -> str:
        return _node(self.cleaned_data["a"])

    def clean_b(self) -> str:
        return _node(self.cleaned_data["b"])
