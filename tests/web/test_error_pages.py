"""The error pages: GOV.UK pages that help the user on, and say nothing about what they
withhold (a missing person and a withheld one get the same 404, byte for byte)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied, server_error
from pytest_django.fixtures import Settings as SettingsWrapper

from safehub.agencies.models import Role, User
from tests import factories as f
from tests.answers import without_csrf_token
from tests.signin import sign_in

SignIn = Callable[[User], Client]
MENU = '<nav aria-label="Menu"'


def _profile(person_id: object) -> str:
    return reverse("person_profile", kwargs={"person_id": person_id})


def _main(html: str) -> str:
    return html.split('<main class="govuk-main-wrapper" id="main-content">')[1]


def _heading(html: str) -> str:
    found = re.search(r'<h1 class="govuk-heading-l">([^<]*)</h1>', html)
    assert found, "no GOV.UK heading"
    return found.group(1)


@pytest.mark.django_db
def test_a_withheld_person_and_a_missing_one_get_the_same_not_found_page(signed_in: SignIn) -> None:
    police, health = f.agency("police"), f.agency("health", "health")
    withheld = f.record(health, given_names="Kayleigh", family_name="Smith").person_id
    client = signed_in(f.user(police, Role.PRACTITIONER))

    refused = client.get(_profile(withheld))
    missing = client.get(_profile(uuid.uuid4()))
    malformed = client.get("/people/not-a-person/")

    assert refused.status_code == missing.status_code == malformed.status_code == 404
    assert (
        without_csrf_token(refused.content)
        == without_csrf_token(missing.content)
        == without_csrf_token(malformed.content)
    )
    html = refused.content.decode()
    assert _heading(html) == "Page not found"
    assert "may not exist, or you may not have access to it" in html
    assert str(withheld) not in html
    assert "Kayleigh" not in html


@pytest.mark.django_db
def test_the_not_found_page_has_the_layout_and_the_signed_in_users_navigation(
    signed_in: SignIn,
) -> None:
    police = f.agency("police")
    client = signed_in(f.user(police, Role.PRACTITIONER, username="paul.practitioner"))

    response = client.get(_profile(uuid.uuid4()))

    html = response.content.decode()
    assert 'class="govuk-template"' in html
    assert MENU in html
    assert f'href="{reverse("person_list")}">People</a>' in html
    assert "paul.practitioner" in html  # signed in as, in the header
    assert "Sign out" in html
    assert "Content-Security-Policy" in response.headers
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_not_found_page_does_not_echo_the_address_asked_for() -> None:
    response = Client().get("/people/<b>kayleigh-smith-2009</b>/")
    html = response.content.decode()
    assert response.status_code == 404
    assert _heading(html) == "Page not found"
    assert "kayleigh" not in html.lower()
    assert MENU not in html  # signed out: no navigation


@pytest.mark.django_db
def test_sign_out_works_from_the_not_found_page() -> None:
    user = f.user(f.agency("police"), Role.PRACTITIONER)
    client = sign_in(Client(enforce_csrf_checks=True), user)
    html = client.get(_profile(uuid.uuid4())).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "no sign-out form on the 404 page"

    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token.group(1)})

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302  # signed out on the server


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_the_govuk_page_saying_what_to_do() -> None:
    user = f.user(f.agency("police"), Role.PRACTITIONER)
    client = sign_in(Client(enforce_csrf_checks=True), user)

    response = client.post(reverse("logout"))

    html = response.content.decode()
    assert response.status_code == 403
    assert _heading(html) == "You cannot do that from this page"
    assert "reload it, and try again" in html
    assert MENU in html  # still signed in: the navigation is there
    assert "CSRF" not in _main(html)  # Django's reason is for the log, not the page
    assert client.get(reverse("home")).status_code == 200  # and not signed out


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_gets_the_govuk_bad_request_page() -> None:
    response = Client().get("/", headers={"host": "safehub.attacker.example"})
    html = response.content.decode()
    assert response.status_code == 400
    assert _heading(html) == "Sorry, Safehub cannot answer that request"
    assert 'class="govuk-template"' in html
    assert "attacker" not in html


def test_a_refusal_page_does_not_show_why() -> None:
    request = RequestFactory().get("/audit/")
    response = permission_denied(
        request, PermissionDenied("reading the audit log needs the auditor role")
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert _heading(html) == "You cannot do that"
    assert "auditor role" not in html


def test_the_server_error_page_needs_no_database_and_shows_no_trace(
    settings: SettingsWrapper,
) -> None:
    # No database here: pytest-django refuses any query this test would make, as a
    # failing database would.
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/people/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert _heading(html) == "Sorry, there is a problem with the service"
    assert "Try again later." in html
    assert "vendor/govuk/govuk-frontend.min.css" in html
    assert "Traceback" not in html
    assert "<script" not in html
    assert " style=" not in html


@pytest.mark.django_db
def test_the_too_many_people_page_has_the_layout_and_navigation(
    signed_in: SignIn, settings: SettingsWrapper
) -> None:
    settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT = 0
    csc = f.agency("csc", "social_care")
    girl = f.record(csc, given_names="Kayleigh", family_name="Smith")
    client = signed_in(f.user(csc, Role.PRACTITIONER))

    response = client.get(_profile(girl.person_id))

    html = response.content.decode()
    assert response.status_code == 429
    assert _heading(html) == "You have opened many people outside your cases today"
    assert MENU in html
    assert "Kayleigh" not in html
