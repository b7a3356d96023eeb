"""Missing children's API: a child's Philomena profile (read, and a new version), their
missing episodes with their return home interviews (read, and a report), an episode's
return and its interview, and the hub's missing children and interviews due by agency.
Thin — authenticate, call safehub.missing's reads and services (which apply the policy
and the rule for actions, and audit), serialise.

A child the caller may not open, or an episode they do not see, is the JSON 404 of a
missing one; a request the service refuses is a 422 naming the fields at fault.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.access.policy import Viewer
from safehub.access.suppression import Shown
from safehub.api.base import viewer_of
from safehub.api.operation_serializers import BAD_INPUT, not_found, refusal, refused, written
from safehub.missing import pages, queries, services
from safehub.missing.forms import LONGEST, PREMISES
from safehub.missing.models import MissingEpisode, ReturnInterview
from safehub.records.queries.opening import TooManyOutsideCase
from safehub.records.queries.visible import require_data_role

PERSON_ID = OpenApiParameter("person_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
EPISODE_ID = OpenApiParameter("episode_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
TOO_MANY = (
    "You have opened unusually many people outside your cases today; the auditor has been told."
)
_CHILD = not_found("child")
_EPISODE = not_found("episode")


def _id(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise NotFound("Not found") from None


def _page(viewer: Viewer, person_id: str, route: str) -> pages.MissingPage:
    try:
        return pages.missing_page(viewer, _id(person_id), route=route)
    except TooManyOutsideCase:
        raise Throttled(detail=TOO_MANY) from None


# ---------------------------------------------------------------- what is answered


class MissingLabelledSerializer(serializers.Serializer[tuple[str, str]]):
    """One filled field: what it is, and what it says."""

    field = serializers.CharField(help_text="the field's label")
    text = serializers.CharField()

    def to_representation(self, instance: tuple[str, str]) -> dict[str, Any]:
        return {"field": instance[0], "text": instance[1]}


class MissingProfileViewSerializer(serializers.Serializer[pages.ProfileView]):
    agency = serializers.CharField()
    written_by = serializers.CharField()
    written_at = serializers.DateTimeField()
    answers = MissingLabelledSerializer(
        source="fields", many=True, help_text="the filled fields, labelled"
    )
    shared_as_missing = serializers.BooleanField(
        help_text="shown to the police because the child is missing now"
    )


class MissingProfileSerializer(serializers.Serializer[pages.MissingPage]):
    person_id = serializers.UUIDField()
    name = serializers.CharField()
    profile = MissingProfileViewSerializer(
        allow_null=True, help_text="the current profile, if the caller is shown it"
    )
    kept_by = serializers.ListField(
        source="profile_kept_by",
        child=serializers.CharField(),
        help_text="agencies keeping a profile the caller is not shown",
    )
    may_edit = serializers.BooleanField(source="may_edit_profile")


class MissingInterviewViewSerializer(serializers.Serializer[pages.InterviewView]):
    outcome = serializers.CharField()
    agency = serializers.CharField()
    interviewer = serializers.CharField()
    offered_at = serializers.DateTimeField()
    held_at = serializers.DateTimeField(allow_null=True)
    in_time = serializers.BooleanField(help_text="offered within 72 hours of the return")
    answers = MissingLabelledSerializer(source="fields", many=True)


class MissingEpisodeViewSerializer(serializers.Serializer[pages.EpisodeView]):
    id = serializers.UUIDField(source="episode_id")
    agency = serializers.CharField(help_text="the agency that recorded it")
    reported_at = serializers.DateTimeField()
    missing_from = serializers.CharField(allow_blank=True)
    from_placement = serializers.BooleanField()
    returned_at = serializers.DateTimeField(allow_null=True)
    found = MissingLabelledSerializer(many=True)
    rhi_due_by = serializers.DateTimeField(source="due_by", allow_null=True)
    rhi_overdue = serializers.BooleanField(source="overdue")
    interview = MissingInterviewViewSerializer(allow_null=True)
    interview_held_by = serializers.CharField(
        allow_blank=True, help_text="the agency of an interview the caller may not see"
    )
    may_return = serializers.BooleanField()
    may_interview = serializers.BooleanField()


class MissingEpisodesSerializer(serializers.Serializer[pages.MissingPage]):
    person_id = serializers.UUIDField()
    name = serializers.CharField()
    missing_now = serializers.BooleanField()
    episodes = MissingEpisodeViewSerializer(many=True, help_text="newest first")
    held_by = serializers.ListField(
        source="episodes_held_by",
        child=serializers.CharField(),
        help_text="agencies of episodes the caller may not see",
    )
    may_report = serializers.BooleanField()


class MissingEpisodeSerializer(serializers.Serializer[MissingEpisode]):
    id = serializers.UUIDField()
    person_id = serializers.UUIDField()
    agency = serializers.CharField(source="agency.name")
    reported_at = serializers.DateTimeField()
    missing_from = serializers.CharField(allow_blank=True)
    from_placement = serializers.BooleanField()
    returned_at = serializers.DateTimeField(allow_null=True)
    rhi_due_by = serializers.DateTimeField(allow_null=True)


class MissingInterviewSerializer(serializers.Serializer[ReturnInterview]):
    episode_id = serializers.UUIDField()
    agency = serializers.CharField(source="agency.name")
    outcome = serializers.CharField(help_text="held or declined")
    offered_at = serializers.DateTimeField()
    held_at = serializers.DateTimeField(allow_null=True)


class MissingFigureSerializer(serializers.Serializer[Shown]):
    value = serializers.IntegerField(allow_null=True, help_text="null when not shown")
    words = serializers.CharField(help_text='e.g. "12", "fewer than 5", "about 10"')
    exact = serializers.BooleanField()


class MissingAgencyFiguresSerializer(serializers.Serializer[queries.AgencyFigures]):
    agency = serializers.CharField(help_text="the agency to offer the interviews")
    missing_now = MissingFigureSerializer()
    overdue = MissingFigureSerializer()
    due = MissingFigureSerializer(help_text="interviews due within 72 hours")
    in_time = MissingFigureSerializer(help_text="interviews offered within 72 hours")
    were_due = MissingFigureSerializer(help_text="interviews recorded, or past their 72 hours")
    share_in_time = serializers.CharField()


class MissingLineSerializer(serializers.Serializer[queries.EpisodeLine]):
    episode_id = serializers.UUIDField()
    person_id = serializers.UUIDField()
    name = serializers.CharField()
    recorded_by = serializers.CharField()
    rhi_agency = serializers.CharField()
    reported_at = serializers.DateTimeField()
    returned_at = serializers.DateTimeField(allow_null=True)
    rhi_due_by = serializers.DateTimeField(source="due_by", allow_null=True)


class MissingOverviewSerializer(serializers.Serializer[queries.Overview]):
    since = serializers.DateTimeField()
    by_agency = MissingAgencyFiguresSerializer(many=True)
    overdue = MissingLineSerializer(many=True, help_text="children the caller may open")
    due = MissingLineSerializer(many=True)
    missing_now = MissingLineSerializer(many=True)


# ---------------------------------------------------------------- what is asked


def _text(longest: int = LONGEST) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=longest, default="")


class MissingProfileWriteSerializer(serializers.Serializer[object]):
    """A new version of the profile: every field (an empty one is empty in the version)."""

    description = _text()
    photo_reference = _text(200)
    associates = _text()
    places_frequented = _text()
    previous_episodes = _text()
    phones = _text()
    social_media = _text()
    transport = _text()
    other_information = _text()


class MissingReportSerializer(serializers.Serializer[object]):
    reported_at = serializers.DateTimeField()
    missing_from = _text(300)
    from_placement = serializers.BooleanField(required=False, default=False)


def _premises() -> serializers.CharField:
    # Checked by the service (a 422 naming the field), so the schema holds no second
    # copy of the vocabulary's enum.
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        default="",
        help_text=f"the kind of place, one of: {', '.join(v for v, _ in PREMISES if v)}",
    )


class MissingReturnSerializer(serializers.Serializer[object]):
    returned_at = serializers.DateTimeField()
    found_where = _text(300)
    found_postcode = _text(10)
    found_premises_type = _premises()
    found_with = _text()
    how_returned = _text(300)


class MissingInterviewWriteSerializer(serializers.Serializer[object]):
    outcome = serializers.ChoiceField(choices=ReturnInterview.Outcome.choices)
    offered_at = serializers.DateTimeField()
    held_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    where_been = _text(300)
    where_postcode = _text(10)
    where_premises_type = _premises()
    with_whom = _text()
    how_travelled = _text(300)
    vehicle_registration = _text(10)
    phone = _text(30)
    harm = _text()
    account = _text()


# ---------------------------------------------------------------- the views


class ProfileView(APIView):
    """A child's Philomena profile: to their carers, and to the police while the child is
    missing; a new version by their social worker or carer's agency."""

    @extend_schema(
        operation_id="missing_profile_retrieve",
        parameters=[PERSON_ID],
        responses={200: MissingProfileSerializer, **_CHILD},
    )
    def get(self, request: Request, person_id: str) -> Response:
        page = _page(viewer_of(request), person_id, "api_missing_profile")
        return Response(MissingProfileSerializer(page).data)

    @extend_schema(
        operation_id="missing_profile_write",
        request=MissingProfileWriteSerializer,
        parameters=[PERSON_ID],
        responses={200: MissingProfileSerializer, **BAD_INPUT, **_CHILD},
    )
    def put(self, request: Request, person_id: str) -> Response:
        viewer = viewer_of(request)
        child = _id(person_id)
        form = MissingProfileWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            services.profile_write(actor=viewer.user, person_id=child, **form.validated_data)
        except ValidationError as error:
            return refused(error)
        return Response(
            MissingProfileSerializer(_page(viewer, person_id, "api_missing_profile")).data
        )


