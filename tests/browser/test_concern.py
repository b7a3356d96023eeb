"""A hotel's front desk passes on a concern as it would on a phone at reception: only what
was seen, in well under a minute; it is thanked with a reference, sees what it sent and
nothing else — not a colleague's concern, not the hub's people. Accessible throughout
(axe, WCAG 2.2 AA)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from safehub.agencies.models import Role, SharingCondition
from safehub.concerns.models import Concern
from safehub.records.models import Event
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # pragma: allowlist secret
SEEN = "Girl about 14 came to reception with two older men, asked for room 12, looked scared"


def test_a_hotel_passes_on_a_concern_and_sees_only_its_own(
    page: Page, problems: BrowserProblems
) -> None:
    police = f.agency("police")
    hotel = f.agency("hotel", "partner")
    f.agreement(hotel, police, "general", "intelligence", condition=SharingCondition.ALWAYS)
    f.record(police, given_names="Kayleigh", family_name="Smyth")
    desk = f.user(hotel, Role.PARTNER, username="front.desk")
    colleague = f.user(hotel, Role.PARTNER)
    theirs = Concern.objects.create(
        reference="QC-COLLEAGU", author=colleague, agency=hotel, seen_on="2026-01-02",
        what_seen="A man waiting in the car park all night",
    )  # fmt: skip

    page.goto("/")
    sign_in_through_the_pages(
        page, username="front.desk", password=PASSWORD, device=totp_device_for(desk)
    )
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="People")).to_have_count(0)

    started = time.monotonic()
    menu.get_by_role("link", name="Pass on a concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pass on a concern")
    assert_accessible(page)
    page.get_by_label("What did you see or hear?").fill(SEEN)
    page.get_by_role("button", name="Send the concern").click()
    expect(page.get_by_role("heading", name="Concern passed on")).to_be_visible()
    took = time.monotonic() - started
    assert took < 60, f"the concern took {took:.1f} s"
    assert_accessible(page)

    mine = Concern.objects.get(author=desk)
    expect(page.locator("#concern-reference")).to_have_text(mine.reference)
    expect(page.locator("#concern-sent")).to_contain_text(SEEN)
    event = Event.objects.get(agency=hotel, event_id=mine.reference)
    assert (event.event_type, event.grading) == ("community_concern", "2/A/P")

    menu.get_by_role("link", name="Your concerns").click()
    expect(page.locator("#own-concerns")).to_contain_text(mine.reference)
    expect(page.locator("#own-concerns")).not_to_contain_text(theirs.reference)
    assert_accessible(page)
    page.goto("/people/")
    expect(page.get_by_text("Smyth")).to_have_count(0)
    assert problems == [], problems
    answer = page.goto(f"/concerns/{theirs.reference}/")
    assert answer is not None
    assert answer.status == 404
