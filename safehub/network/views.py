"""Pages of the network: the overview of the last build, the chart around a person or a
thing (with its table), its exports, and asking for a new build. Thin: parse, call,
render."""

from __future__ import annotations

import dataclasses
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from safehub.access.actions import Action, can, require
from safehub.network import exports, tasks
from safehub.network.forms import FORMATS, TYPE_WORDS, ChartForm, ExportForm, PathForm
from safehub.network.queries.chart import chart_open
from safehub.network.queries.connection import connection
from safehub.network.queries.overview import network_overview as overview_of
from safehub.network.queries.shapes import as_json
from safehub.records.queries import opening
from safehub.records.queries.visible import require_data_role
from safehub.records.views import too_many_page, viewer_of


@require_safe
def network_overview(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    shown = overview_of(viewer, route="network_overview")
    return render(request, "network/overview.html", {"nav": "network", "page": shown})


@require_http_methods(["POST"])
def network_build_start(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    tasks.network_build_request(actor=viewer.user, route="network_build_start")
    messages.success(request, "A new build of the network is queued; this page shows it when done.")
    return redirect("network_overview")


@require_safe
def network_chart(request: HttpRequest) -> HttpResponse:
    """The chart around any node (`?focus=phone:…`), and the nodes expanded from it."""
    return _chart_page(request, request.GET)


@require_safe
def network_person_chart(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """The chart opened from a person (their page, a flag, the overview)."""
    data = request.GET.copy()
    data["focus"] = f"person:{person_id}"
    return _chart_page(request, data)


def _chart_page(request: HttpRequest, data: QueryDict) -> HttpResponse:
    viewer = viewer_of(request)
    require_data_role(viewer, route="network_chart")
    form = ChartForm(data)
    if not form.is_valid():
        return render(request, "network/chart.html", {"nav": "network", "form": form}, status=422)
    try:
        chart = chart_open(viewer, form.ask(), route="network_chart")
    except opening.TooManyOutsideCase:
        return too_many_page(request)
    labels = {n.id: n.label for n in chart.nodes}
    return render(
        request,
        "network/chart.html",
        {
            "nav": "network",
            "form": form,
            "chart": chart,
            "elements": as_json(chart),
            "nodes": [(n, _expand_url(request, n.id)) for n in chart.nodes],
            "ties": [
                {
                    "edge": e,
                    "source_label": labels[e.source],
                    "target_label": labels[e.target],
                    "type_words": TYPE_WORDS.get(e.type, e.type),
                }
                for e in chart.edges
            ],
            "can_export": can(viewer, Action.NETWORK_EXPORT),
            "people_here": [n for n in chart.nodes if n.person_id],
            "formats": FORMATS,
        },
    )


def _expand_url(request: HttpRequest, node: str) -> str:
    query = request.GET.copy()
    query.appendlist("expand", node)
    return f"{request.path}?{query.urlencode()}"


@require_safe
def network_path(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    require_data_role(viewer, route="network_path")
    form = PathForm(request.GET)
    if not form.is_valid():
        return render(request, "network/path.html", {"nav": "network", "form": form}, status=422)
    found = connection(viewer, form.cleaned_data["a"], form.cleaned_data["b"], route="network_path")
    return render(
        request,
        "network/path.html",
        {
            "nav": "network",
            "form": form,
            "found": found,
            "in_order": [(step, TYPE_WORDS.get(step.tie, step.tie)) for step in found.in_order],
            "shortest": [(step, TYPE_WORDS.get(step.tie, step.tie)) for step in found.shortest],
        },
    )


@require_http_methods(["POST"])
def network_chart_export(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = ExportForm(request.POST)
    if not form.is_valid():
        return render(request, "network/chart.html", {"nav": "network", "form": form}, status=422)
    # Break-glass opens one person for one emergency, never a bulk export (security #5).
    plain = dataclasses.replace(viewer, break_glass=frozenset())
    require(viewer.user, Action.NETWORK_EXPORT, route="network_chart_export")
    chart = chart_open(plain, form.ask(), route="network_chart_export")
    made = exports.network_export(
        viewer.user, chart, fmt=form.cleaned_data["format"], route="network_chart_export"
    )
    response = HttpResponse(made.body, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response
