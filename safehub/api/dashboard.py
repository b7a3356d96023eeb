"""The partnership dashboard's API (GET /api/v1/dashboard/): every figure as the page
shows it to the caller — small numbers suppressed by the same rule — with the address of
the list behind each. Thin: read the filters, call safehub.dashboard (which applies the
policy, the small-numbers rule and the audit), serialise.

The page refuses a period it cannot draw; the API takes any dates and says the period it
used: the two dates in either order, kept within 2000 to 2100, and a period longer than 3
years cut to its last 3 years.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.agencies.hubs import hub_of
from safehub.api.base import ERRORS, ErrorSerializer, user_of, viewer_of
from safehub.dashboard.forms import DISTRICT, EARLIEST
from safehub.dashboard.periods import LONGEST, Period
from safehub.dashboard.queries.figures import Cell, FigureView, dashboard
from safehub.dashboard.queries.scope import Filters

LATEST = date(2100, 12, 31)
HUB_MAX = 2**31 - 1
_ERRORS = {
    **ERRORS,
    404: OpenApiResponse(
        ErrorSerializer, description="the caller is of no agency or partner organisation"
    ),
}


class QuerySerializer(serializers.Serializer[object]):
    hub = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=HUB_MAX,
        help_text="a hub's id; left out: the caller's own hub (a hub that does not exist "
        "holds nothing)",
    )
    every_hub = serializers.BooleanField(
        required=False, default=False, help_text="every hub of the partnership (overrides hub)"
    )
    district = serializers.RegexField(
        DISTRICT, required=False, help_text="a postcode district (outward code), e.g. M14"
    )
    # "from" is a Python keyword: the field is named so in the query (see `fields`).
    start = serializers.DateField(required=False, help_text="the period's first day")
    to = serializers.DateField(required=False, help_text="the period's last day")


class ShownSerializer(serializers.Serializer[Cell]):
    value = serializers.FloatField(
        source="shown.value", allow_null=True, help_text="the number shown; null: suppressed"
    )
    words = serializers.CharField(source="shown.words", help_text='"7", "about 10", …')
    state = serializers.ChoiceField(
        source="shown.state", choices=["exact", "rounded", "suppressed"]
    )
    list = serializers.CharField(help_text="the page listing what is behind it")


class LineSerializer(serializers.Serializer[object]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field's own
    cells = ShownSerializer(many=True, help_text="one per column")
    total = ShownSerializer(help_text="the whole period (each thing once)")


class ColumnSerializer(serializers.Serializer[object]):
    key = serializers.CharField(help_text="a column's first day, or an agency's id")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field's own


class FigureSerializer(serializers.Serializer[object]):
    slug = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    measure = serializers.ChoiceField(choices=["count", "median"])
    axis = serializers.ChoiceField(choices=["Week", "Month", "Agency"])
    complete = serializers.BooleanField(help_text="the caller may see everything behind it")
    columns = ColumnSerializer(many=True)
    series = LineSerializer(many=True)
    shares = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        help_text="per column then the whole period: the share the figure defines, or empty",
    )


class PeriodSerializer(serializers.Serializer[object]):
    start = serializers.DateField()
    end = serializers.DateField()


class DashboardSerializer(serializers.Serializer[object]):
    period = PeriodSerializer()
    hub = serializers.IntegerField(allow_null=True, help_text="null: every hub")
    district = serializers.CharField(allow_blank=True)
    figures = FigureSerializer(many=True)


def _period(start: date | None, end: date | None) -> Period:
    default = Period.last_weeks(timezone.localdate())
    first = min(max(start or default.start, EARLIEST), LATEST)
    last = min(max(end or default.end, EARLIEST), LATEST)
    first, last = min(first, last), max(first, last)
    return Period(max(first, last - LONGEST + timedelta(days=1)), last)


def _figure(view: FigureView) -> dict[str, Any]:
    href = reverse("dashboard_figure", kwargs={"figure": view.figure.slug})

    def cell(shown: Cell) -> dict[str, Any]:
        return {"shown": shown.shown, "list": f"{href}?{shown.query}"}

    return {
        "slug": view.figure.slug,
        "title": view.figure.title,
        "definition": view.figure.definition,
        "measure": view.figure.measure,
        "axis": view.axis,
        "complete": view.complete,
        "columns": [{"key": key, "label": label} for key, label in view.columns],
        "series": [
            {
                "key": line.key,
                "label": line.label,
                "cells": [cell(c) for c in line.cells],
                "total": cell(line.total),
            }
            for line in view.lines
        ],
        "shares": view.shares,
    }


class DashboardView(APIView):
    """Every figure of the partnership dashboard, as the caller may be told it."""

    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=[
            OpenApiParameter(
                "hub",
                {"type": "integer", "minimum": 1, "maximum": HUB_MAX},
                description="a hub's id; left out: the caller's own",
            ),
            OpenApiParameter("every_hub", OpenApiTypes.BOOL, description="every hub"),
            OpenApiParameter(
                "district",
                {"type": "string", "pattern": DISTRICT},
                description="a postcode district (outward code), e.g. M14",
            ),
            OpenApiParameter("from", OpenApiTypes.DATE, description="the period's first day"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="the period's last day"),
        ],
        responses={
            200: DashboardSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="the parameters at fault"),
            **_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        viewer = viewer_of(request)
        data = request.query_params.dict()  # a plain dict: DRF reads "" as left out otherwise
        if "from" in data:
            data["start"] = data.pop("from")
        asked = QuerySerializer(data=data)
        if not asked.is_valid():  # the fields at fault, by the names the caller gave
            errors = dict(asked.errors)
            raise ValidationError({("from" if k == "start" else k): v for k, v in errors.items()})
        given = asked.validated_data
        hub = None if given["every_hub"] else given.get("hub", hub_of(user_of(request)))
        filters = Filters(
            _period(given.get("start"), given.get("to")),
            hub,
            given.get("district", "").upper(),
        )
        views = dashboard(viewer, filters, route="api_dashboard")
        body = {
            "period": {"start": filters.period.start, "end": filters.period.end},
            "hub": filters.hub,
            "district": filters.district,
            "figures": [_figure(view) for view in views],
        }
        return Response(DashboardSerializer(body).data)
