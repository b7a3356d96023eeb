"""The auditor's pages: each read needs an auditor role, stays in the auditor's scope (their
agency's users, or everyone's for a hub-wide auditor) and is itself audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from safehub.agencies.models import User
from safehub.audit import queries
from safehub.audit.forms import VerbFilterForm
from safehub.audit.models import Verb

PAGE = 100


def _auditor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _page(
    request: HttpRequest,
    template: str,
    form: VerbFilterForm,
    events: QuerySet[queries.ListedEvent],
    context: dict[str, object],
) -> HttpResponse:
    """The page with its events, or — for a verb not on the list — the error and no
    events (422)."""
    scope = queries.auditor_scope(request.user)
    context = {
        "nav": "audit",
        "form": form,
        "hub_wide": scope is not None and scope.hub_wide,
        **context,
    }
    if not form.is_valid():
        return render(request, template, context, status=422)
    page = Paginator(events, PAGE).get_page(request.GET.get("page"))
    return render(request, template, {**context, "page": page, "verb": form.cleaned_data["verb"]})


def _filter(request: HttpRequest, verbs: Iterable[Verb] = Verb) -> VerbFilterForm:
    return VerbFilterForm(request.GET, verbs=verbs)


@require_safe
def audit_home(request: HttpRequest) -> HttpResponse:
    user = _auditor(request)
    form = _filter(request, queries.ALERT_VERBS)
    since = timezone.now() - timedelta(days=7)
    try:
        alerts = queries.break_glass_and_refusals(user, since, verb=form.chosen())
        unusual = queries.unusual_viewers(
            user, timezone.localdate(), settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT // 2
        )
    except PermissionDenied:
        raise Http404 from None
    return _page(request, "audit/home.html", form, alerts, {"unusual": unusual})


@require_safe
def audit_person(request: HttpRequest, person_id: str) -> HttpResponse:
    user = _auditor(request)
    form = _filter(request)
    try:
        events = queries.events_for_person(user, person_id, verb=form.chosen())
    except PermissionDenied:
        raise Http404 from None
    return _page(
        request,
        "audit/events.html",
        form,
        events,
        {"title": "Who looked at this person", "subject": person_id},
    )


@require_safe
def audit_user(request: HttpRequest, username: str) -> HttpResponse:
    user = _auditor(request)
    form = _filter(request)
    try:
        events = queries.events_by_user(user, username, verb=form.chosen())
    except PermissionDenied:
        raise Http404 from None
    return _page(
        request,
        "audit/events.html",
        form,
        events,
        {"title": "What this user did", "subject": username},
    )
