"""Meetings' API (under /api/v1/meetings/ and /api/v1/actions/): the caller's meetings, one
meeting for its chair and attendees (agenda, people discussed with their decisions,
actions), what it decided for a person, the actions it agreed and their status. Thin —
authenticate, call safehub.meetings' reads and services (which apply the policy and the
rule for actions, and audit), serialise.

A meeting is its chair's and attendees': to anyone else it is the JSON 404 of a missing
one, and so is an action the rule refuses. A request the service refuses is a 422.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.access.actions import Action, require
from safehub.access.policy import Viewer
from safehub.agencies.models import User
from safehub.api.base import viewer_of
from safehub.api.operation_serializers import (
    BAD_INPUT,
    not_found,
    number,
    offered,
    refusal,
    written,
)
from safehub.api.pagination import OpenApi31Pagination
from safehub.meetings import pages, services
from safehub.meetings.forms import ActionAgreeForm, MeetingHoldForm
from safehub.meetings.models import Discussed, Meeting, MeetingAction
from safehub.operations.forms import REASON_LONGEST
from safehub.operations.models import Operation
from safehub.operations.pages import nominal_target
from safehub.records.queries.visible import require_data_role

MEETING_ID = OpenApiParameter("meeting_id", OpenApiTypes.INT, OpenApiParameter.PATH)
ACTION_ID = OpenApiParameter("action_id", OpenApiTypes.INT, OpenApiParameter.PATH)
_ERRORS = not_found("meeting")
WRITE = {**BAD_INPUT, **_ERRORS}


# ---------------------------------------------------------------- what is answered


class MeetingRowSerializer(serializers.Serializer[Meeting]):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="triage, strategy or mace")
    kind_words = serializers.CharField(source="get_kind_display")
    held_on = serializers.DateField()
    chair = serializers.CharField(source="chair.display_name")


class AttendeesSerializer(serializers.Serializer[tuple[str, list[str]]]):
    agency = serializers.CharField(allow_blank=True)
    names = serializers.ListField(child=serializers.CharField())

    def to_representation(self, instance: tuple[str, list[str]]) -> dict[str, Any]:
        return {"agency": instance[0], "names": list(instance[1])}


class AgendaRowSerializer(serializers.Serializer[pages.AgendaRow]):
    flag_id = serializers.IntegerField()
    person_id = serializers.UUIDField()
    name = serializers.CharField(help_text="as the caller may see them, or withheld")
    status = serializers.CharField(help_text="New, New evidence or Review due")
    harm = serializers.BooleanField()
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="as the caller may be told them"
    )


class OperationNameSerializer(serializers.Serializer[Operation]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DiscussedRowSerializer(serializers.Serializer[pages.DiscussedRow]):
    person_id = serializers.UUIDField()
    name = serializers.CharField(help_text="as the caller may see them, or withheld")
    openable = serializers.BooleanField(help_text="the caller may open the person")
    decision = serializers.CharField()
    recorded_by = serializers.CharField()


class ActionRowSerializer(serializers.Serializer[pages.ActionRow]):
    id = serializers.IntegerField(source="pk")
    text = serializers.CharField()
    about = serializers.CharField(allow_blank=True, help_text="whom it is for, if anyone")
    owner = serializers.CharField()
    agency = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField(help_text="open, done or cancelled")
    status_words = serializers.CharField()
    overdue = serializers.BooleanField()
    may_update = serializers.BooleanField(help_text="the caller owns it or chaired the meeting")


class MeetingSerializer(serializers.Serializer[pages.MeetingPage]):
    id = serializers.IntegerField(source="meeting.pk")
    kind = serializers.CharField(source="meeting.kind", help_text="triage, strategy or mace")
    kind_words = serializers.CharField(source="meeting.get_kind_display")
    held_on = serializers.DateField(source="meeting.held_on")
    chair = serializers.CharField()
    attendees = AttendeesSerializer(many=True, help_text="by agency")
    in_hub = serializers.BooleanField(
        help_text="the caller works in the meeting's hub (the agenda is for them)"
    )
    agenda = AgendaRowSerializer(
        many=True, help_text="the top of the caller's triage queue in the meeting's hub"
    )
    operations = OperationNameSerializer(
        many=True, help_text="the caller's open operations of the meeting's hub"
    )
    discussed = DiscussedRowSerializer(many=True)
    actions = ActionRowSerializer(many=True)


class DiscussedSerializer(serializers.Serializer[Discussed]):
    person_id = serializers.UUIDField()
    decision = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.display_name")


class ActionSerializer(serializers.Serializer[MeetingAction]):
    id = serializers.IntegerField()
    meeting_id = serializers.IntegerField()
    text = serializers.CharField()
    person_id = serializers.UUIDField(allow_null=True)
    owner = serializers.CharField(source="owner.display_name")
    agency = serializers.CharField(source="owner_agency.name")
    due_on = serializers.DateField()
    status = serializers.CharField(help_text="open, done or cancelled")


# ---------------------------------------------------------------- what is asked


class HoldSerializer(serializers.Serializer[object]):
    """Convene a meeting the caller chairs (and attends)."""

    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    held_on = serializers.DateField()
    attendees = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="users' ids: people who work in the caller's hub and may see personal "
        "data (any other: 404)",
    )

    def __init__(self, *args: Any, offered: QuerySet[User] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.offered = offered

    def validate_attendees(self, pks: list[int]) -> list[User]:
        return [offered(self.offered, pk, "attendee") for pk in pks]


class DiscussSerializer(serializers.Serializer[object]):
    person = serializers.UUIDField(help_text="the person's id")
    decision = serializers.CharField(max_length=REASON_LONGEST)


class AgreeSerializer(serializers.Serializer[object]):
    text = serializers.CharField(max_length=REASON_LONGEST)
    owner = serializers.IntegerField(
        help_text="a user's id: the chair or an attendee (any other: 404)"
    )
    due_on = serializers.DateField()
    person = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="whom it is for, if anyone"
    )

    def __init__(self, *args: Any, owners: QuerySet[User] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.owners = owners

    def validate_owner(self, pk: int) -> User:
        return offered(self.owners, pk, "owner")


class ActionStatusSerializer(serializers.Serializer[object]):
    status = serializers.ChoiceField(choices=MeetingAction.Status.choices)


# ---------------------------------------------------------------- the views


def _attendee(request: Request, meeting_id: str, route: str) -> tuple[Viewer, Meeting]:
    """The caller and the meeting, if they chaired or attended it (else the audited 404)."""
    viewer = viewer_of(request)
    return viewer, pages.meeting_of_attendee(viewer, number(meeting_id), route=route)


class MeetingListView(APIView):
    """The meetings the caller chaired or attended, newest first; and convening one
    (supervisors and hub managers)."""

    pagination_class = OpenApi31Pagination

    @extend_schema(
        operation_id="meetings_list",
        responses={
            200: MeetingRowSerializer(many=True),
            **refusal("the caller may not see personal data"),
        },
    )
    def get(self, request: Request) -> Response:
        viewer = viewer_of(request)
        require_data_role(viewer, route="api_meeting_list")
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(pages.meeting_rows(viewer), request, view=self)
        return paginator.get_paginated_response([MeetingRowSerializer(m).data for m in rows or []])

    @extend_schema(
        operation_id="meetings_hold",
        request=HoldSerializer,
        responses={
            201: MeetingRowSerializer,
            **BAD_INPUT,
            **refusal("the caller may not convene a meeting, or an attendee they may not ask"),
        },
    )
    def post(self, request: Request) -> Response:
        viewer = viewer_of(request)
        require_data_role(viewer, route="api_meeting_hold")
        # Asked first: a caller who may not convene one learns nothing of the request.
        require(viewer, Action.MEETING_HOLD, route="api_meeting_hold")
        # Whom the caller may ask to attend: as the page's form offers them.
        offered_ = MeetingHoldForm(chair=viewer.user).fields["attendees"]
        form = HoldSerializer(data=request.data, offered=offered_.queryset)  # type: ignore[attr-defined]
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return written(
            lambda: services.meeting_hold(
                actor=viewer.user,
                kind=data["kind"],
                held_on=data["held_on"],
                attendees=list(data["attendees"]),
            ),
            MeetingRowSerializer,
        )


class MeetingDetailView(APIView):
    """A meeting, for its chair and attendees: its agenda, decisions and actions."""

    @extend_schema(
        operation_id="meetings_retrieve",
        parameters=[MEETING_ID],
        responses={200: MeetingSerializer, **_ERRORS},
    )
    def get(self, request: Request, meeting_id: str) -> Response:
        page = pages.meeting_page(viewer_of(request), number(meeting_id), route="meeting_detail")
        return Response(MeetingSerializer(page).data)


class DiscussedView(APIView):
    """What the meeting decided for a person (its chair or an attendee, for a person they
    may open; a second recording replaces the words)."""

    @extend_schema(
        operation_id="meetings_discussed_record",
        request=DiscussSerializer,
        parameters=[MEETING_ID],
        responses={201: DiscussedSerializer, **WRITE},
    )
    def post(self, request: Request, meeting_id: str) -> Response:
        viewer, meeting = _attendee(request, meeting_id, "api_discussed_record")
        form = DiscussSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return written(
            lambda: services.discussed_record(
                actor=viewer.user,
                meeting=meeting,
                person=nominal_target(viewer, data["person"]),
                decision=data["decision"],
            ),
            DiscussedSerializer,
        )


class ActionAgreeView(APIView):
    """An action the meeting agreed, owned by its chair or an attendee (so an agency)."""

    @extend_schema(
        operation_id="meetings_actions_agree",
        request=AgreeSerializer,
        parameters=[MEETING_ID],
        responses={
            201: ActionSerializer,
            **BAD_INPUT,
            **refusal("no such meeting or not the caller's, or an owner who was not there"),
        },
    )
    def post(self, request: Request, meeting_id: str) -> Response:
        viewer, meeting = _attendee(request, meeting_id, "api_action_agree")
        owners = ActionAgreeForm(meeting=meeting).fields["owner"]
        form = AgreeSerializer(data=request.data, owners=owners.queryset)  # type: ignore[attr-defined]
        form.is_valid(raise_exception=True)
        data = form.validated_data
        person = data["person"]
        return written(
            lambda: services.action_agree(
                actor=viewer.user,
                meeting=meeting,
                text=data["text"],
                owner=data["owner"],
                due_on=data["due_on"],
                person=None if person is None else nominal_target(viewer, person),
            ),
            ActionSerializer,
        )


class ActionStatusView(APIView):
    """Mark an action done or cancelled, or reopen it: its owner or the meeting's chair."""

    @extend_schema(
        operation_id="actions_status",
        request=ActionStatusSerializer,
        parameters=[ACTION_ID],
        responses={200: ActionSerializer, **BAD_INPUT, **not_found("action")},
    )
    def post(self, request: Request, action_id: str) -> Response:
        viewer = viewer_of(request)
        # The request first: a bad one is a 400 whether the action exists or not.
        form = ActionStatusSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        pk = number(action_id)
        # The action's meeting, for the read that fetches it (a missing one: no meeting).
        meeting_id = (
            MeetingAction.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
        )
        action = pages.action_of(viewer, meeting_id or 0, pk, route="api_action_status_set")
        return written(
            lambda: services.action_status_set(
                actor=viewer.user, action=action, status=form.validated_data["status"]
            ),
            ActionSerializer,
            created=False,
        )
