"""The auditor's filter: which verb of the audit log to show."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.http import QueryDict

from safehub.audit.models import Verb
from safehub.audit.queries import verb_choices


class VerbFilterForm(forms.Form):
    """`?verb=` from the page's select: blank for every verb, else one of `verbs`."""

    def __init__(self, data: QueryDict, *, verbs: Iterable[Verb] = Verb) -> None:
        super().__init__(data)
        # Made here: each page offers its own verbs (the home page, only its alerts').
        self.fields["verb"] = forms.ChoiceField(
            required=False,
            label="What was done",
            choices=[("", "Everything"), *verb_choices(verbs)],
            error_messages={"invalid_choice": "Select what was done from the list"},
        )

    def chosen(self) -> Verb | None:
        """The verb asked for; None for every verb, or when the one asked for is unknown
        (then `errors` says so)."""
        if not self.is_valid():
            return None
        value = self.cleaned_data["verb"]
        return Verb(value) if value else None
