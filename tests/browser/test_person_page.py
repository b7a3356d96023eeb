"""A practitioner filters a person's timeline by agency and period: the events and the
counts change, and the page passes an accessibility check."""

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


def test_filtering_the_timeline_changes_the_events_and_the_counts(
    page: Page, problems: BrowserProblems
) -> None:
    health = f.agency("health", "health", record_sensitivity="health")
    csc = f.agency("csc", "social_care")
    f.agreement(health, csc, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(csc, given_names="Kayleigh", family_name="Smith")
    on(f.event(girl, "missing_episode", summary="missing in 2023"), date(2023, 5, 1))
    on(f.event(girl, "missing_episode", summary="missing in spring"), date(2024, 3, 1))
    on(f.event(girl, "safeguarding_referral", summary="referral made"), date(2024, 4, 1))
    trust = f.record(health, person=girl.person, given_names="Kay")
    on(
        f.event(trust, "ae_attendance", sensitivity="health", summary="hand injury"),
        date(2024, 4, 2),
    )
    on(
        f.event(trust, "sexual_health_attendance", sensitivity="sexual_health", summary="clinic"),
        date(2024, 4, 3),
    )
    worker = f.user(csc, Role.PRACTITIONER, username="cara.worker")
    f.case(worker, people={girl.person_id: "victim"})

    page.goto(f"/people/{girl.person_id}/")
    sign_in_through_the_pages(
        page, username="cara.worker", password=PASSWORD, device=totp_device_for(worker)
    )
    expect(page).to_have_url(re.compile(rf"/people/{girl.person_id}/$"))
    agency = page.get_by_label("Agency")
    expect(agency.locator("option")).to_have_text(
        ["All agencies", "Northvale Csc (3)", "Northvale Health (1)"]
    )
    expect(page.locator("#timeline-count")).to_have_text("4 events you can see.")
    expect(page.get_by_text("clinic", exact=True)).to_have_count(0)

    agency.select_option(label="Northvale Csc (3)")
    page.get_by_label("From").fill("1/1/2024")
    page.get_by_label("To").fill("31/12/2024")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"agency=csc&.*date_from=1%2F1%2F2024"))
    expect(page.locator("#timeline-count")).to_have_text(
        "2 of the 4 events you can see match the filters."
    )
    expect(page.get_by_label("Agency").locator("option")).to_have_text(
        ["All agencies", "Northvale Csc (2)", "Northvale Health (1)"]
    )
    expect(page.get_by_label("Kind of event").locator("option")).to_have_text(
        ["All kinds", "A&E attendance (0)", "Missing episode (1)", "Safeguarding referral (1)"]
    )
    timeline = page.locator(".moj-timeline")
    expect(timeline.locator(".moj-timeline__title")).to_have_text(
        ["Safeguarding referral", "Missing episode"]
    )
    expect(timeline.get_by_text("missing in 2023")).to_have_count(0)
    expect(timeline.get_by_text("hand injury")).to_have_count(0)
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/person_page.png", full_page=True)
    assert_accessible(page, best_practices=True)
    assert not problems, problems
