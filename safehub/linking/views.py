"""Linking pages: the review queue, a pair side by side, why a person's records are one
person (and challenging a join), trace search, the model and runs. Thin: parse, call
queries or services, render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safehub.access.actions import Action, can, refuse_route, require
from safehub.access.policy import Viewer
from safehub.agencies.models import Role
from safehub.linking import decisions, held_elsewhere, joins, queries, tasks, trace
from safehub.linking import possible_duplicates as possible
from safehub.linking.forms import (
    JoinChallengeForm,
    LinkDecisionForm,
    LinkRunForm,
    TraceForm,
    TraceRequestForm,
)
from safehub.linking.models import LinkDecision
from safehub.linking.services.run_state import link_run_progress
from safehub.records.queries import opening, visible
from safehub.records.views import too_many_page, viewer_of

# The model and the runs (counts, no personal data): who runs linking and who reviews it.
OVERVIEW_ROLES = frozenset({Role.HUB_MANAGER, Role.SUPERVISOR, Role.ANALYST, Role.LINKAGE})


def _page(
    request: HttpRequest,
    template: str,
    context: dict[str, object],
    status: int = 200,
    *,
    nav: str = "review_links",
) -> HttpResponse:
    return render(request, template, {"nav": nav, **context}, status=status)


# ---------------------------------------------------------------- review


@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    queries.require_reviewer(viewer, route="link_review_queue")
    page = Paginator(queries.review_queue(viewer), 50).get_page(request.GET.get("page"))
    return _page(
        request,
        "linking/review_queue.html",
        {"page": page, "entries": queries.review_entries(viewer, list(page.object_list))},
    )


@require_safe
def possible_duplicates(request: HttpRequest) -> HttpResponse:
    """Pairs of the viewer's agency's records a reviewer decided are one person."""
    viewer = viewer_of(request)
    route = "link_possible_duplicates"
    found = possible.possible_duplicates_for(viewer, route=route)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    rows = possible.shown(viewer, list(page.object_list), route=route)
    return _page(request, "linking/possible_duplicates.html", {"page": page, "rows": rows})


@require_safe
def possible_duplicates_csv(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    route = "link_possible_duplicates_csv"
    rows = possible.shown(
        viewer,
        list(possible.possible_duplicates_for(viewer, route=route)),
        route=route,
        export=True,
    )
    response = HttpResponse(
        possible.possible_duplicates_csv(rows), content_type="text/csv; charset=utf-8"
    )
    name = f"possible-duplicates-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pair_page(
    request: HttpRequest,
    viewer: Viewer,
    pair_id: int,
    form: LinkDecisionForm | None,
    *,
    status: int = 200,
    meanwhile: LinkDecision | None = None,
) -> HttpResponse:
    pair = queries.review_pair_for(viewer, pair_id, route="link_review_pair")
    view = queries.review_pair_view(viewer, pair)
    if form is None:
        form = LinkDecisionForm(initial={"seen": view.latest_decision_pk})
    return _page(
        request,
        "linking/review_pair.html",
        {"view": view, "form": form, "meanwhile": meanwhile},
        status=status,
    )


@require_safe
def review_pair(request: HttpRequest, pair_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    return _pair_page(request, viewer, pair_id, None)


@require_POST
def review_decide(request: HttpRequest, pair_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    pair = queries.review_pair_for(viewer, pair_id, route="link_review_decide")
    form = LinkDecisionForm(request.POST)
    if not form.is_valid():
        return _pair_page(request, viewer, pair_id, form, status=422)
    try:
        decisions.link_decision_record(
            actor=viewer.user,
            left=pair.left,
            right=pair.right,
            verdict=form.cleaned_data["verdict"],
            note=form.cleaned_data["note"],
            pair=pair,
            seen=form.cleaned_data["seen"],
        )
    except ValidationError as error:  # a "seen" decision this pair never had
        form.add_error(None, "; ".join(error.messages))
        return _pair_page(request, viewer, pair_id, form, status=422)
    except decisions.DecidedMeanwhile as meanwhile:
        # Keep what the reviewer chose and wrote; show what was decided; saving again
        # (having seen it) records theirs after it.
        again = LinkDecisionForm(initial={**form.cleaned_data, "seen": meanwhile.latest.pk})
        return _pair_page(request, viewer, pair_id, again, status=409, meanwhile=meanwhile.latest)
    messages.success(request, "Your decision is recorded. The next link run applies it.")
    return HttpResponseRedirect(reverse("link_review_queue"), status=303)


# ---------------------------------------------------------------- why one person


def _joins_page(
    request: HttpRequest,
    viewer: Viewer,
    person_id: UUID,
    form: JoinChallengeForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    try:
        view = joins.person_joins(viewer, person_id)
    except opening.TooManyOutsideCase:
        return too_many_page(request)
    if form is None:
        only = view.joins[0].key if len(view.joins) == 1 else None
        form = JoinChallengeForm(initial={"pair": only})
    return _page(
        request,
        "linking/person_joins.html",
        {"view": view, "form": form},
        status=status,
        nav="people",
    )


@require_safe
def person_joins(request: HttpRequest, person_id: UUID) -> HttpResponse:
    return _joins_page(request, viewer_of(request), person_id)


@require_POST
def join_challenge(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Put a join back in the review queue, with a reason; a confirmation page."""
    viewer = viewer_of(request)
    form = JoinChallengeForm(request.POST)
    if form.is_valid():
        try:
            joins.join_challenge(
                viewer,
                person_id,
                pair=form.cleaned_data["pair"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("pair", error)
        else:
            return _page(
                request, "linking/join_challenged.html", {"person_id": person_id}, nav="people"
            )
    return _joins_page(request, viewer, person_id, form, status=422)


# ---------------------------------------------------------------- trace


@require_safe
def trace_page(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    visible.require_data_role(viewer, route="link_trace")
    asked = any(request.GET.get(k) for k in TraceForm.base_fields)
    form = TraceForm(request.GET if asked else None)
    outcome = None
    if asked and form.is_valid():
        outcome = trace.trace_search(viewer, form.query())
    return _page(
        request,
        "linking/trace.html",
        {"form": form, "outcome": outcome, "beyond": trace.may_trace_beyond(viewer)},
        status=422 if form.errors else 200,
        nav="trace",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def trace_request(request: HttpRequest, token: str) -> HttpResponse:
    """Ask the agencies holding a possible match from a trace, not knowing which."""
    viewer = viewer_of(request)
    asked = held_elsewhere.held_elsewhere_ask(viewer, token, route="link_trace_request")
    form = TraceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        held_elsewhere.held_elsewhere_request(viewer, asked, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            "Your request went to the agencies that hold the possible "
            "matches. If one approves it, the person appears when "
            "you trace them again.",
        )
        return HttpResponseRedirect(reverse("link_trace"), status=303)
    return _page(
        request,
        "linking/trace_request.html",
        {"form": form},
        status=422 if form.errors else 200,
        nav="trace",
    )


# ---------------------------------------------------------------- the model and runs


def _require_overview(viewer: Viewer, route: str) -> None:
    if viewer.agency_id is None or not viewer.roles & OVERVIEW_ROLES:
        raise refuse_route(viewer, route)


def _overview_context(viewer: Viewer) -> dict[str, object]:
    run = queries.current_run()
    progress = link_run_progress(run) if run is not None else None
    return {
        "model": queries.active_model(),
        "runs": queries.recent_runs(),
        "current": run,
        "progress": progress,
        "counts": queries.link_counts(),
        "may_run": can(viewer, Action.LINK_RUN_START),
    }


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    _require_overview(viewer, "link_overview")
    context = _overview_context(viewer)
    return _page(
        request, "linking/overview.html", {**context, "form": LinkRunForm()}, nav="linking"
    )


@require_safe
def overview_status(request: HttpRequest) -> HttpResponse:
    """The runs block alone, polled by htmx while a run is under way."""
    viewer = viewer_of(request)
    _require_overview(viewer, "link_overview_status")
    return _page(request, "linking/overview.html#runs", _overview_context(viewer), nav="linking")


@require_http_methods(["POST"])
def run_start(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    require(viewer, Action.LINK_RUN_START, route="link_run_start")
    form = LinkRunForm(request.POST)
    if not form.is_valid():
        return _page(
            request,
            "linking/overview.html",
            {**_overview_context(viewer), "form": form},
            status=422,
            nav="linking",
        )
    kind = form.cleaned_data["kind"]
    tasks.link_run_request(actor=viewer.user, full=kind != "incremental", retrain=kind == "retrain")
    messages.success(request, "The link run is queued; this page shows its progress.")
    return HttpResponseRedirect(reverse("link_overview"), status=303)