class EpisodesView(APIView):
    """A child's missing episodes with their interviews, as the caller may see them; and
    reporting the child missing (anyone of a data role who may open them)."""

    @extend_schema(
        operation_id="missing_episodes_list",
        parameters=[PERSON_ID],
        responses={200: MissingEpisodesSerializer, **_CHILD},
    )
    def get(self, request: Request, person_id: str) -> Response:
        page = _page(viewer_of(request), person_id, "api_missing_episodes")
        return Response(MissingEpisodesSerializer(page).data)

    @extend_schema(
        operation_id="missing_episodes_report",
        request=MissingReportSerializer,
        parameters=[PERSON_ID],
        responses={201: MissingEpisodeSerializer, **BAD_INPUT, **_CHILD},
    )
    def post(self, request: Request, person_id: str) -> Response:
        viewer = viewer_of(request)
        child = _id(person_id)
        form = MissingReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return written(
            lambda: services.episode_report(
                actor=viewer.user, person_id=child, **form.validated_data
            ),
            MissingEpisodeSerializer,
        )


class ReturnView(APIView):
    """The child is back: by the agency that recorded the episode."""

    @extend_schema(
        operation_id="missing_episodes_return",
        request=MissingReturnSerializer,
        parameters=[EPISODE_ID],
        responses={200: MissingEpisodeSerializer, **BAD_INPUT, **_EPISODE},
    )
    def post(self, request: Request, episode_id: str) -> Response:
        viewer = viewer_of(request)
        episode = queries.episode_for(viewer, _id(episode_id), route="api_episode_return")
        form = MissingReturnSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return written(
            lambda: services.episode_return(
                actor=viewer.user, episode=episode, **form.validated_data
            ),
            MissingEpisodeSerializer,
            created=False,
        )


