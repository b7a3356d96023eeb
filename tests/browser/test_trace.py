"""A supervisor of a partner agency traces a man only the police hold: the page says a
possible match is held elsewhere — naming neither the police nor him — and they ask the
agencies that hold it, not told which (issue 8, item 6)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from safehub.access.models import AccessRequest
from safehub.agencies.models import Role
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"
REASON = "Strategy meeting: he is named by a girl missing from care."


def _screenshot(page: Page, name: str) -> None:
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_partner_supervisor_traces_a_man_only_police_hold_and_asks_for_him(
    page: Page, problems: BrowserProblems
) -> None:
    police = f.agency("police", "police")
    csc = f.agency("csc", "social_care")
    him = f.record(
        police,
        given_names="Mo",
        family_name="Bibi",
        date_of_birth="1996-05-14",
        birth_year=1996,
        postcode="NV3 1AA",
    )
    boss = f.user(csc, Role.SUPERVISOR, username="cass.supervisor")

    page.goto("/")
    sign_in_through_the_pages(
        page, username="cass.supervisor", password=PASSWORD, device=totp_device_for(boss)
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Trace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trace a person")
    page.get_by_label("Name, as remembered").fill("Mo Bibi")
    page.get_by_label("Year of birth (roughly)").fill("1996")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="Nobody you may open")).to_be_visible()
    expect(page.locator("#held-elsewhere")).to_contain_text(
        "Possible matches are held by other agencies of the partnership"
    )
    shown = page.locator("main").inner_text()  # the text on the page, not the search typed
    for withheld in (police.name, "Police", "Bibi", "1996-05-14", "NV3", str(him.person_id), "%"):
        assert withheld not in shown, withheld
    assert str(him.person_id) not in page.content()
    _screenshot(page, "trace-held-elsewhere")
    assert_accessible(page, best_practices=True)

    page.get_by_role("link", name="Ask the agencies that hold them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ask the agencies that hold possible matches"
    )
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you need access")
    assert_accessible(page, best_practices=True)
    problems.clear()  # the 422 of the form sent empty, on purpose

    page.get_by_label("Why do you need it?").fill(REASON)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trace a person")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(
        "Your request went to the agencies that hold the possible matches"
    )
    assert "Police" not in page.locator("main").inner_text()
    _screenshot(page, "trace-request-sent")
    assert_accessible(page, best_practices=True)

    request = AccessRequest.objects.get()
    assert (request.owner, request.person_id, request.via_trace, request.reason) == (
        police,
        him.person_id,
        True,
        REASON,
    )
    assert not problems, problems
