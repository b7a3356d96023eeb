"""A missing night walked through the pages (issue 14), as the girl's social worker
would: she is reported missing from her placement, comes back four days ago from a hotel
where she was found with adults; the social worker's home page and the hub's missing
page show her interview overdue; the interview is recorded in the girl's own words — and
screening then shows it as evidence. Everyone here is made up. Accessible throughout."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safehub.agencies.models import Role
from safehub.screening.services import screen_run
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # pragma: allowlist secret


def _shot(page: Page, name: str) -> None:
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _ago(**delta: float) -> str:
    return f"{timezone.localtime() - timedelta(**delta):%Y-%m-%d %H:%M}"


def test_an_overdue_interview_is_recorded_and_screening_reads_it(
    page: Page, problems: BrowserProblems
) -> None:
    northvale = f.hub("northvale")
    csc = f.agency("csc", "social_care", hub=northvale)
    girl = f.record(
        csc, given_names="Jade", family_name="Orrin", date_of_birth="2011-05-02", sex="female"
    ).person
    social_worker = f.user(csc, Role.PRACTITIONER, team=f.team(northvale), username="sam.okafor")
    totp_device_for(social_worker)

    page.goto("/")
    sign_in_through_the_pages(
        page,
        username=social_worker.username,
        password=PASSWORD,
        device=totp_device_for(social_worker),
    )
    page.goto(f"/people/{girl.pk}/missing/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jade Orrin")
    assert_accessible(page, best_practices=True)

    report = page.locator("form").filter(has=page.get_by_role("button", name="Report missing"))
    report.get_by_label("When they were reported missing").fill(_ago(days=5))
    report.get_by_label("Missing from", exact=True).fill("Oak House children's home")
    report.get_by_label(re.compile("Missing from their placement")).check()
    report.get_by_role("button", name="Report missing").click()
    expect(page.get_by_text("The missing report is recorded.")).to_be_visible()

    back = page.locator("form").filter(has=page.get_by_role("button", name="Record the return"))
    back.get_by_label("When they came back").fill(_ago(days=4))
    back.get_by_label("Where they were found").fill("Canal Hotel")
    back.get_by_label("Postcode of that place").fill("NV2 9XX")
    back.get_by_label("Kind of place").select_option("hotel")
    back.get_by_label("Who they were with").fill("Two adult males")
    back.get_by_role("button", name="Record the return").click()
    expect(page.get_by_text("Their return is recorded.")).to_be_visible()
    assert_accessible(page, best_practices=True)
    _shot(page, "missing-returned")

    page.goto("/")
    overdue = page.locator("#overdue-rhis")
    expect(overdue).to_contain_text("Return home interviews overdue")
    assert_accessible(page, best_practices=True)
    overdue.get_by_role("link", name="All children missing and interviews due").click()
    expect(page.locator("#rhi-figures")).to_contain_text("Northvale Csc")
    assert_accessible(page, best_practices=True)
    _shot(page, "missing-overview")
    page.locator("#rhis-overdue").get_by_role("link", name="Jade Orrin").click()

    interview = page.locator("form").filter(
        has=page.get_by_role("button", name="Record the interview")
    )
    interview.get_by_role("button", name="Record the interview").click()  # nothing filled
    expect(page.get_by_role("alert")).to_contain_text("Choose whether the interview was held")
    problems.clear()  # the 422 of the form sent empty, on purpose
    assert_accessible(page, best_practices=True)
    interview.get_by_label("Held", exact=True).check()
    interview.get_by_label("When it was offered").fill(_ago(hours=8))
    interview.get_by_label("When it was held").fill(_ago(hours=7))
    interview.get_by_label("Where they had been").fill("A flat above the takeaway")
    interview.get_by_label("In their own words").fill("They gave me vodka in exchange for sex.")
    interview.get_by_role("button", name="Record the interview").click()
    expect(page.get_by_text("The return home interview is recorded.")).to_be_visible()
    expect(page.locator(f"#episode-{girl.missing_episodes.get().pk}")).to_contain_text(
        "After 72 hours"
    )
    _shot(page, "missing-interview")

    screen_run(trigger="test")  # as the link run that follows every write does
    page.goto(f"/people/{girl.pk}/screening/")
    evidence = page.locator("#latest-evidence")
    expect(evidence.get_by_text("Exchanging or 'selling' sex")).to_be_visible()
    expect(evidence.get_by_text(re.compile("in exchange for sex")).first).to_be_visible()
    assert_accessible(page, best_practices=True)
    _shot(page, "missing-screening")
    assert not problems, problems
