"""A practitioner, signed in through the pages, reads why a girl's records are one person
— the evidence in plain words — challenges the join with a reason, and is told it went
back to the review queue."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect

from safehub.agencies.models import SharingCondition
from safehub.linking.models import LinkModelVersion, ReviewPair
from safehub.linking.pipeline import facade as pipeline
from safehub.linking.pipeline.synthetic import world_records
from safehub.linking.services import runs
from safehub.synth.world import generate
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"
NHS = "9434765919"
REASON = "Her school says these are two different girls in the same class."


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


def test_a_practitioner_reads_why_records_are_joined_and_challenges_the_join(
    page: Page, problems: BrowserProblems, model_json: str, settings: LazySettings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    _activate(model_json)
    police, csc = f.agency("police", "police"), f.agency("csc", "social_care")
    f.agreement(csc, police, "general", condition=SharingCondition.ALWAYS)
    details: dict[str, Any] = {
        "date_of_birth": "2009-04-02",
        "nhs_number": NHS,
        "postcode": "NV1 2AB",
    }
    girl = f.record(police, given_names="Rebecca", family_name="SMITH", **details)
    becky = f.record(csc, given_names="Becky", family_name="Smith", **details)
    runs.link_run(full=True)  # the model is sure: one person
    girl.refresh_from_db()
    becky.refresh_from_db()
    assert girl.person_id == becky.person_id
    practitioner = f.user(police, username="pat.practitioner")

    page.goto("/")
    sign_in_through_the_pages(
        page,
        username="pat.practitioner",
        password=PASSWORD,
        device=totp_device_for(practitioner),
    )
    page.goto(f"/links/people/{girl.person_id}/joins/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Why these records are one person")
    join = page.locator(".app-join")
    expect(join).to_have_count(1)
    expect(join).to_contain_text("Same date of birth")
    expect(join).to_contain_text("Same NHS number")
    expect(join).to_contain_text("First names alike")
    expect(join).to_contain_text("Very likely the same person")
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/person-joins.png", full_page=True)
    assert_accessible(page, best_practices=True)

    # Without a reason: the GOV.UK error summary, and nothing changes.
    page.get_by_role("button", name="Challenge this join").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why you challenge this join")
    assert not ReviewPair.objects.exists()
    assert_accessible(page, best_practices=True)

    page.get_by_label(f"Northvale Police record {girl.record_id} and").check()
    page.get_by_label("Why do you think these records are not the same person?").fill(REASON)
    page.get_by_role("button", name="Challenge this join").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Join challenged")
    expect(page.get_by_text("The join is back in the review queue")).to_be_visible()
    assert_accessible(page, best_practices=True)
    pair = ReviewPair.objects.get()
    assert (pair.reason, pair.state, pair.challenge_reason) == ("challenged", "open", REASON)

    page.get_by_role("link", name="Back to why these records are one person").click()
    expect(page.locator(".app-join")).to_contain_text("Challenged")
    assert [p for p in problems if "422" not in p] == [], problems
