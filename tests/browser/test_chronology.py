"""A practitioner opens a person's chronology from their page: the events in date order,
and, printed, the page without its header, navigation or filters; accessible both ways."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from safehub.agencies.models import Role, SharingCondition
from safehub.records.models import Event
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def on(event: Event, day: date) -> None:
    Event.objects.filter(pk=event.pk).update(occurred_on=day)


def test_the_chronology_lists_events_in_date_order_and_prints_without_navigation(
    page: Page, problems: BrowserProblems
) -> None:
    health = f.agency("health", "health", record_sensitivity="health")
    csc = f.agency("csc", "social_care")
    f.agreement(health, csc, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(csc, given_names="Kayleigh", family_name="Smith")
    on(f.event(girl, "missing_episode", summary="second: missing"), date(2024, 3, 1))
    on(f.event(girl, "safeguarding_referral", summary="first: referral"), date(2023, 6, 1))
    trust = f.record(health, person=girl.person, given_names="Kay")
    on(
        f.event(trust, "ae_attendance", sensitivity="health", summary="third: A&E"),
        date(2024, 5, 1),
    )
    on(
        f.event(trust, "sexual_health_attendance", sensitivity="sexual_health", summary="clinic"),
        date(2024, 1, 1),
    )
    worker = f.user(csc, Role.PRACTITIONER, username="cara.worker")
    f.case(worker, people={girl.person_id: "victim"})

    page.goto(f"/people/{girl.person_id}/")
    sign_in_through_the_pages(
        page, username="cara.worker", password=PASSWORD, device=totp_device_for(worker)
    )
    page.get_by_role("link", name="Multi-agency chronology (printable)").click()
    expect(page).to_have_url(re.compile(rf"/people/{girl.person_id}/chronology/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kayleigh Smith")
    rows = page.locator("#chronology tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.locator("td:nth-child(3)")).to_have_text(
        [re.compile("first: referral"), re.compile("second: missing"), re.compile("third: A&E")]
    )
    expect(page.get_by_text("clinic", exact=False)).to_have_count(0)
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert_accessible(page, best_practices=True)

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Menu")).to_be_hidden()
    expect(page.locator("header.govuk-template__header")).to_be_hidden()
    expect(page.locator("#timeline-filter")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Contains personal data")).to_be_visible()
    expect(page.locator("#printed-by")).to_contain_text("Printed by cara.worker, Northvale Csc on")
    expect(rows).to_have_count(3)
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/chronology_print.png", full_page=True)
    assert_accessible(page, best_practices=True)
    assert not problems, problems
