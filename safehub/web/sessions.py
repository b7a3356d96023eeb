"""Server-side session limits (idle and absolute) and no caching of signed-in pages."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "safehub_signed_in_at"
LAST_SEEN_AT = "safehub_last_seen_at"

IDLE_MESSAGE = (
    "You were signed out because you had not used Safehub for {minutes} "
    "minutes. Sign in again to continue."
)
ABSOLUTE_MESSAGE = (
    "You were signed out because you signed in more than {hours} hours ago. "
    "Sign in again to continue."
)


def session_started(request: HttpRequest) -> None:
    """Start both clocks: called when the password is accepted."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def _is_background(request: HttpRequest) -> bool:
    # An htmx request made by the page itself (a job's progress polled every second) is
    # not the user doing anything: counting it would keep an abandoned screen signed in.
    return request.method == "GET" and request.headers.get("HX-Request") == "true"


def _expiry_message(request: HttpRequest, now: int) -> str | None:
    """Why the session has ended, or None while it is within both limits."""
    idle = settings.SAFEHUB_SESSION_IDLE_SECONDS
    absolute = settings.SAFEHUB_SESSION_ABSOLUTE_SECONDS
    signed_in_at = request.session.get(SIGNED_IN_AT)
    last_seen_at = request.session.get(LAST_SEEN_AT)
    if not isinstance(signed_in_at, int) or not isinstance(last_seen_at, int):
        # A signed-in session without the clocks was not made by our sign-in: end it.
        return ABSOLUTE_MESSAGE.format(hours=absolute // 3600)
    if now - signed_in_at >= absolute:
        return ABSOLUTE_MESSAGE.format(hours=absolute // 3600)
    if now - last_seen_at >= idle:
        return IDLE_MESSAGE.format(minutes=idle // 60)
    return None


class SessionTimeoutMiddleware:
    """Signs out a session idle for too long or signed in for too long.

    The session is flushed on the server (its key is deleted from the store), then the
    request continues signed out: LoginRequiredMiddleware sends it to sign in, where the
    message says why. Must come after the session, auth and message middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            message = _expiry_message(request, now)
            if message is not None:
                logout(request)
                messages.info(request, message)
            elif not _is_background(request):
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """No browser or proxy may keep a copy of any page Safehub renders.

    Every page is personal (it names the signed-in user and shows agency data) or carries
    a CSRF token; static files are served before this middleware and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
