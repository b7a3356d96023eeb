"""Forms of the people pages: asking for access and breaking the glass."""

from django import forms


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
