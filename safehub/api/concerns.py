"""Quick concerns' API (under /api/v1/concerns/): pass one on, and read back the ones the
caller sent — as they sent them, with nothing the hub holds. Thin: the same form checks
the input as on the page, the same service writes it (the rule for actions, the hourly
limit, the records it becomes, the audit).

Bad input is a 400 naming each field; the hourly limit a 422; a caller who may not pass
on concerns, or someone else's reference, the JSON 404 of a missing one.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.access.actions import Action, require
from safehub.api.base import viewer_of
from safehub.api.operation_serializers import BAD_INPUT, not_found, refusal, written
from safehub.api.pagination import OpenApi31Pagination
from safehub.concerns import queries, services
from safehub.concerns.forms import LONGEST_TEXT, PREMISES, ConcernForm
from safehub.concerns.models import Concern

REFERENCE = OpenApiParameter("reference", OpenApiTypes.STR, OpenApiParameter.PATH)


class ConcernInSerializer(serializers.Serializer[dict[str, object]]):
    """What a concern may say: `what_seen` is required, the rest optional. Checked as the
    page's form checks it."""

    what_seen = serializers.CharField(max_length=LONGEST_TEXT)
    seen_on = serializers.DateField(required=False, help_text="today if not given")
    seen_at = serializers.TimeField(required=False)
    name_as_known = serializers.CharField(max_length=200, required=False, allow_blank=True)
    nickname = serializers.CharField(max_length=100, required=False, allow_blank=True)
    age_guess = serializers.IntegerField(min_value=1, max_value=99, required=False)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    place_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    premises_type = serializers.ChoiceField(
        choices=[value for value, _ in PREMISES], required=False, allow_blank=True
    )
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    vehicle_registration = serializers.CharField(max_length=12, required=False, allow_blank=True)
    vehicle_make = serializers.CharField(max_length=60, required=False, allow_blank=True)
    vehicle_colour = serializers.CharField(max_length=30, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    handle = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def get_fields(self) -> dict[str, serializers.Field]:  # type: ignore[type-arg]
        fields = super().get_fields()
        # `source` is a Field's own attribute: declared here, not as a class attribute.
        fields["source"] = serializers.ChoiceField(
            choices=Concern.Source.choices, required=False, help_text="seen (default) or told"
        )
        return fields


class ConcernSerializer(serializers.ModelSerializer[Concern]):
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = Concern
        fields = (
            "reference", "submitted_at", "agency", "what_seen", "seen_on", "seen_at",
            "name_as_known", "nickname", "age_guess", "description", "place_name",
            "premises_type", "postcode", "vehicle_registration", "vehicle_make",
            "vehicle_colour", "phone", "handle", "source",
        )  # fmt: skip


class ConcernListView(APIView):
    """The concerns the caller sent, newest first; and passing one on."""

    pagination_class = OpenApi31Pagination

    @extend_schema(
        operation_id="concerns_list",
        responses={200: ConcernSerializer(many=True), **refusal("the caller may not send one")},
    )
    def get(self, request: Request) -> Response:
        viewer = viewer_of(request)
        require(viewer, Action.CONCERN_SUBMIT, route="api_concern_list")
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(queries.own_concerns(viewer.user), request, view=self)
        return paginator.get_paginated_response([ConcernSerializer(c).data for c in rows or []])

    @extend_schema(
        operation_id="concerns_create",
        request=ConcernInSerializer,
        responses={
            201: ConcernSerializer,
            **BAD_INPUT,
            **refusal("the caller may not pass on concerns"),
        },
    )
    def post(self, request: Request) -> Response:
        viewer = viewer_of(request)
        require(viewer, Action.CONCERN_SUBMIT, route="api_concern_create")
        shape = ConcernInSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        sent = request.data if isinstance(request.data, dict) else {}
        form = ConcernForm(data={k: v for k, v in sent.items() if k in shape.fields})
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        return written(
            lambda: services.concern_submit(actor=viewer.user, data=form.cleaned_data),
            ConcernSerializer,
        )


class ConcernDetailView(APIView):
    """One concern the caller sent, as they sent it."""

    @extend_schema(
        operation_id="concerns_retrieve",
        parameters=[REFERENCE],
        responses={200: ConcernSerializer, **not_found("concern")},
    )
    def get(self, request: Request, reference: str) -> Response:
        viewer = viewer_of(request)
        return Response(ConcernSerializer(queries.own_concern(viewer.user, reference)).data)
