"""A practitioner signs in with both factors and opens a profile: what is held elsewhere
shows only as "held by", and the page passes an accessibility check."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from safehub.agencies.models import Role, SharingCondition
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def test_a_case_worker_sees_sexual_health_only_as_held_by(
    page: Page, problems: BrowserProblems
) -> None:
    health = f.agency("health", "health", record_sensitivity="health")
    csc = f.agency("csc", "social_care")
    f.agreement(health, csc, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(csc, given_names="Kayleigh", family_name="Smith")
    clinic = f.record(health, person=girl.person, given_names="Kay")
    f.event(clinic, "sexual_health_attendance", sensitivity="sexual_health", summary="clinic visit")
    f.event(clinic, "ae_attendance", sensitivity="health", summary="hand injury")
    worker = f.user(csc, Role.PRACTITIONER, username="cara.worker")
    f.case(worker, people={girl.person_id: "victim"})

    page.goto("/")
    sign_in_through_the_pages(
        page, username="cara.worker", password=PASSWORD, device=totp_device_for(worker)
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    page.get_by_role("link", name="Kayleigh Smith").first.click()  # under "In your case teams"
    expect(page).to_have_url(re.compile(rf"/people/{girl.person_id}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kayleigh Smith")
    expect(page.get_by_text("hand injury")).to_be_visible()
    expect(page.get_by_text("clinic visit")).to_have_count(0)
    expect(page.locator("#withheld")).to_contain_text("Held by Northvale Health — request access")
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/profile.png", full_page=True)
    assert_accessible(page, best_practices=True)
    assert not problems, problems
