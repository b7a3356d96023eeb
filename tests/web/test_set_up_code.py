"""Issued set-up codes (production's default): a password alone cannot set up an
authenticator app — the user also needs a one-time code from a hub manager or an
administrator, given out of band."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import LazySettings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.access.actions import ActionRefused
from safehub.access.models import SetUpCode
from safehub.access.services import accounts
from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from tests.signin import current_code
from tests.web.conftest import PASSWORD

SET_UP = reverse("sign_in_set_up")


@pytest.fixture(autouse=True)
def issued(settings: LazySettings) -> None:
    settings.SAFEHUB_SECOND_FACTOR_SET_UP = "issued"


def _password_step(client: Client, user: User) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response["Location"] == SET_UP


def test_the_password_alone_shows_no_qr_code(client: Client, police_manager: User) -> None:
    _password_step(client, police_manager)
    html = client.get(SET_UP).content.decode()
    assert "Enter your set-up code" in html
    assert "app-qr-code" not in html
    assert "totp-secret" not in html
    assert not TOTPDevice.objects.filter(user=police_manager).exists()


def test_a_set_up_code_opens_the_qr_code_once(
    client: Client, police_manager: User, police_practitioner: User
) -> None:
    code = accounts.set_up_code_issue(actor=police_manager, user=police_practitioner)
    _password_step(client, police_practitioner)

    wrong = client.post(SET_UP, {"set_up_code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 422
    assert "The set-up code is not correct" in wrong.content.decode()

    # Read out over the phone: case and separators do not matter.
    answer = client.post(SET_UP, {"set_up_code": code.lower().replace("-", " ")})
    assert answer["Location"] == SET_UP
    html = client.get(SET_UP).content.decode()
    assert '<img class="app-qr-code"' in html
    device = TOTPDevice.objects.get(user=police_practitioner)
    assert client.post(SET_UP, {"code": current_code(device)})["Location"] == reverse("home")
    device.refresh_from_db()
    assert device.confirmed

    # The code is spent: another session with the password cannot use it again.
    accounts.user_second_factor_reset(actor=None, user=police_practitioner)
    other = Client()
    _password_step(other, police_practitioner)
    again = other.post(SET_UP, {"set_up_code": code})
    assert again.status_code == 422
    assert "app-qr-code" not in again.content.decode()
    changes = [
        e.detail.get("change") if e.verb == Verb.REFUSED else e.verb
        for e in AuditEvent.objects.filter(
            target_type="user", target_id=str(police_practitioner.pk)
        ).order_by("seq")
    ]
    assert [c for c in changes if c and c.startswith("set_up_code")][:4] == [
        Verb.SET_UP_CODE_ISSUED,
        "set_up_code_refused",
        Verb.SET_UP_CODE_USED,
        "set_up_code_refused",
    ]


def test_five_wrong_codes_void_the_code(
    client: Client, police_manager: User, police_practitioner: User
) -> None:
    code = accounts.set_up_code_issue(actor=police_manager, user=police_practitioner)
    _password_step(client, police_practitioner)
    for n in range(accounts.SET_UP_CODE_MAX_FAILURES):
        client.post(SET_UP, {"set_up_code": f"WRONG-{n}"})
    assert client.post(SET_UP, {"set_up_code": code}).status_code == 422
    assert SetUpCode.objects.get().voided_at is not None
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, target_type="user").count() == 6


def test_an_expired_code_or_a_replaced_one_does_not_work(
    police_manager: User, police_practitioner: User
) -> None:
    first = accounts.set_up_code_issue(actor=police_manager, user=police_practitioner)
    second = accounts.set_up_code_issue(actor=police_manager, user=police_practitioner)
    assert not accounts.set_up_code_use(user=police_practitioner, code=first)
    SetUpCode.objects.filter(voided_at=None).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert not accounts.set_up_code_use(user=police_practitioner, code=second)


def test_who_may_issue_a_code(
    police: Agency,
    health: Agency,
    make_user: Callable[..., User],
    police_manager: User,
    police_practitioner: User,
    health_manager: User,
) -> None:
    admin = make_user("ada.admin", police, Role.ADMIN)
    supervisor = make_user("sue.supervisor", police, Role.SUPERVISOR)
    assert accounts.set_up_code_issue(actor=admin, user=police_practitioner)
    assert accounts.set_up_code_issue(actor=police_manager, user=police_practitioner)
    health_admin = make_user("hal.admin", health, Role.ADMIN)
    for not_theirs in (health_manager, health_admin, supervisor, police_practitioner):
        with pytest.raises(ActionRefused):
            accounts.set_up_code_issue(actor=not_theirs, user=police_practitioner)
    with pytest.raises(ActionRefused):  # not even for themself
        accounts.set_up_code_issue(actor=police_manager, user=police_manager)
    hub_admin = make_user("hub.admin", health, Role.HUB_ADMIN)
    assert accounts.set_up_code_issue(actor=hub_admin, user=police_practitioner)
    # An account with a hub-wide role is managed only by a hub-wide administrator.
    for agency_level in (admin, police_manager):
        with pytest.raises(ActionRefused):
            accounts.set_up_code_issue(actor=agency_level, user=hub_admin)


def test_the_command_prints_a_code_that_works(police_practitioner: User) -> None:
    out = StringIO()
    call_command("user", "set-up-code", police_practitioner.username, stdout=out)
    code = out.getvalue().split(": ", 1)[1].split()[0]
    assert accounts.set_up_code_use(user=police_practitioner, code=code)
    assert SetUpCode.objects.get().code_hash != code  # only a digest is kept


def test_self_service_set_up_needs_no_code(
    client: Client, police_manager: User, settings: LazySettings
) -> None:
    settings.SAFEHUB_SECOND_FACTOR_SET_UP = "self"
    _password_step(client, police_manager)
    assert '<img class="app-qr-code"' in client.get(SET_UP).content.decode()
