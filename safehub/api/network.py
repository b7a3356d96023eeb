"""The network's API (under /api/v1/network/): the chart around a person or a thing, as
the page draws it. Thin — authenticate, call safehub.network (which applies the policy
and audits), answer. What the caller may not see is not in the answer; the agencies
holding it are named with a count, a band under 5."""

from __future__ import annotations

from uuid import UUID

from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.api.base import ERRORS, ErrorSerializer, viewer_of
from safehub.network.forms import NODE_MAX, NODE_PATTERN, TYPE_WORDS, ChartForm
from safehub.network.queries.chart import GRADINGS, chart_open
from safehub.network.queries.shapes import as_json
from safehub.records.queries.opening import TooManyOutsideCase
from safehub.records.queries.visible import require_data_role

TOO_MANY = (
    "You have opened unusually many people outside your cases today; the auditor has been told."
)
_ERRORS = {
    **ERRORS,
    404: OpenApiResponse(
        ErrorSerializer,
        description="a person the caller may not open, or a thing they see nothing of "
        "(the same answer; refusals are audited)",
    ),
}
# A node's key: its kind, a colon, its value (forms.py checks the same).
NODE_SCHEMA = {"type": "string", "pattern": NODE_PATTERN, "maxLength": NODE_MAX}
PARAMETERS = [
    OpenApiParameter(
        "focus",
        NODE_SCHEMA,
        required=True,
        allow_blank=False,
        description="the node opened: person:<uuid>, phone:+447…, vehicle:AB12CDE, place:NV29XX",
    ),
    OpenApiParameter(
        "expand",
        {"type": "array", "items": NODE_SCHEMA},
        style="form",
        explode=True,
        description="nodes expanded",
    ),
    OpenApiParameter("since", OpenApiTypes.DATE, description="ties with a date on or after"),
    OpenApiParameter("until", OpenApiTypes.DATE, description="ties with a date on or before"),
    OpenApiParameter("type", OpenApiTypes.STR, many=True, enum=list(TYPE_WORDS)),
    OpenApiParameter("grading", OpenApiTypes.STR, many=True, enum=list(GRADINGS)),
]


class ProvenanceSerializer(serializers.Serializer[object]):
    agency = serializers.CharField()
    reference = serializers.CharField(allow_blank=True, help_text="the agency's event id")
    what = serializers.CharField()
    on = serializers.DateField(allow_null=True)


class NodeDataSerializer(serializers.Serializer[object]):
    id = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field's own
    suspect = serializers.BooleanField()
    young = serializers.BooleanField()
    focus = serializers.BooleanField()
    person_id = serializers.CharField(allow_blank=True)


class NodeSerializer(serializers.Serializer[object]):
    data = NodeDataSerializer()  # type: ignore[assignment]  # Cytoscape's own name


class EdgeDataSerializer(serializers.Serializer[object]):
    id = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    target = serializers.CharField()
    type = serializers.ChoiceField(choices=list(TYPE_WORDS))
    weight = serializers.IntegerField(help_text="facts the caller may see")
    first = serializers.DateField(allow_null=True)
    last = serializers.DateField(allow_null=True)
    grading = serializers.ChoiceField(choices=list(GRADINGS))
    provenance = ProvenanceSerializer(many=True)


class EdgeSerializer(serializers.Serializer[object]):
    data = EdgeDataSerializer()  # type: ignore[assignment]


class ElementsSerializer(serializers.Serializer[object]):
    nodes = NodeSerializer(many=True)
    edges = EdgeSerializer(many=True)


class WithheldSerializer(serializers.Serializer[object]):
    agency = serializers.CharField()
    nodes = serializers.CharField(help_text="people and things not drawn: a number, or a band")
    ties = serializers.CharField(help_text="ties not drawn: a number, or a band")


class ChartSerializer(serializers.Serializer[object]):
    focus = serializers.ListField(child=serializers.CharField())
    title = serializers.CharField(allow_blank=True)
    elements = ElementsSerializer(help_text="Cytoscape.js elements")
    withheld = WithheldSerializer(many=True)
    more = serializers.IntegerField(help_text="people and things left out to stay readable")


def _chart(request: Request, data: QueryDict, route: str) -> Response:
    viewer = viewer_of(request)
    require_data_role(viewer, route=route)
    form = ChartForm(data)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    try:
        chart = chart_open(viewer, form.ask(), route=route)
    except TooManyOutsideCase:
        raise Throttled(detail=TOO_MANY) from None
    return Response(as_json(chart))


class ChartView(APIView):
    """The chart around any node and the nodes expanded from it."""

    @extend_schema(
        operation_id="network_chart",
        parameters=PARAMETERS,
        responses={
            200: ChartSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="the parameters at fault"),
            **_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        return _chart(request, request.query_params, "api_network_chart")


class PersonChartView(APIView):
    """The chart opened from a person, and the nodes expanded from it."""

    @extend_schema(
        operation_id="persons_network",
        parameters=[
            OpenApiParameter("person_id", OpenApiTypes.UUID, OpenApiParameter.PATH),
            *PARAMETERS[1:],
        ],
        responses={
            200: ChartSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="the parameters at fault"),
            **_ERRORS,
        },
    )
    def get(self, request: Request, person_id: str) -> Response:
        try:
            focus = f"person:{UUID(person_id)}"
        except ValueError:
            raise NotFound("Not found") from None
        data = request.query_params.copy()
        data["focus"] = focus
        return _chart(request, data, "api_person_network")
