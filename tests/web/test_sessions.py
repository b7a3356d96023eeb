"""Session limits on the server: idle, absolute, sign-out; and no caching of pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from safehub.agencies.models import User
from safehub.web.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from tests.signin import sign_in

MINUTE = 60
HOUR = 3600


def _clocks_back(client: Client, *, signed_in: int = 0, last_seen: int = 0) -> str:
    """Move the session's clocks `signed_in` / `last_seen` seconds into the past."""
    session = client.session
    session[SIGNED_IN_AT] -= signed_in
    session[LAST_SEEN_AT] -= last_seen
    session.save()
    assert session.session_key is not None
    return session.session_key


def test_idle_session_is_ended_after_30_minutes(
    signed_in: Callable[[User], Client], police_practitioner: User
) -> None:
    client = signed_in(police_practitioner)
    key = _clocks_back(client, signed_in=31 * MINUTE, last_seen=31 * MINUTE)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/"
    assert not SessionStore().exists(key)
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not used Safehub for 30 minutes" in page
    assert client.get(reverse("home")).status_code == 302


def test_active_session_is_kept_within_the_limits(
    signed_in: Callable[[User], Client], police_practitioner: User
) -> None:
    client = signed_in(police_practitioner)
    _clocks_back(client, signed_in=9 * HOUR, last_seen=29 * MINUTE)
    assert client.get(reverse("home")).status_code == 200
    # The request counted as activity: the idle clock starts again.
    _clocks_back(client, last_seen=29 * MINUTE)
    assert client.get(reverse("home")).status_code == 200


def test_session_is_ended_10_hours_after_sign_in_however_active(
    signed_in: Callable[[User], Client], police_practitioner: User
) -> None:
    client = signed_in(police_practitioner)
    key = _clocks_back(client, signed_in=10 * HOUR)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert not SessionStore().exists(key)
    page = client.get(response["Location"]).content.decode()
    assert "because you signed in more than 10 hours ago" in page


def test_timeouts_follow_the_settings(
    signed_in: Callable[[User], Client], police_practitioner: User, settings: SettingsWrapper
) -> None:
    settings.SAFEHUB_SESSION_IDLE_SECONDS = 5 * MINUTE
    client = signed_in(police_practitioner)
    _clocks_back(client, last_seen=6 * MINUTE)
    assert client.get(reverse("home")).status_code == 302


def test_polling_by_the_page_does_not_keep_an_idle_session_alive(
    signed_in: Callable[[User], Client], police_practitioner: User
) -> None:
    client = signed_in(police_practitioner)
    _clocks_back(client, last_seen=20 * MINUTE)
    before = client.session[LAST_SEEN_AT]
    client.get(reverse("home"), headers={"HX-Request": "true"})
    assert client.session[LAST_SEEN_AT] == before
    _clocks_back(client, last_seen=11 * MINUTE)
    assert client.get(reverse("home"), headers={"HX-Request": "true"}).status_code == 302


def test_session_without_clocks_is_not_accepted(client: Client, police_practitioner: User) -> None:
    sign_in(client, police_practitioner)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_sign_out_deletes_the_session_from_the_store(
    signed_in: Callable[[User], Client], police_practitioner: User
) -> None:
    client = signed_in(police_practitioner)
    key = client.session.session_key
    assert key is not None
    assert SessionStore().exists(key)
    client.post(reverse("logout"))
    assert not SessionStore().exists(key)
    # The old cookie, replayed, opens nothing.
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get(reverse("home")).status_code == 302


def test_signed_in_pages_are_never_stored_by_caches(
    signed_in: Callable[[User], Client], police_practitioner: User
) -> None:
    client = signed_in(police_practitioner)
    for url in (reverse("home"), reverse("agency_extracts", kwargs={"code": "police"})):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control, url
        assert "private" in cache_control, url


def test_sign_in_pages_are_never_stored_by_caches(client: Client, db: None) -> None:
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]
