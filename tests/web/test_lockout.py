"""Lockout (django-axes): five failures lock one username from one address, and no more."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import User
from safehub.audit.models import AuditEvent, Verb
from tests.signin import totp_device_for
from tests.web.conftest import PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

HOME_ADDRESS = "203.0.113.10"
ATTACKER = "198.51.100.66"


def _attempt(client: Client, username: str, password: str, address: str) -> TestResponse:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _fail_five_times(client: Client, username: str, address: str) -> None:
    for n in range(5):
        _attempt(client, username, f"wrong password {n}", address)


def test_five_failures_lock_out_that_username_from_that_address(
    client: Client, police_practitioner: User
) -> None:
    for n in range(4):
        assert (
            _attempt(client, police_practitioner.username, f"wrong {n}", ATTACKER).status_code
            == 200
        )
    fifth = _attempt(client, police_practitioner.username, "wrong 5", ATTACKER)
    assert fifth.status_code == 429
    # Now even the right password is refused from there.
    right = _attempt(client, police_practitioner.username, PASSWORD, ATTACKER)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_locked_out_page_is_a_govuk_page_that_says_to_try_later(
    client: Client, police_practitioner: User
) -> None:
    _fail_five_times(client, police_practitioner.username, ATTACKER)
    response = _attempt(client, police_practitioner.username, PASSWORD, ATTACKER)
    html = response.content.decode()
    assert response.status_code == 429
    assert "govuk-template" in html
    assert '<h1 class="govuk-heading-l">Sign-in paused</h1>' in html
    assert "Try again later." in html
    assert "15 minutes" in html
    assert "Traceback" not in html
    assert police_practitioner.username not in html.split("<main")[1]
    assert "Content-Security-Policy" in response.headers
    assert "no-store" in response["Cache-Control"]


def test_lockout_of_one_address_does_not_lock_out_another(police_practitioner: User) -> None:
    totp_device_for(police_practitioner)
    attacker, colleague = Client(), Client()
    _fail_five_times(attacker, police_practitioner.username, ATTACKER)
    assert _attempt(attacker, police_practitioner.username, PASSWORD, ATTACKER).status_code == 429
    response = _attempt(colleague, police_practitioner.username, PASSWORD, HOME_ADDRESS)
    assert response.status_code == 302
    assert response["Location"] == reverse("sign_in_code")


def test_lockout_of_one_username_does_not_lock_out_another_from_the_same_address(
    client: Client, police_practitioner: User, police_manager: User
) -> None:
    _fail_five_times(client, police_practitioner.username, ATTACKER)
    response = _attempt(client, police_manager.username, PASSWORD, ATTACKER)
    assert response.status_code == 302


def test_unknown_user_is_locked_out_just_like_a_real_one(police_practitioner: User) -> None:
    real, unknown = Client(), Client()
    responses = {}
    for client, username in ((real, police_practitioner.username), (unknown, "nobody.here")):
        statuses = [
            _attempt(client, username, f"wrong {n}", ATTACKER).status_code for n in range(6)
        ]
        responses[username] = statuses
    assert responses[police_practitioner.username] == responses["nobody.here"]
    assert responses["nobody.here"] == [200, 200, 200, 200, 429, 429]


def test_locked_out_attempts_are_audited_as_failures(
    client: Client, police_practitioner: User
) -> None:
    _fail_five_times(client, police_practitioner.username, ATTACKER)
    _attempt(client, police_practitioner.username, PASSWORD, ATTACKER)
    events = AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED)
    assert events.count() == 6
    assert [e.detail["locked_out"] for e in events] == [False] * 4 + [True] * 2
    assert {e.actor_username for e in events} == {police_practitioner.username}


PROXY = "10.0.0.2"


def _through_proxy(
    client: Client, username: str, password: str, address: str, forged: str = ""
) -> TestResponse:
    """A sign-in through one reverse proxy, which appends the client's address; a client
    may have forged an X-Forwarded-For of its own before it."""
    chain = f"{forged}, {address}" if forged else address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
    )


def test_behind_a_proxy_an_attacker_cannot_lock_out_a_colleague(
    police_practitioner: User, settings: LazySettings
) -> None:
    settings.SAFEHUB_PROXY_COUNT = 1
    totp_device_for(police_practitioner)
    attacker, colleague = Client(), Client()
    for n in range(5):
        _through_proxy(
            attacker, police_practitioner.username, f"wrong {n}", ATTACKER, forged=HOME_ADDRESS
        )  # pretending to be the colleague is no use
    assert (
        _through_proxy(attacker, police_practitioner.username, PASSWORD, ATTACKER).status_code
        == 429
    )
    # Every request reaches the hub from the proxy's address; the colleague's own
    # address, as the proxy saw it, is what counts.
    response = _through_proxy(colleague, police_practitioner.username, PASSWORD, HOME_ADDRESS)
    assert response.status_code == 302
    assert response["Location"] == reverse("sign_in_code")
