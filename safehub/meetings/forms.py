"""Forms of the meetings' pages: convene a meeting, record its decision for a person,
agree an action, mark an action done or cancelled."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from safehub.access.policy import DATA_ROLES
from safehub.agencies.hubs import hub_of, in_hub_q
from safehub.agencies.models import User
from safehub.meetings.models import Meeting, MeetingAction
from safehub.operations.forms import DATE, REASON_LONGEST
from safehub.records.forms import ServiceErrors


def _with_agency(user: User) -> str:
    return f"{user.display_name} ({user.agency.name})" if user.agency else user.display_name


class PersonChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return _with_agency(obj)


class OwnerField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return _with_agency(obj)


def _by_name(users: Any) -> Any:
    return users.select_related("agency").order_by("last_name", "first_name", "username")


class MeetingHoldForm(ServiceErrors):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    held_on = forms.DateField(
        label="Date",
        widget=DATE,
        error_messages={"required": "Enter the date of the meeting", "invalid": "Enter a date"},
    )
    attendees = PersonChoiceField(
        label="Who attends",
        help_text="You chair it, and attend it.",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose attendees who work in your hub"},
    )

    def __init__(self, *args: Any, chair: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, PersonChoiceField)
        # Those the service accepts (active users of an agency in the chair's hub) and
        # who may open the meeting's page: the data roles.
        users = User.objects.filter(
            in_hub_q(hub_of(chair)),
            is_active=True,
            agency__isnull=False,
            roles__role__in=sorted(DATA_ROLES),
        )
        field.queryset = _by_name(users.exclude(pk=chair.pk).distinct())


class DiscussedForm(ServiceErrors):
    person = forms.UUIDField(
        label="Person's id",
        help_text="The id on the agenda or on the person's page, like 0b6c…",
        error_messages={"required": "Enter the person's id", "invalid": "Enter a person's id"},
    )
    decision = forms.CharField(
        label="What the meeting decided",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_LONGEST,
        error_messages={"required": "Enter what the meeting decided"},
    )


class ActionAgreeForm(ServiceErrors):
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_LONGEST,
        error_messages={"required": "Enter the action"},
    )
    owner = OwnerField(
        label="Owner",
        queryset=User.objects.none(),
        empty_label="Choose who owns it",
        error_messages={
            "required": "Choose who owns the action",
            "invalid_choice": "Choose an owner who attended the meeting",
        },
    )
    due_on = forms.DateField(
        label="Due on",
        widget=DATE,
        error_messages={"required": "Enter when it is due", "invalid": "Enter a date"},
    )
    person = forms.UUIDField(
        label="For whom (a person's id, if anyone)",
        required=False,
        error_messages={"invalid": "Enter a person's id"},
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, OwnerField)
        present = Q(pk=meeting.chair_id) | Q(meetings=meeting)
        field.queryset = _by_name(User.objects.filter(present).distinct())


class ActionStatusForm(ServiceErrors):
    status = forms.ChoiceField(
        label="Status",
        choices=MeetingAction.Status.choices,
        error_messages={"required": "Choose the action's status"},
    )
