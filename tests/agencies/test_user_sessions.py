"""Disabling a user, changing their password or resetting their app ends their sessions."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.access.services.accounts import (
    user_disable,
    user_second_factor_reset,
    user_set_password,
)
from safehub.agencies.models import User
from safehub.audit.models import AuditEvent, Verb
from tests.agencies.conftest import PASSWORD
from tests.signin import sign_in


def _two_sessions(user: User) -> tuple[Client, Client]:
    desk, laptop = sign_in(Client(), user), sign_in(Client(), user)
    for client in (desk, laptop):
        assert client.get(reverse("home")).status_code == 200
    return desk, laptop


def test_changing_a_password_ends_the_users_other_sessions(
    manager: User, practitioner: User
) -> None:
    desk, laptop = _two_sessions(practitioner)
    keys = [desk.session.session_key, laptop.session.session_key]
    manager_client = sign_in(Client(), manager)

    user_set_password(actor=manager, user=practitioner, password="Granite-Lantern-Orbit-7")

    for client, key in zip((desk, laptop), keys, strict=True):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert key is not None
        assert not SessionStore().exists(key)
    # Someone else's session is untouched.
    assert manager_client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.get(verb=Verb.PASSWORD_SET).detail == {
        "username": practitioner.username,
        "sessions_ended": 2,
    }


def test_session_auth_hash_alone_ends_sessions_after_a_password_change(practitioner: User) -> None:
    """Even a session the store still holds is refused once the password has changed."""
    desk, laptop = _two_sessions(practitioner)
    practitioner.set_password("Granite-Lantern-Orbit-7")
    practitioner.save()
    assert desk.get(reverse("home")).status_code == 302
    assert laptop.get(reverse("home")).status_code == 302


def test_disabling_a_user_ends_their_sessions(manager: User, practitioner: User) -> None:
    desk, laptop = _two_sessions(practitioner)
    user_disable(actor=manager, user=practitioner)
    for client in (desk, laptop):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    practitioner.refresh_from_db()
    assert not practitioner.is_active
    event = AuditEvent.objects.get(verb=Verb.USER_DISABLED)
    assert event.actor == manager
    assert event.detail == {"username": practitioner.username, "sessions_ended": 2}


def test_inactive_user_alone_makes_other_sessions_anonymous(practitioner: User) -> None:
    """Even a session the store still holds is anonymous once the user is inactive."""
    desk, laptop = _two_sessions(practitioner)
    User.objects.filter(pk=practitioner.pk).update(is_active=False)
    for client in (desk, laptop):
        assert client.get(reverse("home")).status_code == 302


def test_re_enabling_a_user_does_not_revive_old_sessions(manager: User, practitioner: User) -> None:
    desk, _ = _two_sessions(practitioner)
    user_disable(actor=manager, user=practitioner)
    User.objects.filter(pk=practitioner.pk).update(is_active=True)
    assert desk.get(reverse("home")).status_code == 302


def test_disabled_user_cannot_sign_in(practitioner: User, manager: User) -> None:
    user_disable(actor=manager, user=practitioner)
    response = Client().post(
        reverse("login"), {"username": practitioner.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()


def test_resetting_the_second_factor_removes_the_app_and_ends_sessions(
    manager: User, practitioner: User
) -> None:
    desk, _ = _two_sessions(practitioner)
    user_second_factor_reset(actor=manager, user=practitioner)
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    assert desk.get(reverse("home")).status_code == 302
    client = Client()
    response = client.post(
        reverse("login"), {"username": practitioner.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("sign_in_set_up")
    assert AuditEvent.objects.get(verb=Verb.SECOND_FACTOR_RESET).detail == {
        "username": practitioner.username,
        "devices_removed": 1,
        "sessions_ended": 2,
    }
