"""A practitioner follows a link to a person they may not open: the 404 page is a GOV.UK
page with their navigation, passes an accessibility check, and lets them sign out. The
server error page, which stands alone, passes it too."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error
from playwright.sync_api import Page, expect

from safehub.agencies.models import Role
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def test_the_not_found_page_is_accessible_and_names_nothing(
    page: Page, problems: BrowserProblems
) -> None:
    police, health = f.agency("police"), f.agency("health", "health")
    withheld = f.record(health, given_names="Kayleigh", family_name="Smith").person_id
    officer = f.user(police, Role.PRACTITIONER, username="paul.practitioner")

    page.goto("/")
    sign_in_through_the_pages(
        page, username="paul.practitioner", password=PASSWORD, device=totp_device_for(officer)
    )
    response = page.goto(f"/people/{withheld}/")

    assert response is not None
    assert response.status == 404
    not_found = page.url
    expect(page).to_have_title("Page not found \N{EN DASH} Safehub")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="People")
    ).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(str(withheld))
    expect(page.get_by_role("main")).not_to_contain_text("Kayleigh")
    assert_accessible(page, best_practices=True)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Safehub")
    # The page's own 404 (which Chromium also reports in the console), and nothing else:
    # no stylesheet, script or CSP failure.
    assert sorted(problems) == [
        f"HTTP 404: {not_found}",
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ], problems


def test_the_server_error_page_is_accessible_and_styled(
    page: Page, problems: BrowserProblems
) -> None:
    # Django renders it with no request; shown here as the browser would get it, on the
    # hub's own origin so its stylesheets load.
    html = server_error(RequestFactory().get("/")).content.decode()
    page.goto("/sign-in/")
    page.set_content(html)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )
    expect(page.locator("h1")).to_have_css("font-family", re.compile("GDS Transport"))
    assert_accessible(page, best_practices=True)
    assert not problems, problems
