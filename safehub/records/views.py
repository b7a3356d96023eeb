"""Views of people: the list a user may open, the person profile and their chronology.
Thin: parse, call, render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from safehub.access.actions import Action, require
from safehub.access.policy import Viewer, viewer_for
from safehub.access.services.access_requests import access_request_decide as decide_request
from safehub.access.services.break_glass import break_glass_start
from safehub.agencies.models import User
from safehub.records import search, services
from safehub.records.chronology_csv import chronology_csv
from safehub.records.forms import BreakGlassForm, DecisionForm, ReasonForm, TimelineFilterForm
from safehub.records.queries import access_requests, chronology, opening, people_list, profile
from safehub.records.queries.timeline import filtered_timeline


def viewer_of(request: HttpRequest) -> Viewer:
    if not isinstance(request.user, User):
        raise Http404
    return viewer_for(request.user)


@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    typed = request.GET.get("name", "").strip()[:100]
    context = {
        "nav": "people",
        "name": typed,
        "in_cases": people_list.person_summaries(viewer, list(people_list.case_persons(viewer))),
    }
    try:
        query = search.parse(typed)
    except search.QueryError as problem:
        return render(
            request, "records/person_list.html", {**context, "problem": str(problem)}, status=422
        )
    persons = people_list.person_page(viewer, query=query)
    page = Paginator(persons, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "records/person_list.html",
        {
            **context,
            "page": page,
            "searched": bool(query),
            "summaries": people_list.person_summaries(viewer, list(page.object_list)),
        },
    )


def too_many_page(request: HttpRequest) -> HttpResponse:
    return render(request, "records/too_many.html", {"nav": "people"}, status=429)


@require_safe
def person_profile(request: HttpRequest, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    form = TimelineFilterForm(request.GET)
    try:
        shown = profile.person_profile(viewer, person_id)
    except opening.TooManyOutsideCase:
        return too_many_page(request)
    return render(
        request,
        "records/person_profile.html",
        {
            "nav": "people",
            "profile": shown,
            "form": form,
            "timeline": filtered_timeline(shown.events, form.chosen()),
        },
        status=422 if form.errors else 200,
    )


@require_safe
def person_chronology(request: HttpRequest, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    form = TimelineFilterForm(request.GET)
    try:
        shown = chronology.person_chronology(viewer, person_id, form.chosen())
    except opening.TooManyOutsideCase:
        return too_many_page(request)
    return render(
        request,
        "records/person_chronology.html",
        {"nav": "people", "chronology": shown, "form": form, "timeline": shown.timeline},
        status=422 if form.errors else 200,
    )


@require_safe
def person_chronology_csv(request: HttpRequest, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    try:
        shown = chronology.person_chronology(
            viewer, person_id, TimelineFilterForm(request.GET).chosen(), export=True
        )
    except opening.TooManyOutsideCase:
        return too_many_page(request)
    response = HttpResponse(chronology_csv(shown), content_type="text/csv; charset=utf-8")
    # The person's id, not their name: file names end up in download folders and logs.
    response["Content-Disposition"] = (
        f'attachment; filename="chronology-{person_id}-{shown.produced_at:%Y%m%d}.csv"'
    )
    return response


def _form_page(
    request: HttpRequest, template: str, context: dict[str, object], status: int = 200
) -> HttpResponse:
    return render(request, template, {"nav": "people", **context}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def access_request_new(request: HttpRequest, person_id: UUID, agency: str) -> HttpResponse:
    viewer = viewer_of(request)
    ask, owner = access_requests.access_ask(viewer, person_id, agency)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.access_request(viewer, ask=ask, reason=form.cleaned_data["reason"])
        messages.success(request, f"Your request was sent to {owner.name}.")
        return redirect("person_profile", person_id=person_id)
    return _form_page(
        request,
        "records/access_request_new.html",
        {"form": form, "owner": owner, "person_id": person_id},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def break_glass_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    require(viewer, Action.BREAK_GLASS, person_id, route="break_glass")
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        break_glass_start(
            actor=viewer.user,
            person_id=person_id,
            reason=form.cleaned_data["reason"],
            minutes=form.cleaned_data["minutes"],
        )
        return redirect("person_profile", person_id=person_id)
    return _form_page(
        request,
        "records/break_glass_new.html",
        {"form": form, "person_id": person_id},
        status=422 if form.errors else 200,
    )


@require_safe
def access_request_queue(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    return _form_page(
        request,
        "records/access_request_queue.html",
        {"requests": access_requests.access_requests_to_decide(viewer)},
    )


@require_http_methods(["POST"])
def access_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    pending = access_requests.access_request_for_decision(viewer, request_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request,
            "records/access_request_queue.html",
            {"requests": access_requests.access_requests_to_decide(viewer), "form": form},
            status=422,
        )
    decide_request(
        actor=viewer.user,
        request=pending,
        approve=form.cleaned_data["decision"] == "approve",
        note=form.cleaned_data["note"],
        days=form.cleaned_data["days"],
    )
    return redirect("access_request_queue")
