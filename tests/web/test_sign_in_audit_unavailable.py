"""Signing in waits for the audit log; signing out does not."""

from __future__ import annotations

from typing import NoReturn

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.agencies.models import User
from safehub.audit.log import AuditUnavailable
from safehub.web import sign_in
from tests.signin import current_code, totp_device_for
from tests.signin import sign_in as sign_in_helper
from tests.web.conftest import PASSWORD


def _unavailable(**kwargs: object) -> NoReturn:
    raise AuditUnavailable("the audit log cannot be written")


def test_second_factor_is_not_granted_when_the_sign_in_cannot_be_audited(
    client: Client, police_practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = totp_device_for(police_practitioner)
    client.post(reverse("login"), {"username": police_practitioner.username, "password": PASSWORD})
    monkeypatch.setattr(sign_in, "record", _unavailable)
    response = client.post(reverse("sign_in_code"), {"code": current_code(device)})
    assert response.status_code == 503
    assert "cannot record sign-ins" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_first_set_up_is_not_confirmed_when_it_cannot_be_audited(
    client: Client, police_practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post(reverse("login"), {"username": police_practitioner.username, "password": PASSWORD})
    client.get(reverse("sign_in_set_up"))
    device = TOTPDevice.objects.get(user=police_practitioner)
    monkeypatch.setattr(sign_in, "record", _unavailable)
    response = client.post(reverse("sign_in_set_up"), {"code": current_code(device)})
    assert response.status_code == 503
    device.refresh_from_db()
    assert not device.confirmed


def test_failed_sign_in_that_cannot_be_audited_says_the_service_is_unavailable(
    client: Client, police_practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sign_in, "record", _unavailable)
    response = client.post(
        reverse("login"), {"username": police_practitioner.username, "password": "wrong"}
    )
    assert response.status_code == 503


def test_sign_out_happens_even_when_it_cannot_be_audited(
    client: Client, police_practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_helper(client, police_practitioner)
    monkeypatch.setattr(sign_in, "record", _unavailable)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
