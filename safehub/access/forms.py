"""Forms of the sharing-agreement pages."""

from __future__ import annotations

from django import forms

from safehub.agencies.models import Agency, HubScope, Sensitivity, SharingCondition


class AgreementForm(forms.Form):
    provider = forms.ModelChoiceField(
        Agency.objects.all(), label="Agency that shares",
        error_messages={"required": "Choose the agency that shares"})
    recipient = forms.ModelChoiceField(
        Agency.objects.all(), label="Agency that may see",
        error_messages={"required": "Choose the agency that may see"})
    sensitivities = forms.MultipleChoiceField(
        choices=Sensitivity.choices, widget=forms.CheckboxSelectMultiple,
        label="What it may see", error_messages={"required": "Choose what it may see"})
    condition = forms.ChoiceField(choices=SharingCondition.choices, label="When")
    scope = forms.ChoiceField(choices=HubScope.choices, label="Which teams")
    reference = forms.CharField(label="Reference of the signed agreement", max_length=200)
