"""The second factor: a TOTP authenticator app for every user, required on every route.

A user whose password was accepted is signed in but not verified; until a code from
their app is accepted, SecondFactorRequiredMiddleware sends every request to the code
page (or, the first time, to the page that sets the app up). Only the views marked
with `second_factor_not_required` (signing in, the code pages, signing out) are exempt.
"""

from __future__ import annotations

import enum
from base64 import b32encode
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

import segno
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.agencies.models import User

View = TypeVar("View", bound=Callable[..., Any])

DEVICE_NAME = "Authenticator app"


def second_factor_not_required[View: Callable[..., Any]](view: View) -> View:
    """Mark a view reachable before the second factor (like Django's login_not_required)."""
    view.second_factor_required = False  # type: ignore[attr-defined]
    return view


def is_verified(user: object) -> bool:
    """The user passed the second factor in this session (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(callable(check) and check())


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def device_to_set_up(user: User) -> TOTPDevice:
    """The user's unconfirmed device, made on first use; kept so a reload shows the same
    QR code as the one already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it when typed in (RFC 4648 base32)."""
    return b32encode(device.bin_key).decode("ascii")


def secret_for_reading(device: TOTPDevice) -> str:
    """The base32 key in groups of four, easier to copy by eye."""
    secret = secret_base32(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG QR code in a data: URI (the CSP allows
    `img-src data:`; an inline <svg> would need no exception either, but an <img> has
    alt text)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


class CodeCheck(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"  # not the current code, or already used once
    THROTTLED = "throttled"  # too many wrong codes: wait before the next try


def code_check(*, device: TOTPDevice, code: str) -> CodeCheck:
    """Check a code against the device, with its row locked so two requests cannot both
    use one code. django-otp keeps the time step of the last accepted code (`last_t`)
    and accepts only later ones, and slows down guessing (each failure doubles the wait).
    """
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _ = locked.verify_is_allowed()
        if not allowed:
            return CodeCheck.THROTTLED
        accepted = locked.verify_token(code)
    if accepted:
        device.refresh_from_db()
        return CodeCheck.ACCEPTED
    return CodeCheck.WRONG


def device_confirm(device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def second_factor_url(user: User, next_url: str = "") -> str:
    """The code page, or the set-up page for a user without a confirmed app."""
    name = "sign_in_code" if confirmed_device(user) is not None else "sign_in_set_up"
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorRequiredMiddleware(MiddlewareMixin):
    """Sends a user signed in by password alone to the second factor, from every route.

    After LoginRequiredMiddleware (signed-out users are its concern) and django-otp's
    OTPMiddleware (which says whether this session's user is verified).
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(view_func, "second_factor_required", True):
            return None
        user = request.user
        if not isinstance(user, User) or is_verified(user):
            return None  # signed out (LoginRequiredMiddleware's concern), or verified
        return HttpResponseRedirect(second_factor_url(user, request.get_full_path()))
