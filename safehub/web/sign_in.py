"""The steps of signing in and out: new session keys, the clocks, and their audit rows.

Signing in is two steps. The password (`password_accepted`) signs the user in to a new
session that can reach only the second-factor pages; the code (`second_factor_accepted`)
moves the session to another new key and marks it verified. Only then is `sign_in`
audited; every refusal on the way is audited as `sign_in_failed`, naming the account
tried but never the password or the code.
"""

from __future__ import annotations

import logging

import django_otp
from django.conf import settings
from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.agencies.models import User
from safehub.audit.log import AuditUnavailable, record
from safehub.audit.models import Verb
from safehub.web.second_factor import device_confirm
from safehub.web.sessions import session_started

log = logging.getLogger(__name__)

NEXT_URL = "safehub_next_url"


def safe_next_url(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` if it is a path on this site, otherwise the home page."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def password_accepted(request: HttpRequest, user: User, next_url: str) -> None:
    """Sign in by password alone: a new session key (Django's login cycles it), the
    session clocks started, and the page to return to kept for after the code."""
    login(request, user)
    session_started(request)
    request.session[NEXT_URL] = next_url


def password_refused(request: HttpRequest, username: str) -> None:
    """Audit a refused password (or a locked-out name) under the name typed.

    Raises AuditUnavailable if the row cannot be written.
    """
    locked_out = bool(getattr(request, "axes_locked_out", False))
    record(
        actor=None,
        verb=Verb.SIGN_IN_FAILED,
        target_type="user",
        username=username,
        detail={"step": "password", "locked_out": locked_out},
    )


def code_refused(user: User, *, reason: str) -> None:
    """Audit a refused second-factor code (wrong, reused or throttled)."""
    record(
        actor=user,
        verb=Verb.SIGN_IN_FAILED,
        target_type="user",
        target_id=str(user.pk),
        detail={"step": "second_factor", "reason": reason},
    )


def second_factor_accepted(
    request: HttpRequest, user: User, device: TOTPDevice, *, set_up: bool
) -> str:
    """Finish signing in; returns the page to go to.

    The audit row is written (with the device's confirmation, on first set-up) before
    the session is marked verified: if it cannot be written, AuditUnavailable is raised
    and the session stays unverified.
    """
    with transaction.atomic():
        if set_up:
            device_confirm(device)
        record(
            actor=user,
            verb=Verb.SIGN_IN,
            target_type="user",
            target_id=str(user.pk),
            detail={"second_factor": "totp", "set_up": set_up},
        )
    request.session.cycle_key()
    django_otp.login(request, device)
    return safe_next_url(request, request.session.pop(NEXT_URL, None))


def sign_out(request: HttpRequest) -> None:
    """Audit the sign-out, then flush the session from the store.

    Signing out never waits on the audit log: a session left open is the greater risk.
    """
    user = request.user
    if isinstance(user, User):
        try:
            record(actor=user, verb=Verb.SIGN_OUT, target_type="user", target_id=str(user.pk))
        except AuditUnavailable:
            log.exception("sign-out of user %s could not be audited", user.pk)
    logout(request)
