"""Signing in and out: required everywhere else, one message for any wrong detail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client
from django.urls import reverse

from safehub.agencies.models import User
from safehub.audit.models import AuditEvent, Verb
from tests.signin import current_code, totp_device_for
from tests.web.conftest import PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

GENERIC_ERROR = "Enter a correct username and password"


def test_pages_redirect_to_sign_in_when_signed_out(client: Client, db: None) -> None:
    for url in (
        "/",
        "/agencies/police/extracts/",
        "/imports/00000000-0000-0000-0000-000000000000/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_sign_in_page_is_reachable_signed_out(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="govuk-label" for="id_username">' in html
    assert 'autocomplete="current-password"' in html


def test_second_factor_pages_send_the_signed_out_to_sign_in(client: Client, db: None) -> None:
    for name in ("sign_in_code", "sign_in_set_up"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("login")


def test_wrong_password_and_unknown_user_show_the_same_message(
    client: Client, police_practitioner: User
) -> None:
    wrong_password = client.post(
        reverse("login"), {"username": police_practitioner.username, "password": "not the password"}
    )
    unknown_user = client.post(reverse("login"), {"username": "nobody.here", "password": PASSWORD})
    for response in (wrong_password, unknown_user):
        html = response.content.decode()
        assert response.status_code == 200
        assert GENERIC_ERROR in html
        assert "govuk-error-summary" in html
        assert "<title>Error: Sign in" in html
    assert _error_summary(wrong_password) == _error_summary(unknown_user)


def test_disabled_user_with_the_right_password_sees_the_same_message(
    client: Client, police_practitioner: User
) -> None:
    police_practitioner.is_active = False
    police_practitioner.save()
    response = client.post(
        reverse("login"), {"username": police_practitioner.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert GENERIC_ERROR in response.content.decode()
    assert "_auth_user_id" not in client.session


def _error_summary(response: TestResponse) -> str:
    html = response.content.decode()
    return html[html.index('<div class="govuk-error-summary"') : html.index("<h1")]


def test_empty_fields_are_named_in_the_error_summary(client: Client, db: None) -> None:
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_failed_sign_in_is_audited_with_the_name_tried_and_no_password(
    client: Client, police_practitioner: User
) -> None:
    client.post(reverse("login"), {"username": "nobody.here", "password": "Secret-Guess-1"})
    client.post(
        reverse("login"), {"username": police_practitioner.username, "password": "Other-Guess-2"}
    )
    events = list(AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED))
    assert [e.actor_username for e in events] == ["nobody.here", police_practitioner.username]
    for event in events:
        assert event.actor_id is None
        assert event.detail == {"step": "password", "locked_out": False}
        assert "Guess" not in event.canonical_json()
    assert not AuditEvent.objects.filter(verb=Verb.SIGN_IN).exists()


def test_control_characters_in_a_username_are_stored_as_typed_and_shown_escaped(
    client: Client, db: None
) -> None:
    typed = "eve\x1b[2J\rroot signed in\x07"
    response = client.post(reverse("login"), {"username": typed, "password": "guess"})
    html = response.content.decode()
    assert GENERIC_ERROR in html
    assert "\x1b" not in html
    assert "\x07" not in html
    assert "\r" not in html.split('id="id_username"')[1].split(">")[0]
    assert r'value="eve\x1b[2J\rroot signed in\x07"' in html
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED)
    assert event.actor_username == typed
    # The hashed (and exported) form has the characters escaped too.
    assert "\\u001b[2J\\rroot signed in\\u0007" in event.canonical_json()


def test_password_alone_opens_only_the_code_page(client: Client, police_practitioner: User) -> None:
    totp_device_for(police_practitioner)
    response = client.post(
        reverse("login"), {"username": police_practitioner.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sign_in_code")
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("sign_in_code") + "?next=%2F"
    code_page = client.get(reverse("sign_in_code")).content.decode()
    assert "Enter the 6-digit code" in code_page
    assert 'autocomplete="one-time-code"' in code_page
    assert 'inputmode="numeric"' in code_page
    # Signed in by password only: the name and Sign out, but no menu into the data.
    assert 'action="/sign-out/"' in code_page
    assert "govuk-service-navigation" not in code_page


def test_sign_in_then_home_then_sign_out(client: Client, police_practitioner: User) -> None:
    device = totp_device_for(police_practitioner)
    client.post(reverse("login"), {"username": police_practitioner.username, "password": PASSWORD})
    response = client.post(reverse("sign_in_code"), {"code": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert police_practitioner.username in home
    assert "Northshire Police" in home
    assert 'action="/sign-out/"' in home
    signed_out = client.post(reverse("logout"))
    assert signed_out.status_code == 302
    assert signed_out["Location"] == reverse("login")
    assert "You have signed out." in client.get(reverse("login")).content.decode()
    assert client.get(reverse("home")).status_code == 302
    verbs = list(
        AuditEvent.objects.filter(actor=police_practitioner).values_list("verb", flat=True)
    )
    assert verbs == [Verb.SIGN_IN, Verb.SIGN_OUT]


def test_sign_in_returns_to_the_page_asked_for(client: Client, police_practitioner: User) -> None:
    device = totp_device_for(police_practitioner)
    asked = "/agencies/police/extracts/"
    client.post(
        reverse("login") + f"?next={asked}",
        {"username": police_practitioner.username, "password": PASSWORD, "next": asked},
    )
    response = client.post(reverse("sign_in_code"), {"code": current_code(device)})
    assert response["Location"] == asked


def test_sign_in_never_returns_to_another_site(client: Client, police_practitioner: User) -> None:
    device = totp_device_for(police_practitioner)
    client.post(reverse("login"), {"username": police_practitioner.username, "password": PASSWORD})
    client.get(reverse("sign_in_code") + "?next=https://evil.example/")
    response = client.post(reverse("sign_in_code"), {"code": current_code(device)})
    assert response["Location"] == reverse("home")


def test_sign_out_needs_a_post(client: Client, police_practitioner: User) -> None:
    assert client.get(reverse("logout")).status_code == 405
