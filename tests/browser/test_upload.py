"""A hub manager uploads an extract in a real browser and sees it imported."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from safehub.access.services.registration import agency_add, user_create
from safehub.agencies.models import Role
from safehub.ingest import services
from safehub.ingest.models import ImportJob
from safehub.records.models import PersonRecord
from tests.browser.conftest import BrowserProblems, sign_in_through_the_pages
from tests.extracts import person, write_extract, zip_extract
from tests.signin import totp_device_for

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("SAFEHUB_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_hub_manager_uploads_an_extract(
    page: Page, problems: BrowserProblems, tmp_path: Path
) -> None:
    police = agency_add(code="police", name="Northshire Police", type="police")
    agency_add(code="health", name="Northshire Health Trust", type="health")
    device = totp_device_for(
        user_create(
            username="pat.manager",
            password=PASSWORD,
            agency=police,
            roles=[Role.HUB_MANAGER],
            first_name="Pat",
            last_name="Manager",
        )
    )
    folder = write_extract(
        tmp_path / "police-2026-11-01",
        agency="police",
        extract_id="police-2026-11-01",
        files={
            "persons": [
                person("P1", "Smyth", "Kayleigh", "2009-04-02"),
                person("P2", "Jones", "Amira", "2008-11-17"),
            ]
        },
    )
    archive = zip_extract(folder, tmp_path / "police-2026-11-01.zip")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    sign_in_through_the_pages(page, username="pat.manager", password=PASSWORD, device=device)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safehub")
    # GOV.UK Frontend's module started (its support class is set by init.js).
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Extracts").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Extracts")
    # The enhanced GOV.UK file upload moves the id to its button; the input keeps its name.
    page.locator("input[type=file][name=extract]").set_input_files(str(archive))
    page.get_by_role("button", name="Upload and import").click()

    expect(page).to_have_url(re.compile(r"/imports/[0-9a-f-]{36}/$"))
    expect(page.locator(".govuk-summary-list .govuk-tag")).to_have_text("Imported")
    expect(page.get_by_text("Imported extract police-2026-11-01: 2 rows.")).to_be_visible()
    assert PersonRecord.objects.filter(agency=police).count() == 2
    _screenshot(page, "job")

    page.get_by_role("link", name="See Northshire Police\u2019s extracts").click()
    expect(page.get_by_role("rowheader", name="police-2026-11-01")).to_be_visible()
    _screenshot(page, "extracts")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home").click()
    _screenshot(page, "home")

    assert problems == [], "the browser reported problems (CSP violations among them)"


def test_job_page_follows_progress_until_finished(
    page: Page, problems: BrowserProblems, monkeypatch: pytest.MonkeyPatch
) -> None:
    police = agency_add(code="police", name="Northshire Police", type="police")
    user = user_create(
        username="paul.practitioner", password=PASSWORD, agency=police, roles=[Role.PRACTITIONER]
    )
    job = ImportJob.objects.create(
        agency=police,
        uploaded_by=user,
        original_name="big.zip",
        stored_path="",
        size_bytes=3_000_000,
    )
    # The live server runs in this process, so the worker's progress can be stood in for.
    progress = {"now": (1_500_000, 6_000_000)}
    monkeypatch.setattr(services, "import_job_progress", lambda job: progress["now"])

    sign_in_through_the_pages(
        page, username="paul.practitioner", password=PASSWORD, device=totp_device_for(user)
    )
    page.goto(f"/imports/{job.id}/")
    expect(page.get_by_text("25% — 1.5 MB of 6.0 MB")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "25")
    _screenshot(page, "job-running")

    progress["now"] = (4_500_000, 6_000_000)
    expect(page.get_by_text("75% — 4.5 MB of 6.0 MB")).to_be_visible(timeout=5_000)

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.REJECTED,
        message="1 problem(s) found; nothing was imported.",
        issues=["persons.csv, line 3, column 'date_of_birth': not a date"],
    )
    expect(
        page.get_by_text("persons.csv, line 3, column 'date_of_birth': not a date")
    ).to_be_visible(timeout=5_000)
    expect(page.locator("progress")).to_have_count(0)
    expect(page.locator("#job-status")).not_to_have_attribute("hx-trigger", re.compile("."))
    _screenshot(page, "job-rejected")

    assert problems == [], "the browser reported problems (CSP violations among them)"


def test_polling_after_the_session_ends_goes_to_sign_in(
    page: Page, problems: BrowserProblems
) -> None:
    police = agency_add(code="police", name="Northshire Police", type="police")
    user = user_create(
        username="paul.practitioner", password=PASSWORD, agency=police, roles=[Role.PRACTITIONER]
    )
    job = ImportJob.objects.create(
        agency=police,
        uploaded_by=user,
        original_name="big.zip",
        stored_path="",
        size_bytes=3_000_000,
    )
    sign_in_through_the_pages(
        page, username="paul.practitioner", password=PASSWORD, device=totp_device_for(user)
    )
    page.goto(f"/imports/{job.id}/")
    expect(page.locator("progress")).to_be_visible()

    page.context.clear_cookies()
    # The next poll is redirected to sign in; the whole page follows, not the fragment.
    expect(page).to_have_url(re.compile(rf"/sign-in/\?next=/imports/{job.id}/$"), timeout=5_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Safehub")
    assert problems == []
