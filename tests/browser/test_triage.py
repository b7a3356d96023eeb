"""The hub's daily meeting, as a supervisor walks it: the triage queue, a flag's evidence
(another agency's named as "evidence held by"), an outcome with its reason — and a new
missing night at a hotel re-opens the flag, saying what is new. Accessible throughout."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from safehub.screening.models import Flag
from safehub.screening.services import screen_run
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.screening.hub import flagged_hub
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # pragma: allowlist secret


def _shot(page: Page, name: str) -> None:
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_flag_is_triaged_and_new_evidence_reopens_it(
    page: Page, problems: BrowserProblems
) -> None:
    hub = flagged_hub()
    page.goto("/")
    sign_in_through_the_pages(
        page,
        username=hub.supervisor.username,
        password=PASSWORD,
        device=totp_device_for(hub.supervisor),
    )
    page.get_by_role("link", name="Triage").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage")
    queue = page.locator("#triage-queue")
    expect(
        queue.get_by_text("A relationship with a much older 'boyfriend' or adults")
    ).to_be_visible()
    assert_accessible(page, best_practices=True)
    _shot(page, "triage-queue")

    queue.get_by_role("link", name="Kayleigh Smith").click()
    expect(page).to_have_url(re.compile(rf"/people/{hub.girl.pk}/screening/$"))
    evidence = page.locator("#latest-evidence")
    # One missing night counts for three rules (missing, overnight, in a car): shown under each.
    expect(evidence.get_by_text("Seen getting into a car with two men")).to_have_count(3)
    expect(evidence.get_by_text("Evidence held by Northvale School")).to_be_visible()
    expect(evidence.get_by_text("Talks of an older boyfriend")).to_have_count(0)
    assert_accessible(page, best_practices=True)
    _shot(page, "screening")

    page.get_by_role("button", name="Record outcome").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose an outcome")
    problems.clear()  # the 422 of the form sent empty, on purpose
    page.get_by_label("No further action").check()
    page.get_by_label("Reason").fill("Boyfriend is in her year at school; mother aware.")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_text("Recorded: no further action.")).to_be_visible()
    expect(page.get_by_text("No flags are waiting for the meeting")).to_be_visible()
    assert hub.flag().status == Flag.Status.NFA

    night = hub.new_fact("Found at the Canal Hotel at 3am with an adult male")
    screen_run(trigger="link")
    page.reload()
    expect(queue.get_by_text("New evidence")).to_be_visible()
    queue.get_by_role("link", name="Kayleigh Smith").click()
    banner = page.locator("#new-evidence")
    expect(banner.get_by_text(night.summary).first).to_be_visible()
    expect(banner.get_by_text("Seen getting into a car with two men")).to_have_count(0)
    expect(page.locator("#decisions")).to_contain_text("Boyfriend is in her year at school")
    assert_accessible(page, best_practices=True)
    _shot(page, "screening-new-evidence")
    assert not problems, problems
