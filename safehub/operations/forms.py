"""Forms of the operations' pages: open an operation, name a nominal, record where one
is now, a decision, the closure; a survivor's contact plan, an agency's check, the
approval, and a contact with her own decision."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms

from safehub.access.models import SharingBasis
from safehub.agencies.hubs import same_hub_q
from safehub.agencies.models import Agency, User
from safehub.operations import lifecycles
from safehub.operations.engagement import SUPPORT
from safehub.operations.models import Decision, Disruption, Operation, SurvivorDecision
from safehub.records.forms import ServiceErrors

DATE = forms.DateInput(attrs={"type": "date"})
REASON_LONGEST = 4000


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class OperationOpenForm(ServiceErrors):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the operation's name"}
    )
    scope = forms.CharField(
        label="Scope",
        help_text="What the operation looks into, and its time span.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_LONGEST,
        error_messages={"required": "Enter the operation's scope"},
    )
    senior_officer = UserChoiceField(
        label="Senior officer",
        queryset=User.objects.none(),
        empty_label="Choose the senior officer",
        error_messages={
            "required": "Choose the senior officer",
            "invalid_choice": "Choose a senior officer of your agency",
        },
    )

    institution = forms.ChoiceField(
        label="Institution",
        help_text="Where the abuse happened, if in an institution (for the national return).",
        choices=Operation.Institution.choices,
        required=False,
    )

    def __init__(self, *args: Any, agency_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["senior_officer"]
        assert isinstance(field, UserChoiceField)
        users = (
            User.objects.none() if agency_id is None else User.objects.filter(agency_id=agency_id)
        )
        field.queryset = users.filter(is_active=True).order_by(
            "last_name", "first_name", "username"
        )


class NominalAddForm(ServiceErrors):
    person = forms.UUIDField(
        label="Person's id",
        help_text="The id on the person's page, like 0b6c…",
        error_messages={"required": "Enter the person's id", "invalid": "Enter a person's id"},
    )
    role = forms.ChoiceField(
        label="Role in the operation",
        choices=[
            ("victim", "Victim or survivor"),
            ("suspect", "Suspect"),
            ("witness", "Witness"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's role"},
    )
    on = forms.DateField(
        label="Identified on",
        widget=DATE,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )


class NominalStatusForm(ServiceErrors):
    status = forms.ChoiceField(
        label="Now",
        choices=list(lifecycles.WORDS.items()),
        error_messages={"required": "Choose where they are now"},
    )
    on = forms.DateField(
        label="From",
        widget=DATE,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    note = forms.CharField(
        label="Note", required=False, max_length=REASON_LONGEST, widget=forms.Textarea
    )


class DecisionForm(ServiceErrors):
    kind = forms.ChoiceField(
        label="Kind of decision",
        choices=[c for c in Decision.Kind.choices if c[0] != Decision.Kind.CLOSURE],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of decision"},
    )
    rationale = forms.CharField(
        label="Rationale",
        help_text="What was decided and why, in words an auditor can read.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_LONGEST,
        error_messages={"required": "Enter the rationale for the decision"},
    )


class CloseForm(ServiceErrors):
    rationale = forms.CharField(
        label="Why the operation closes",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_LONGEST,
        error_messages={"required": "Enter why the operation closes"},
    )


class PlanForm(ServiceErrors):
    risks_and_needs = forms.CharField(
        label="Risks and needs",
        help_text="Own children, health, housing, living near or with a suspect, trauma.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter her risks and needs"},
    )
    contact_by = forms.CharField(
        label="Who makes contact", error_messages={"required": "Enter who makes contact"}
    )
    contact_how = forms.CharField(
        label="How and when",
        help_text="Safe times and ways to reach her.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter how and when contact is made"},
    )
    name_to_use = forms.CharField(label="Name to use", required=False, max_length=200)
    trusted_person = forms.CharField(label="Trusted person", required=False)
    avoid = forms.CharField(
        label="What not to do", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    support_offer = forms.MultipleChoiceField(
        label="Support offered",
        choices=[(s, s) for s in SUPPORT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_support = forms.CharField(
        label="Other support offered",
        help_text="A local service or provider, one to a line.",
        required=False,
        max_length=REASON_LONGEST,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # One list of what is offered: the usual services, then the providers named.
        named = [line.strip() for line in data.pop("other_support", "").splitlines()]
        data["support_offer"] = [*data.get("support_offer", []), *filter(None, named)]
        return data


class AgencyCheckForm(ServiceErrors):
    plan = forms.IntegerField(widget=forms.HiddenInput)
    finding = forms.CharField(
        label="What your agency holds",
        help_text='"Nothing relevant", or what the team should know before contact.',
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your agency's finding"},
    )


class PlanApproveForm(ServiceErrors):
    plan = forms.IntegerField(widget=forms.HiddenInput)


class ContactForm(ServiceErrors):
    contact_on = forms.DateField(
        label="Date of the contact",
        widget=DATE,
        error_messages={"required": "Enter the date of the contact", "invalid": "Enter a date"},
    )
    contact_how = forms.CharField(
        label="How", max_length=200, error_messages={"required": "Enter how contact was made"}
    )
    decision = forms.ChoiceField(
        label="What she decided",
        choices=SurvivorDecision.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what she decided"},
    )
    their_words = forms.CharField(
        label="In her words (if she wants them kept)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreed = forms.ChoiceField(
        label="Did she agree to a date to come back?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether she agreed to a date"},
    )
    come_back_on = forms.DateField(
        label="The date she agreed to",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the date as a real date"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agreed") == "yes" and not data.get("come_back_on"):
            self.add_error("come_back_on", "Enter the date she agreed to")
        if data.get("agreed") != "yes":
            data["come_back_on"] = None  # a date is kept only when she agreed to one
        return data


class MemberAddForm(ServiceErrors):
    user = UserChoiceField(
        label="Add to the team",
        queryset=User.objects.none(),
        empty_label="Choose a colleague",
        error_messages={
            "required": "Choose who joins the team",
            "invalid_choice": "Choose an active user of an agency in this hub",
        },
    )

    def __init__(self, *args: Any, operation: Operation, hub_id: int | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, UserChoiceField)
        # Everyone who may join, not yet in the team; the service checks again.
        field.queryset = (
            User.objects.filter(same_hub_q(hub_id), is_active=True, agency__isnull=False)
            .exclude(case_teams=operation.case)
            .select_related("agency")
            .order_by("agency__name", "last_name", "first_name", "username")
        )


class DisruptionForm(ServiceErrors):
    person_id = forms.TypedChoiceField(
        label="Suspect",
        coerce=UUID,
        error_messages={"required": "Choose the suspect", "invalid_choice": "Choose a suspect"},
    )
    kind = forms.ChoiceField(
        label="Order or notice",
        choices=Disruption.Kind.choices,
        error_messages={"required": "Choose the order or notice"},
    )
    served_on = forms.DateField(
        label="Served or made on",
        widget=DATE,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    ends_on = forms.DateField(
        label="Ends on (if it ends)",
        widget=DATE,
        required=False,
        error_messages={"invalid": "Enter a real date"},
    )
    note = forms.CharField(
        label="Note", required=False, max_length=REASON_LONGEST, widget=forms.Textarea
    )

    def __init__(self, *args: Any, suspects: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose the suspect"), *suspects]


class SuspectFactsForm(ServiceErrors):
    deceased = forms.BooleanField(label="Has died", required=False)
    public_prominence = forms.BooleanField(label="Publicly prominent", required=False)


class SharingForm(ServiceErrors):
    provider = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.order_by("name"),
        empty_label="Choose the agency",
        error_messages={"required": "Choose the agency", "invalid_choice": "Choose an agency"},
    )
    basis = forms.ChoiceField(
        label="Sharing what this agency holds about her",
        choices=SharingBasis.Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what she said, or the exception"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis (only when sharing without consent)",
        choices=SharingBasis.LawfulBasis.choices,
        required=False,
    )
    reason = forms.CharField(
        label="How she gave or refused consent, or why sharing without it is necessary",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_LONGEST,
        error_messages={"required": "Enter how consent was given, or why sharing is necessary"},
    )


class NameInOperationForm(NominalAddForm):
    """Naming a person found elsewhere: the operation is chosen, the person is known."""

    operation = forms.TypedChoiceField(
        label="Operation",
        coerce=int,
        error_messages={
            "required": "Choose the operation",
            "invalid_choice": "Choose one of your open operations",
        },
    )

    def __init__(self, *args: Any, operations: list[Operation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["person"]
        field = self.fields["operation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose the operation"), *((o.pk, o.name) for o in operations)]
        self.order_fields(["operation", "role", "on"])