class InterviewView(APIView):
    """The episode's return home interview, held or declined (a practitioner or
    supervisor who may open the child)."""

    @extend_schema(
        operation_id="missing_episodes_interview",
        request=MissingInterviewWriteSerializer,
        parameters=[EPISODE_ID],
        responses={201: MissingInterviewSerializer, **BAD_INPUT, **_EPISODE},
    )
    def post(self, request: Request, episode_id: str) -> Response:
        viewer = viewer_of(request)
        episode = queries.episode_for(viewer, _id(episode_id), route="api_rhi_record")
        form = MissingInterviewWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return written(
            lambda: services.rhi_record(actor=viewer.user, episode=episode, **form.validated_data),
            MissingInterviewSerializer,
        )


class OverviewView(APIView):
    """Children missing now and return home interviews overdue and due, by agency, with
    the share offered within 72 hours: lists of the children the caller may open,
    figures with small numbers suppressed."""

    @extend_schema(
        operation_id="missing_overview",
        responses={
            200: MissingOverviewSerializer,
            **refusal("the caller may not see personal data"),
        },
    )
    def get(self, request: Request) -> Response:
        viewer = viewer_of(request)
        require_data_role(viewer, route="api_missing_overview")
        overview = queries.missing_overview(viewer, timezone.now())
        return Response(MissingOverviewSerializer(overview).data)
