"""Pages of the partnership dashboard: the figures, the list behind each, and the CSV
export. Thin: parse the filters, call the queries (which apply the policy, the
small-numbers rule and the audit), render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safehub.access.actions import Action, can
from safehub.agencies.hubs import hub_of
from safehub.dashboard import export
from safehub.dashboard.forms import DashboardFilterForm, FigureListForm
from safehub.dashboard.queries.figures import BY_SLUG, dashboard, filter_params
from safehub.dashboard.queries.lists import figure_list
from safehub.records.views import viewer_of


@require_safe
def dashboard_page(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = DashboardFilterForm(request.GET or None, hub_id=hub_of(viewer.user))
    filters = form.filters()
    views = dashboard(viewer, filters, route="dashboard")
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "nav": "dashboard",
            "form": form,
            "views": views,
            "charts": [view.chart() for view in views],
            "query": urlencode(filter_params(filters)),
            "complete": all(view.complete for view in views),
            "may_export": can(viewer, Action.DASHBOARD_EXPORT),
        },
        status=422 if form.errors else 200,
    )


@require_safe
def dashboard_figure(request: HttpRequest, figure: str) -> HttpResponse:
    """The flags, people, concerns or actions behind one figure, as the viewer may see them."""
    viewer = viewer_of(request)
    shown = BY_SLUG.get(figure)
    if shown is None:
        raise Http404("No such figure")
    form = FigureListForm(request.GET or None, hub_id=hub_of(viewer.user), figure=shown)
    valid = form.is_bound and form.is_valid()
    listed = figure_list(
        viewer,
        shown,
        form.filters(),
        series=form.cleaned_data.get("series", "") if valid else "",
        category=form.cleaned_data.get("category", "") if valid else "",
        page=(form.cleaned_data.get("page") or 1) if valid else 1,
        route="dashboard_figure",
    )
    params = {
        **filter_params(listed.filters),
        "series": form.cleaned_data.get("series", "") if valid else "",
        "category": form.cleaned_data.get("category", "") if valid else "",
    }
    return render(
        request,
        "dashboard/figure.html",
        {
            "nav": "dashboard",
            "form": form,
            "listed": listed,
            # The dashboard of the same hub and district (its own period).
            "back": urlencode({k: params[k] for k in ("hub", "district")}),
            "query": urlencode(params),
            # The series and column the list is behind, kept when the filters change.
            "keep": [(k, params[k]) for k in ("series", "category") if params[k]],
        },
        status=422 if form.errors else 200,
    )


@require_safe
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The figures as a CSV file, as the page shows them; audited as an export."""
    viewer = viewer_of(request)
    form = DashboardFilterForm(request.GET or None, hub_id=hub_of(viewer.user))
    made = export.dashboard_csv(viewer, form.filters(), route="dashboard_export")
    response = HttpResponse(made, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dashboard.csv"'
    return response
