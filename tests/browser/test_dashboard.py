"""The partnership dashboard in the browser: an analyst's figure clicked through to the
list behind it (the people they may see, the rest one banded line), a partner's account
seeing the same figures with small numbers suppressed and no one named; the charts drawn
under the CSP, and axe finding nothing on any page."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from safehub.agencies.models import User
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.dashboard import world as w
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # pragma: allowlist secret


def _shot(page: Page, name: str) -> None:
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _dashboard(page: Page, user: User) -> None:
    page.goto("/")
    sign_in_through_the_pages(
        page, username=user.username, password=PASSWORD, device=totp_device_for(user)
    )
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership dashboard")
    expect(page.locator("#chart-flags[data-ready='true']")).to_have_count(1)
    assert_accessible(page, best_practices=True)
    _shot(page, f"dashboard-{user.username}")


def _flags_raised(page: Page) -> None:
    """The flags figure's table, and its whole period's "raised" figure."""
    figure = page.locator("#figure-flags")
    figure.get_by_role("tab", name="Table").click()
    figure.locator("tbody tr").last.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flags raised and reviewed")
    assert_accessible(page, best_practices=True)
    _shot(page, "dashboard-list")


def test_a_figure_clicked_through_and_suppressed_for_a_partner(
    page: Page, problems: BrowserProblems
) -> None:
    hub = w.world()
    for _ in range(6):
        w.decide(w.flag(w.child(hub.police)), hub.supervisor, "monitor")
    for _ in range(2):
        w.flag(w.child(hub.trust))  # the trust shares nothing

    _dashboard(page, hub.analyst)
    table = page.locator("#table-flags")
    expect(table.locator("tbody tr").last).to_contain_text("about 10")  # 8, two unseen
    _flags_raised(page)
    expect(
        page.locator("#figure-list").get_by_role("link", name=re.compile("^Child"))
    ).to_have_count(6)
    expect(page.locator("#figure-more")).to_contain_text("Fewer than 5 more")
    expect(page.get_by_text("Northvale Trust")).to_have_count(0)

    page.get_by_role("button", name="Sign out").click()
    _dashboard(page, hub.partner_user)
    expect(page.locator("#small-numbers")).to_be_visible()
    expect(page.locator("#table-flags tbody tr").last).to_contain_text("about 10")
    expect(page.locator("#table-flags tbody tr").last).to_contain_text("about 5")  # reviewed
    expect(page.get_by_role("link", name=re.compile("Download"))).to_have_count(0)
    _flags_raised(page)
    expect(page.locator("#figure-none")).to_be_visible()
    expect(page.locator("#figure-more")).to_contain_text("About 10 more")
    assert not problems, problems
