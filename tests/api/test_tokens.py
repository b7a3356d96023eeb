"""API tokens: issued only to a session past the second factor, never to a token; they
expire, can be revoked, and die with a new password or a disabled account
(docs/security.md 7, 15)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from safehub.access.services.accounts import user_disable, user_set_password
from safehub.api.models import ApiToken
from safehub.audit.models import AuditEvent, Verb
from tests import factories as f
from tests.api.conftest import (
    CURRENT_TOKEN_URL,
    PERSONS_URL,
    TOKENS_URL,
    Hub,
    bearer,
    token_for,
)
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

SignIn = Callable[..., Client]


def _issue(client: Client, body: object = None) -> dict[str, str]:
    response = client.post(TOKENS_URL, body or {}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert "no-store" in response["Cache-Control"]  # the secret is kept by no cache
    return response.json()


def test_a_verified_session_gets_a_token_shown_once_and_stored_only_as_a_hash(
    hub: Hub, signed_in: SignIn
) -> None:
    worker = f.user(hub.csc)
    issued = _issue(signed_in(worker))
    secret = issued["token"]
    token = ApiToken.objects.get(user=worker)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == issued["prefix"] == secret[:8]
    stored = " ".join(str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values())
    assert secret not in stored
    assert token.expires_at - token.created_at == timedelta(hours=8)


def test_issuing_and_revoking_are_audited_without_the_secret(
    hub: Hub, signed_in: SignIn, client: Client
) -> None:
    worker = f.user(hub.csc)
    secret = _issue(signed_in(worker))["token"]
    client.logout()
    assert client.delete(CURRENT_TOKEN_URL, headers=bearer(secret)).status_code == 204
    events = AuditEvent.objects.filter(target_type="api_token", actor=worker)
    assert [e.verb for e in events.order_by("seq")] == [Verb.TOKEN_ISSUED, Verb.TOKEN_REVOKED]
    assert all(secret not in repr(e.detail) for e in events)


def test_a_session_without_the_second_factor_gets_no_token(hub: Hub, unverified: SignIn) -> None:
    response = unverified(f.user(hub.csc)).post(TOKENS_URL, {}, content_type="application/json")
    assert response.status_code in {401, 403}
    assert not ApiToken.objects.exists()


def test_a_token_cannot_get_another_token(hub: Hub, client: Client) -> None:
    secret = token_for(f.user(hub.csc))
    response = client.post(TOKENS_URL, {}, content_type="application/json", headers=bearer(secret))
    assert response.status_code in {401, 403}
    assert ApiToken.objects.count() == 1


def test_a_token_request_sets_only_its_lifetime(hub: Hub, signed_in: SignIn) -> None:
    """docs/security.md 7: whose token it is and when it expires are not the caller's to say."""
    worker, other = f.user(hub.csc), f.user(hub.police)
    _issue(
        signed_in(worker),
        {
            "user": other.pk,
            "user_id": other.pk,
            "expires_at": "2099-01-01T00:00:00Z",
            "revoked_at": None,
            "key_hash": "0" * 64,
            "prefix": "AAAAAAAA",
            "hours": 2,
        },
    )
    token = ApiToken.objects.get()
    assert token.user == worker
    assert token.expires_at - token.created_at == timedelta(hours=2)
    assert token.key_hash != "0" * 64
    assert not ApiToken.objects.filter(user=other).exists()


@pytest.mark.parametrize("hours", [0, 25, -1, "eight", None, 1.5])
def test_a_lifetime_outside_one_to_24_hours_is_refused(
    hub: Hub, signed_in: SignIn, hours: object
) -> None:
    response = signed_in(f.user(hub.csc)).post(
        TOKENS_URL, {"hours": hours}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "hours" in response.json()
    assert not ApiToken.objects.exists()


def test_the_token_request_needs_the_csrf_token(hub: Hub) -> None:
    client = sign_in(Client(enforce_csrf_checks=True), f.user(hub.csc))
    refused = client.post(TOKENS_URL, {}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    csrf = "a" * 32
    client.cookies["csrftoken"] = csrf
    accepted = client.post(
        TOKENS_URL, {}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201


def test_a_token_works_until_it_expires(hub: Hub, client: Client) -> None:
    issued_at = timezone.now()
    secret = token_for(f.user(hub.csc), hours=8)
    with freeze_time(issued_at + timedelta(hours=7, minutes=59)):
        assert client.get(PERSONS_URL, headers=bearer(secret)).status_code == 200
    with freeze_time(issued_at + timedelta(hours=8, seconds=1)):
        response = client.get(PERSONS_URL, headers=bearer(secret))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working(hub: Hub, client: Client) -> None:
    secret = token_for(f.user(hub.csc))
    assert client.get(PERSONS_URL, headers=bearer(secret)).status_code == 200
    assert client.delete(CURRENT_TOKEN_URL, headers=bearer(secret)).status_code == 204
    assert client.get(PERSONS_URL, headers=bearer(secret)).status_code == 401
    assert client.delete(CURRENT_TOKEN_URL, headers=bearer(secret)).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_revoking_needs_the_token_itself(hub: Hub, signed_in: SignIn) -> None:
    worker = f.user(hub.csc)
    token_for(worker)
    response = signed_in(worker).delete(CURRENT_TOKEN_URL)
    assert response.status_code == 401
    assert ApiToken.objects.get().revoked_at is None


def test_a_new_password_ends_every_token(hub: Hub, client: Client) -> None:
    worker = f.user(hub.csc)
    secret = token_for(worker)
    user_set_password(actor=None, user=worker, password="a-brand-new-passphrase-42")
    assert client.get(PERSONS_URL, headers=bearer(secret)).status_code == 401


def test_a_disabled_users_tokens_stop_working(hub: Hub, client: Client) -> None:
    worker = f.user(hub.csc)
    secret = token_for(worker)
    user_disable(actor=None, user=worker)
    assert client.get(PERSONS_URL, headers=bearer(secret)).status_code == 401


def test_re_enabling_a_user_does_not_bring_their_tokens_back(hub: Hub, client: Client) -> None:
    worker = f.user(hub.csc)
    secret = token_for(worker)
    user_disable(actor=None, user=worker)
    worker.is_active = True  # re-enabled within the token's lifetime
    worker.save(update_fields=["is_active"])
    assert client.get(PERSONS_URL, headers=bearer(secret)).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
    assert client.get(PERSONS_URL, headers=bearer(token_for(worker))).status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer a b",
        "Bearer wrong",
        "Bearer " + "x" * 500,
        "Bearer caf\u00e9",
    ],
)
def test_a_malformed_or_unknown_bearer_token_is_401(hub: Hub, client: Client, header: str) -> None:
    response = client.get(PERSONS_URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid, expired or revoked token."}


def test_a_token_notes_when_it_was_last_used(hub: Hub, client: Client) -> None:
    secret = token_for(f.user(hub.csc))
    assert ApiToken.objects.get().last_used_at is None
    client.get(PERSONS_URL, headers=bearer(secret))
    assert ApiToken.objects.get().last_used_at is not None
