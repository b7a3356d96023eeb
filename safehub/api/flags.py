"""Screening flags' API (under /api/v1/flags/): the triage queue, a young person's
screening with its evidence, and the meeting's outcome. Thin — authenticate, call
safehub.screening (which applies the policy, the rule for actions and audits), serialise.

A flag is named by its young person's id. Evidence the caller may not see is named by
the agency holding it, as on the page; the score is the score all the evidence gave.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.api.base import ERRORS, ErrorSerializer, viewer_of
from safehub.api.pagination import OpenApi31Pagination
from safehub.records.queries.opening import TooManyOutsideCase
from safehub.records.queries.visible import require_data_role
from safehub.screening import evidence, queue, triage
from safehub.screening.models import Flag, FlagDecision

_ERRORS = {
    **ERRORS,
    404: OpenApiResponse(
        ErrorSerializer,
        description="no flag, or a young person the caller may not open (the same answer; "
        "refusals are audited)",
    ),
}
PERSON_ID = OpenApiParameter("person_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
TOO_MANY = (
    "You have opened unusually many people outside your cases today; the auditor has been told."
)


class QueueRowSerializer(serializers.Serializer[queue.QueueRow]):
    person_id = serializers.UUIDField()
    name = serializers.CharField(help_text="from the records the caller may see")
    date_of_birth = serializers.CharField(allow_blank=True)
    status = serializers.CharField(help_text="New, New evidence or Review due")
    harm = serializers.BooleanField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="the rules' words")
    raised_on = serializers.DateField()
    new_evidence = serializers.IntegerField(help_text="matches since the last decision")
    in_network = serializers.BooleanField(
        help_text="a member of a network around suspects in the last build"
    )


class FactSerializer(serializers.Serializer[evidence.Fact]):
    occurred_on = serializers.DateField()
    event = serializers.CharField(source="label", help_text="what happened, e.g. missing episode")
    summary = serializers.CharField(allow_blank=True)
    words = serializers.ListField(child=serializers.CharField(), help_text="phrases matched")
    agency = serializers.CharField(source="source.agency")
    agency_name = serializers.CharField(source="source.agency_name")
    extract_id = serializers.CharField(source="source.extract_id")


class RuleSerializer(serializers.Serializer[evidence.RuleView]):
    code = serializers.CharField()
    words = serializers.CharField()
    kind = serializers.CharField()
    weight = serializers.FloatField()
    window_days = serializers.IntegerField()
    facts = FactSerializer(many=True)
    held_by = serializers.ListField(
        child=serializers.CharField(), help_text="agencies holding evidence the caller may not see"
    )


class DecisionViewSerializer(serializers.Serializer[evidence.DecisionView]):
    outcome = serializers.CharField()
    reason = serializers.CharField()
    review_on = serializers.DateField(allow_null=True)
    case_id = serializers.IntegerField(allow_null=True)
    decided_by = serializers.CharField()
    decided_at = serializers.DateTimeField()


class ScreeningSerializer(serializers.Serializer[evidence.ScreeningPage]):
    person_id = serializers.UUIDField()
    name = serializers.CharField(source="display_name")
    status = serializers.CharField(source="flag.status", allow_null=True, default=None)
    score = serializers.FloatField(source="screening.latest_score", default=None)
    scored_on = serializers.DateField(source="screening.latest_on", default=None)
    first_flagged_on = serializers.DateField(source="screening.first_flagged_on", default=None)
    first_score = serializers.FloatField(source="screening.score", default=None)
    rules_version = serializers.CharField(source="screening.rules_version", default=None)
    evidence = RuleSerializer(many=True, source="latest")
    evidence_when_first_flagged = RuleSerializer(many=True, source="first")
    new_evidence = RuleSerializer(many=True, source="new")
    decisions = DecisionViewSerializer(many=True)


class FilterSerializer(serializers.Serializer[object]):
    """The queue's filters, as query parameters."""

    hub = serializers.IntegerField(required=False, help_text="a hub's id")
    district = serializers.RegexField(
        r"^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$",
        required=False,
        help_text="a postcode district (outward code), e.g. M14",
    )
    agency = serializers.IntegerField(
        required=False, help_text="known to this agency (a record the caller may see)"
    )
    age = serializers.ChoiceField(choices=list(queue.AGE_BANDS), required=False)

    def filters(self) -> queue.Filters:
        data = self.validated_data
        return queue.Filters(
            hub=data.get("hub"),
            district=data.get("district", "").upper(),
            agency=data.get("agency"),
            age=data.get("age", ""),
        )


