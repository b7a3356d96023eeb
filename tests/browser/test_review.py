"""A reviewer, signed in through the pages, opens the link review queue and a pair, reads
the match-weight waterfall, decides the records are different people — and re-linking
keeps them apart although the model would join them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect

from safehub.agencies.models import Role, SharingCondition
from safehub.linking.models import LinkDecision, LinkModelVersion, ReviewPair
from safehub.linking.pipeline import facade as pipeline
from safehub.linking.pipeline.synthetic import world_records
from safehub.linking.services import runs as services
from safehub.records.models import PersonRecord
from safehub.synth.world import generate
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"
NHS = "9434765919"


@pytest.fixture(scope="module")
def model_json(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A model trained on a small synthetic world (the pipeline, for real)."""
    world = tmp_path_factory.mktemp("world")
    generate(out_dir=world, seed=3, young_people=200)
    records, _ = world_records(world)
    return pipeline.train(records, seed=1).to_json()


def _activate(model_json: str) -> None:
    model = pipeline.LinkModel.from_json(model_json)
    LinkModelVersion.objects.create(
        version=model.version, model_json=model_json, summary=model.summary, active=True
    )


def test_a_reviewer_decides_a_pair_and_relinking_keeps_the_decision(
    page: Page, problems: BrowserProblems, model_json: str, settings: LazySettings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    _activate(model_json)
    police = f.agency("police", "police")
    health = f.agency("health", "health", record_sensitivity="health")
    f.agreement(health, police, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(
        police,
        given_names="Rebecca",
        family_name="SMITH",
        date_of_birth="2009-04-02",
        nhs_number=NHS,
        postcode="NV1 2AB",
    )
    clinic = f.record(
        health,
        given_names="Becky",
        family_name="Smith",
        date_of_birth="2009-04-02",
        nhs_number=NHS,
        postcode="NV1 2AB",
    )
    services.link_run(full=True)  # the model is sure: one person
    girl.refresh_from_db()
    clinic.refresh_from_db()
    assert girl.person_id == clinic.person_id
    low, high = sorted((girl, clinic), key=lambda r: r.pk)
    ReviewPair.objects.create(
        left=low,
        right=high,
        match_weight=20.0,
        match_probability=1.0,
        reason=ReviewPair.Reason.LARGE_MERGE,
    )
    reviewer = f.user(police, Role.SUPERVISOR, username="sam.supervisor")
    f.case(reviewer, people={girl.person_id: "victim"})

    page.goto("/")
    sign_in_through_the_pages(
        page, username="sam.supervisor", password=PASSWORD, device=totp_device_for(reviewer)
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Review links").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Links to review")
    page.get_by_role("link", name=re.compile(r"^Review pair")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Are these records the same person?")
    expect(page.locator("#left-record, #right-record")).to_have_count(2)
    expect(page.locator("#right-record")).to_contain_text("Becky")
    waterfall = page.locator("table.app-waterfall")
    expect(waterfall.locator("rect")).to_have_count(12)  # the starting point, 11 comparisons
    expect(waterfall.get_by_role("row", name=re.compile("^NHS number"))).to_contain_text("same")
    expect(waterfall.get_by_role("img", name=re.compile(r"^Date of birth: "))).to_be_visible()
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/review-pair.png", full_page=True)
    assert_accessible(page, best_practices=True)

    page.get_by_label("No, different people").check()
    page.get_by_label("Why? (optional)").fill("Twins: the clinic confirmed two girls.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Links to review")
    expect(page.get_by_text("Your decision is recorded")).to_be_visible()
    assert LinkDecision.objects.get().verdict == "different"

    # The decision's own re-link ran; a full re-link later keeps it.
    services.link_run(full=True)
    girl.refresh_from_db()
    clinic.refresh_from_db()
    assert girl.person_id != clinic.person_id
    assert PersonRecord.objects.filter(person_id=girl.person_id).count() == 1
    assert not problems, problems


def test_a_pair_with_a_withheld_record_names_nothing_it_withholds(
    page: Page, problems: BrowserProblems, model_json: str, settings: LazySettings, tmp_path: Path
) -> None:
    """Issue 8: a social-care supervisor whose pair had a police record withheld read "a
    number in common", "year only agrees" and an alias beside her own record. Now the pair
    is not in her queue, and opening it by its address is the site's 404 page: no police,
    no comparison level, no value of either record."""
    settings.VAR_DIR = tmp_path / "var"
    _activate(model_json)
    police, csc = f.agency("police", "police"), f.agency("csc", "social_care")
    mine = f.record(
        csc,
        given_names="Amira",
        family_name="Bibi",
        date_of_birth="2008-06-01",
        phone="07700 900456",
        postcode="NV2 4CD",
    )
    theirs = f.record(
        police,
        given_names="Meera",
        family_name="Bibi",
        date_of_birth="2008-11-11",
        phone="07700 900456",
        postcode="NV9 9ZZ",
        other_names="Mimi",
        pnc_id="2004/0123456X",
    )
    low, high = sorted((mine, theirs), key=lambda r: r.pk)
    pair = ReviewPair.objects.create(left=low, right=high, match_weight=0.5, match_probability=0.6)
    reviewer = f.user(csc, Role.SUPERVISOR, username="cara.supervisor")

    page.goto("/")
    sign_in_through_the_pages(
        page, username="cara.supervisor", password=PASSWORD, device=totp_device_for(reviewer)
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Review links").click()
    expect(page.get_by_text("No pairs are waiting for you.")).to_be_visible()
    assert_accessible(page, best_practices=True)

    page.goto(f"/links/review/{pair.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    text = page.locator("main").inner_text()
    for withheld in (
        "Police",
        "police",
        "Meera",
        "Mimi",
        "2004/0123456X",
        "2008-11-11",
        "NV9",
        "number in common",
        "year",
        "agrees",
        "Amira",
        "07700",
    ):
        assert withheld not in text, withheld
    assert_accessible(page, best_practices=True)
    assert [p for p in problems if "404" not in p] == [], problems
