"""A member of a case team opens the case from their list of cases, sees its people (by
the names they may see) and adds a note; the pages pass an accessibility check."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from safehub.access.models import CaseNote
from safehub.agencies.models import Role, SharingCondition
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def test_a_member_opens_their_case_sees_its_people_and_adds_a_note(
    page: Page, problems: BrowserProblems
) -> None:
    trust = f.agency("trust", "health", record_sensitivity="health")
    police = f.agency("police")
    school = f.agency("school", "education")
    f.agreement(trust, police, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(trust, given_names="Kayleigh", family_name="Smith")
    suspect = f.record(school, given_names="Dean", family_name="Barker")  # shared with no one
    worker = f.user(police, Role.PRACTITIONER, username="sam.constable")
    case = f.case(
        worker,
        f.user(police, Role.SUPERVISOR),
        people={girl.person_id: "victim", suspect.person_id: "suspect"},
    )

    page.goto("/")
    sign_in_through_the_pages(
        page, username="sam.constable", password=PASSWORD, device=totp_device_for(worker)
    )
    page.goto("/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cases")
    assert_accessible(page, best_practices=True)
    page.get_by_role("link", name=case.reference).click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)
    expect(page.get_by_role("link", name="Kayleigh Smith")).to_have_attribute(
        "href", f"/people/{girl.person_id}/"
    )
    expect(page.get_by_text("A person (details held by another agency)")).to_be_visible()
    expect(page.get_by_text("Barker")).to_have_count(0)
    assert_accessible(page, best_practices=True)

    page.get_by_label("Add a note for the case team").fill("Strategy meeting on Monday at 10.")
    page.get_by_role("button", name="Add note").click()

    expect(page.get_by_text("Your note is added to the case.")).to_be_visible()
    expect(page.get_by_text("Strategy meeting on Monday at 10.")).to_be_visible()
    assert CaseNote.objects.filter(case=case, author=worker).count() == 1
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/case.png", full_page=True)
    assert_accessible(page, best_practices=True)
    assert not problems, problems