class DecideSerializer(serializers.Serializer[object]):
    outcome = serializers.ChoiceField(choices=FlagDecision.Outcome.choices)
    reason = serializers.CharField(max_length=4000)
    review_on = serializers.DateField(required=False, allow_null=True, default=None)


class DecidedSerializer(serializers.Serializer[FlagDecision]):
    id = serializers.IntegerField()
    outcome = serializers.CharField()
    reason = serializers.CharField()
    review_on = serializers.DateField(allow_null=True)
    case_id = serializers.IntegerField(allow_null=True)
    decided_by = serializers.CharField(source="decided_by.username")
    decided_at = serializers.DateTimeField()


class FlagListView(APIView):
    """Flags waiting for the meeting, harm first then score (filters as on the page)."""

    pagination_class = OpenApi31Pagination

    @extend_schema(
        operation_id="flags_list",
        parameters=[FilterSerializer],
        responses={
            200: QueueRowSerializer(many=True),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="the filters at fault"),
            **_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        viewer = viewer_of(request)
        require_data_role(viewer, route="api_flag_list")
        # A plain dict: from a QueryDict, DRF would take an empty value as left out.
        form = FilterSerializer(data=request.query_params.dict())
        form.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        flags = queue.queue_flags(viewer, form.filters())
        page = paginator.paginate_queryset(flags, request, view=self) or []
        rows = queue.queue_rows(viewer, list(page), route="api_flag_list")
        return paginator.get_paginated_response([QueueRowSerializer(r).data for r in rows])


def _person(person_id: str) -> UUID:
    try:
        return UUID(person_id)
    except ValueError:
        raise NotFound("Not found") from None


class FlagDetailView(APIView):
    """A young person's screening: the score and, per rule, the evidence behind it."""

    @extend_schema(
        operation_id="flags_retrieve",
        parameters=[PERSON_ID],
        responses={200: ScreeningSerializer, **_ERRORS},
    )
    def get(self, request: Request, person_id: str) -> Response:
        viewer = viewer_of(request)
        try:
            page = evidence.screening_page(viewer, _person(person_id))
        except TooManyOutsideCase:
            raise Throttled(detail=TOO_MANY) from None
        if page.screening is None and page.flag is None:
            raise NotFound("No flag for this person.")
        return Response(ScreeningSerializer(page).data)


class FlagDecisionView(APIView):
    """Record the meeting's outcome (supervisors and hub managers who may open them)."""

    @extend_schema(
        operation_id="flags_decide",
        request=DecideSerializer,
        parameters=[PERSON_ID],
        responses={
            201: DecidedSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="the fields at fault"),
            **_ERRORS,
        },
    )
    def post(self, request: Request, person_id: str) -> Response:
        viewer = viewer_of(request)
        flag = Flag.objects.filter(person_id=_person(person_id)).select_related("person").first()
        if flag is None:  # as a refusal answers (safehub.access.actions.ActionRefused)
            raise NotFound("Not found")
        form = DecideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            decision = triage.flag_decide(
                actor=viewer.user,
                flag=flag,
                outcome=data["outcome"],
                reason=data["reason"],
                review_on=data["review_on"],
            )
        except ValidationError as error:
            return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(DecidedSerializer(decision).data, status=status.HTTP_201_CREATED)
