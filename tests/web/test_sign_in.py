"""Signing in and out: required everywhere else, one message for any wrong detail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client
from django.urls import reverse

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

from safehub.agencies.models import User
from tests.web.conftest import PASSWORD

GENERIC_ERROR = "Enter a correct username and password"


def test_pages_redirect_to_sign_in_when_signed_out(client: Client, db: None) -> None:
    for url in ("/", "/agencies/police/extracts/",
                "/imports/00000000-0000-0000-0000-000000000000/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_sign_in_page_is_reachable_signed_out(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="govuk-label" for="id_username">' in html
    assert 'autocomplete="current-password"' in html


def test_wrong_password_and_unknown_user_show_the_same_message(
        client: Client, police_practitioner: User) -> None:
    wrong_password = client.post(reverse("login"), {
        "username": police_practitioner.username, "password": "not the password"})
    unknown_user = client.post(reverse("login"), {
        "username": "nobody.here", "password": PASSWORD})
    for response in (wrong_password, unknown_user):
        html = response.content.decode()
        assert response.status_code == 200
        assert GENERIC_ERROR in html
        assert "govuk-error-summary" in html
        assert "<title>Error: Sign in" in html
    assert _error_summary(wrong_password) == _error_summary(unknown_user)


def _error_summary(response: TestResponse) -> str:
    html = response.content.decode()
    return html[html.index('<div class="govuk-error-summary"'):html.index("<h1")]


def test_empty_fields_are_named_in_the_error_summary(client: Client, db: None) -> None:
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_sign_in_then_home_then_sign_out(client: Client, police_practitioner: User) -> None:
    response = client.post(reverse("login"), {
        "username": police_practitioner.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert police_practitioner.username in home
    assert "Northshire Police" in home
    assert 'action="/sign-out/"' in home
    signed_out = client.post(reverse("logout"))
    assert signed_out.status_code == 302
    assert client.get(reverse("home")).status_code == 302
