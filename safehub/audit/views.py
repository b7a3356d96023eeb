"""The auditor's pages: each read needs the auditor role and is itself audited."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from safehub.agencies.models import User
from safehub.audit import queries

PAGE = 100


def _auditor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _page(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    return render(request, template, {"nav": "audit", **context})


@require_safe
def audit_home(request: HttpRequest) -> HttpResponse:
    user = _auditor(request)
    since = timezone.now() - timedelta(days=7)
    try:
        alerts = queries.break_glass_and_refusals(user, since)
        unusual = queries.unusual_viewers(user, timezone.localdate(),
                                          settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT // 2)
    except PermissionDenied:
        raise Http404 from None
    page = Paginator(alerts, PAGE).get_page(request.GET.get("page"))
    return _page(request, "audit/home.html", {"page": page, "unusual": unusual})


@require_safe
def audit_person(request: HttpRequest, person_id: str) -> HttpResponse:
    user = _auditor(request)
    try:
        events = queries.events_for_person(user, person_id)
    except PermissionDenied:
        raise Http404 from None
    page = Paginator(events, PAGE).get_page(request.GET.get("page"))
    return _page(request, "audit/events.html", {
        "page": page, "title": "Who looked at this person", "subject": person_id})


@require_safe
def audit_user(request: HttpRequest, username: str) -> HttpResponse:
    user = _auditor(request)
    try:
        events = queries.events_by_user(user, username)
    except PermissionDenied:
        raise Http404 from None
    page = Paginator(events, PAGE).get_page(request.GET.get("page"))
    return _page(request, "audit/events.html", {
        "page": page, "title": "What this user did", "subject": username})


