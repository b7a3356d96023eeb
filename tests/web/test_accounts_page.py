"""The accounts page: a hub manager gives set-up codes, resets a lost phone and disables
accounts of their own agency; an administrator does so for every agency; nobody else."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.access.services import accounts
from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from tests.signin import totp_device_for

ACCOUNTS = reverse("accounts")
SignIn = Callable[[User], Client]


@pytest.fixture(autouse=True)
def issued(settings: LazySettings) -> None:
    settings.SAFEHUB_SECOND_FACTOR_SET_UP = "issued"


def _post(client: Client, name: str, account: User) -> str:
    response = client.post(reverse(name, kwargs={"user_id": account.pk}))
    assert response.status_code in (200, 302), response.status_code
    return response.content.decode()


def test_a_hub_manager_sees_their_agencys_accounts_only(
    signed_in: SignIn, police_manager: User, police_practitioner: User, health_manager: User
) -> None:
    html = signed_in(police_manager).get(ACCOUNTS).content.decode()
    assert police_practitioner.username in html
    assert health_manager.username not in html
    assert "No app yet" in html
    assert AuditEvent.objects.filter(
        actor=police_manager, verb=Verb.VIEW, target_type="accounts"
    ).exists()


def test_a_set_up_code_is_shown_once_and_lets_the_user_set_up(
    signed_in: SignIn, police_manager: User, police_practitioner: User
) -> None:
    client = signed_in(police_manager)
    html = _post(client, "account_set_up_code", police_practitioner)
    code = re.search(r'<strong id="set-up-code">([A-Z0-9-]+)</strong>', html)
    assert code is not None
    assert "Set-up code given" in client.get(ACCOUNTS).content.decode()
    assert code.group(1) not in client.get(ACCOUNTS).content.decode()
    assert accounts.set_up_code_use(user=police_practitioner, code=code.group(1))


def test_a_lost_phone_is_reset_and_an_account_disabled(
    signed_in: SignIn, police_manager: User, police_practitioner: User
) -> None:
    totp_device_for(police_practitioner)
    client = signed_in(police_manager)
    assert "App set up" in client.get(ACCOUNTS).content.decode()
    _post(client, "account_second_factor_reset", police_practitioner)
    assert not TOTPDevice.objects.filter(user=police_practitioner).exists()
    _post(client, "account_disable", police_practitioner)
    police_practitioner.refresh_from_db()
    assert not police_practitioner.is_active
    assert "Disabled" in client.get(ACCOUNTS).content.decode()


def test_another_agencys_account_is_not_a_hub_managers_to_change(
    signed_in: SignIn, police_manager: User, health_manager: User
) -> None:
    client = signed_in(police_manager)
    for name in ("account_set_up_code", "account_second_factor_reset", "account_disable"):
        response = client.post(reverse(name, kwargs={"user_id": health_manager.pk}))
        assert response.status_code == 404
    health_manager.refresh_from_db()
    assert health_manager.is_active
    assert (
        AuditEvent.objects.filter(
            actor=police_manager, verb=Verb.REFUSED, target_type="user"
        ).count()
        == 3
    )


def test_an_administrator_manages_their_own_agency(
    signed_in: SignIn,
    police: Agency,
    make_user: Callable[..., User],
    police_practitioner: User,
    health_manager: User,
) -> None:
    admin = make_user("ada.admin", police, Role.ADMIN)
    client = signed_in(admin)
    html = client.get(ACCOUNTS).content.decode()
    assert police_practitioner.username in html
    assert health_manager.username not in html  # issue 8: not another agency's
    assert "set-up-code" in _post(client, "account_set_up_code", police_practitioner)
    refused = client.post(reverse("account_set_up_code", kwargs={"user_id": health_manager.pk}))
    assert refused.status_code == 404


def test_a_hub_wide_administrator_manages_every_agency(
    signed_in: SignIn,
    police: Agency,
    make_user: Callable[..., User],
    police_practitioner: User,
    health_manager: User,
) -> None:
    client = signed_in(make_user("hub.admin", police, Role.HUB_ADMIN))
    html = client.get(ACCOUNTS).content.decode()
    assert police_practitioner.username in html
    assert health_manager.username in html
    assert "set-up-code" in _post(client, "account_set_up_code", health_manager)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SUPERVISOR, Role.ANALYST, Role.AUDITOR])
def test_other_roles_have_no_accounts_page(
    signed_in: SignIn,
    police: Agency,
    make_user: Callable[..., User],
    police_practitioner: User,
    role: Role,
) -> None:
    client = signed_in(make_user(f"someone.{role}", police, role))
    assert client.get(ACCOUNTS).status_code == 404
    assert (
        client.post(
            reverse("account_disable", kwargs={"user_id": police_practitioner.pk})
        ).status_code
        == 404
    )
    police_practitioner.refresh_from_db()
    assert police_practitioner.is_active
