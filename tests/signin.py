"""Signing in for tests: a session past both factors, and TOTP codes for a user's device.

`sign_in(client, user)` gives the Django test client the session the real pages would
give after the password and the code: signed in, OTP-verified (django-otp's
`otp_device_id`), with the session clocks started. Tests of the sign-in pages themselves
go through the pages, with `current_code(totp_device_for(user))`.
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.agencies.models import User
from safehub.web.sessions import LAST_SEEN_AT, SIGNED_IN_AT


def totp_device_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator device, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return device


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or `steps_ahead` 30-second steps later; the hub
    accepts one step either side of its clock)."""
    device.refresh_from_db()
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0 - steps_ahead * device.step,
        digits=device.digits,
        drift=device.drift,
    )
    return f"{code:0{device.digits}d}"


def sign_in(client: Client, user: User) -> Client:
    """Make `client` signed in as `user` with the second factor passed."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    session.save()
    return client
