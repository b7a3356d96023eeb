"""An agency's supervisor, signed in through the pages, finds from the review queue the
pairs of their agency's records a reviewer decided are one person, and downloads them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from safehub.agencies.models import Role
from safehub.linking.models import LinkDecision
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # pragma: allowlist secret


def test_a_supervisor_reads_and_downloads_the_agencys_possible_duplicates(
    page: Page, problems: BrowserProblems
) -> None:
    police = f.agency("police", "police")
    first = f.record(police, given_names="Emeka", family_name="OKONKWO")
    second = f.record(police, given_names="Meka", family_name="Okonkwo")
    analyst = f.user(police, Role.ANALYST)
    LinkDecision.objects.create(left=first, right=second, verdict="same", decided_by=analyst)
    supervisor = f.user(police, Role.SUPERVISOR, username="sam.supervisor")

    page.goto("/")
    sign_in_through_the_pages(
        page, username="sam.supervisor", password=PASSWORD, device=totp_device_for(supervisor)
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Review links").click()
    page.get_by_role(
        "link", name="Possible duplicates in your agency\N{RIGHT SINGLE QUOTATION MARK}s records"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Possible duplicates in Northvale Police\N{RIGHT SINGLE QUOTATION MARK}s records"
    )
    expect(page.get_by_role("row", name=f"Emeka OKONKWO {first.record_id}")).to_be_visible()
    assert_accessible(page, best_practices=True)
    with page.expect_download() as arrived:
        page.get_by_role("link", name="Download the list as CSV").click()
    text = Path(arrived.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["First record reference"], r["Second record reference"]) for r in rows] == [
        (first.record_id, second.record_id)
    ]
    assert not problems, problems
