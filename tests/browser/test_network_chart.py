"""An analyst charts a girl's network: opened from her page, a man expanded by selecting
him in the chart, his car expanded from the table, a date window applied — and what the
clinic holds is never drawn, only counted by agency. Accessible throughout."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.network.world import world
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # pragma: allowlist secret


def _shot(page: Page, name: str) -> None:
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _drawn(page: Page) -> list[str]:
    page.wait_for_selector("#network-chart[data-ready='true']")
    page.locator("#network-chart").scroll_into_view_if_needed()
    return page.evaluate(
        "[...document.getElementById('network-chart').chart.nodes()].map(n => n.data('label'))"
    )


def _select(page: Page, label: str) -> None:
    """Click the node in the drawing itself, where Cytoscape rendered it."""
    point = page.evaluate(
        """(label) => {
            const cy = document.getElementById('network-chart').chart;
            return cy.nodes().filter(n => n.data('label') === label)[0].renderedPosition();
        }""",
        label,
    )
    box = page.locator("#network-chart").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_an_analyst_charts_a_girls_network(page: Page, problems: BrowserProblems) -> None:
    w = world()
    page.goto("/")
    sign_in_through_the_pages(
        page, username=w.analyst.username, password=PASSWORD, device=totp_device_for(w.analyst)
    )
    page.goto(f"/people/{w.girl.pk}/")
    page.get_by_role("link", name="Network chart").click()
    expect(page).to_have_url(re.compile(rf"/people/{w.girl.pk}/network/$"))
    assert sorted(_drawn(page)) == ["Dean Barker", "Kayleigh Smyth"]
    # The clinic's man is not drawn, nor named; the clinic is named with a band.
    withheld = page.locator("#withheld")
    expect(withheld).to_contain_text(
        "Northvale Health: fewer than 5 people or things, fewer than 5 ties"
    )
    expect(page.get_by_text("Mo Hussain")).to_have_count(0)
    assert int(page.locator("#network-chart").get_attribute("data-drawn-ms") or 0) < 2000
    assert_accessible(page, best_practices=True)

    # Hovering over the tie shows the records behind it.
    middle = page.evaluate(
        "document.getElementById('network-chart').chart.edges()[0].renderedMidpoint()"
    )
    box = page.locator("#network-chart").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + middle["x"], box["y"] + middle["y"])
    expect(page.locator("#network-tip")).to_contain_text("Northvale Police")
    _shot(page, "network-chart")

    _select(page, "Dean Barker")  # expands him
    expect(page).to_have_url(re.compile(r"expand=person"))
    assert "Vehicle AB12CDE" in _drawn(page)
    page.locator("#chart-nodes").get_by_role("link", name="Expand Vehicle AB12CDE").click()
    assert "Jade Moss" in _drawn(page)
    ties = page.locator("#chart-ties")
    expect(ties).to_contain_text("Victim and suspect")

    page.get_by_label("From date").fill("2025-01-20")
    page.get_by_role("button", name="Apply filters").click()
    expect(ties).not_to_contain_text("Victim and suspect")  # 5 January 2025: outside
    expect(ties).to_contain_text("Seen with")  # 1 February 2025
    assert "Jade Moss" in _drawn(page)
    expect(page.get_by_text("Mo Hussain")).to_have_count(0)
    assert_accessible(page, best_practices=True)
    _shot(page, "network-chart-filtered")
    assert not problems, problems
