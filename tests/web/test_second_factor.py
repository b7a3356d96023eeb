"""The second factor: every route needs it, each code works once, and first set-up."""

from __future__ import annotations

import re
from base64 import b32decode
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings as SettingsWrapper

from safehub.agencies.models import User
from safehub.audit.models import AuditEvent, Verb
from safehub.web.second_factor import CodeCheck, code_check
from tests.signin import current_code, sign_in, totp_device_for
from tests.web.conftest import PASSWORD

# The only pages reachable before the second factor (static files never reach a view).
EXEMPT = {"login", "sign_in_code", "sign_in_set_up", "logout"}
API = "api/"
SAMPLE = {
    "uuid": "00000000-0000-0000-0000-000000000000",
    "slug": "police",
    "int": "1",
    "str": "x",
    "path": "x",
}
_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?\w+>")


def _routes(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every route of the site as (sample path, pattern)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route, entry


def _sample_path(route: str) -> str | None:
    if route.startswith("^"):
        return None  # a regex route: its view is still checked below, not requested
    return "/" + _CONVERTER.sub(lambda m: SAMPLE[m.group("kind") or "str"], route)


def _sign_in_by_password(client: Client, user: User) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_every_route_needs_the_second_factor(client: Client, police_manager: User) -> None:
    """Signed in by password alone, every route but the sign-in pages sends to the code
    page, or (the API, which answers for itself in JSON) refuses."""
    totp_device_for(police_manager)
    _sign_in_by_password(client, police_manager)
    routes = list(_routes())
    assert len(routes) >= 5
    exempt_seen = set()
    for route, pattern in routes:
        if pattern.name in EXEMPT:
            exempt_seen.add(pattern.name)
            continue
        path = _sample_path(route)
        if path is None:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if route.startswith(API):
                assert response.status_code in (401, 403), (method, path)
                continue
            assert response.status_code == 302, (method, path)
            assert response["Location"].startswith(reverse("sign_in_code") + "?next="), path
            assert unquote(response["Location"].split("next=")[1]) == path
    assert exempt_seen == EXEMPT


def test_only_sign_in_pages_and_the_api_skip_the_second_factor_middleware() -> None:
    """The API's views enforce the second factor themselves (DRF authentication and
    permissions), and are refused above when the session is not verified."""
    exempt = {
        (route, pattern.name)
        for route, pattern in _routes()
        if not getattr(pattern.callback, "second_factor_required", True)
    }
    assert {name for _, name in exempt} >= EXEMPT
    assert all(name in EXEMPT or route.startswith(API) for route, name in exempt)


def test_there_is_no_password_reset_that_could_skip_the_second_factor(db: None) -> None:
    names = {pattern.name for _, pattern in _routes()}
    assert not {name for name in names if name and "password" in name}
    assert not [route for route, _ in _routes() if "password" in route or "reset" in route]


def test_totp_code_cannot_be_used_twice(client: Client, police_manager: User) -> None:
    device = totp_device_for(police_manager)
    code = current_code(device)
    _sign_in_by_password(client, police_manager)
    assert client.post(reverse("sign_in_code"), {"code": code})["Location"] == reverse("home")

    other = Client()
    _sign_in_by_password(other, police_manager)
    replay = other.post(reverse("sign_in_code"), {"code": code})
    assert replay.status_code == 200
    assert "has already been used" in replay.content.decode()
    assert other.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    assert device.last_t >= 0
    assert (
        AuditEvent.objects.filter(
            verb=Verb.SIGN_IN_FAILED, actor=police_manager, detail__reason="wrong"
        ).count()
        == 1
    )


def test_a_code_of_an_earlier_step_than_the_last_used_is_refused(police_manager: User) -> None:
    device = totp_device_for(police_manager)
    later = current_code(device, steps_ahead=1)
    assert code_check(device=device, code=later) is CodeCheck.ACCEPTED
    assert code_check(device=device, code=current_code(device)) is CodeCheck.WRONG


def test_wrong_code_is_refused_and_audited(client: Client, police_manager: User) -> None:
    device = totp_device_for(police_manager)
    _sign_in_by_password(client, police_manager)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("sign_in_code"), {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Enter the 6-digit code" in html
    assert '<a href="#id_code">The code is not correct' in html
    assert client.get(reverse("home")).status_code == 302
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED)
    assert event.actor == police_manager
    assert event.detail == {"step": "second_factor", "reason": "wrong"}
    assert wrong not in event.canonical_json()


def test_repeated_wrong_codes_are_slowed_down(
    client: Client, police_manager: User, settings: SettingsWrapper
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a back-off the test cannot outlast
    device = totp_device_for(police_manager)
    _sign_in_by_password(client, police_manager)
    client.post(reverse("sign_in_code"), {"code": "000000"})
    # Within the back-off even the right code waits.
    response = client.post(reverse("sign_in_code"), {"code": current_code(device)})
    assert "too many wrong codes" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_a_code_that_is_not_six_digits_is_refused_before_it_is_checked(
    client: Client, police_manager: User, code: str
) -> None:
    device = totp_device_for(police_manager)
    _sign_in_by_password(client, police_manager)
    response = client.post(reverse("sign_in_code"), {"code": code})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_code_with_spaces_is_accepted(client: Client, police_manager: User) -> None:
    device = totp_device_for(police_manager)
    _sign_in_by_password(client, police_manager)
    code = current_code(device)
    response = client.post(reverse("sign_in_code"), {"code": f" {code[:3]} {code[3:]} "})
    assert response["Location"] == reverse("home")


def test_new_session_id_at_sign_in_and_again_at_the_second_factor(
    client: Client, police_manager: User
) -> None:
    device = totp_device_for(police_manager)
    anonymous = client.session.session_key
    assert anonymous is not None
    _sign_in_by_password(client, police_manager)
    after_password = client.session.session_key
    assert after_password is not None
    client.post(reverse("sign_in_code"), {"code": current_code(device)})
    after_code = client.session.session_key
    assert len({anonymous, after_password, after_code}) == 3
    assert not SessionStore().exists(anonymous)
    assert not SessionStore().exists(after_password)
    assert client.get(reverse("home")).status_code == 200


def test_successful_sign_in_is_audited_only_after_the_second_factor(
    client: Client, police_manager: User
) -> None:
    device = totp_device_for(police_manager)
    _sign_in_by_password(client, police_manager)
    assert not AuditEvent.objects.filter(verb=Verb.SIGN_IN).exists()
    client.post(reverse("sign_in_code"), {"code": current_code(device)})
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN)
    assert event.actor == police_manager
    assert event.actor_agency == "police"
    assert event.detail == {"second_factor": "totp", "set_up": False}


def test_first_sign_in_sets_up_the_app_from_a_qr_code(client: Client, police_manager: User) -> None:
    response = client.post(
        reverse("login"), {"username": police_manager.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("sign_in_set_up")
    assert client.get(reverse("home"))["Location"].startswith(reverse("sign_in_set_up"))
    assert client.get(reverse("sign_in_code"))["Location"] == reverse("sign_in_set_up")

    html = client.get(reverse("sign_in_set_up")).content.decode()
    assert "Set up your authenticator app" in html
    assert '<img class="app-qr-code" src="data:image/svg+xml;' in html
    secret = re.search(r'<code class="app-secret" id="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert secret is not None
    device = TOTPDevice.objects.get(user=police_manager)
    assert not device.confirmed
    assert b32decode(secret.group(1).replace(" ", "")) == device.bin_key
    # A reload shows the same key, not a new one.
    assert secret.group(1) in client.get(reverse("sign_in_set_up")).content.decode()

    response = client.post(reverse("sign_in_set_up"), {"code": current_code(device)})
    assert response["Location"] == reverse("home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("sign_in_set_up"))["Location"] == reverse("sign_in_code")
    assert AuditEvent.objects.get(verb=Verb.SIGN_IN).detail == {
        "second_factor": "totp",
        "set_up": True,
    }


def test_set_up_page_is_strict_about_scripts(client: Client, police_manager: User) -> None:
    _sign_in_by_password(client, police_manager)
    response = client.get(reverse("sign_in_set_up"))
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()


def test_a_wrong_code_does_not_confirm_the_app(client: Client, police_manager: User) -> None:
    _sign_in_by_password(client, police_manager)
    client.get(reverse("sign_in_set_up"))
    device = TOTPDevice.objects.get(user=police_manager)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("sign_in_set_up"), {"code": wrong})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("home")).status_code == 302


def test_another_users_device_in_the_session_does_not_verify(
    client: Client, police_manager: User, police_practitioner: User
) -> None:
    theirs = totp_device_for(police_practitioner)
    totp_device_for(police_manager)
    _sign_in_by_password(client, police_manager)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = theirs.persistent_id
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_sign_in_helper_passes_both_factors(client: Client, police_manager: User) -> None:
    sign_in(client, police_manager)
    assert client.get(reverse("home")).status_code == 200
    assert settings.LOGIN_URL == "login"
