"""Forms of the sharing-agreement and case pages."""

from __future__ import annotations

from django import forms

from safehub.access import queries
from safehub.access.services.cases import NOTE_LONGEST
from safehub.agencies.models import Agency, HubScope, Sensitivity, SharingCondition


class AgreementForm(forms.Form):
    """A proposal to share the proposer's own agency's data: the provider is never a
    field (a posted `provider` is ignored)."""

    recipient = forms.ModelChoiceField(
        Agency.objects.none(),  # the provider's choices are set in __init__
        label="Agency that may see",
        error_messages={
            "required": "Choose the agency that may see",
            "invalid_choice": "Choose another agency of the hub",
        },
    )
    sensitivities = forms.MultipleChoiceField(
        choices=Sensitivity.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What it may see",
        error_messages={"required": "Choose what it may see"},
    )
    condition = forms.ChoiceField(choices=SharingCondition.choices, label="When")
    scope = forms.ChoiceField(choices=HubScope.choices, label="Which teams")
    linkage = forms.BooleanField(
        required=False,
        label="Also the identity fields of these records, for the other "
        "agency's link reviewers (outside a case)",
    )
    reference = forms.CharField(
        label="Reference of the signed agreement",
        max_length=200,
        error_messages={"required": "Give the reference of the signed agreement"},
    )

    def __init__(self, *args: object, provider: Agency | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["recipient"].queryset = queries.agreement_recipients(provider)  # type: ignore[attr-defined]


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note for the case team",
        help_text="Every member of the case team will see it. A note cannot be changed later.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=NOTE_LONGEST,
        error_messages={
            "required": "Enter the note",
            "max_length": f"A note has at most {NOTE_LONGEST} characters",
        },
    )
