"""The demo hub shows need-to-know at work: a case of survivors, and what stays withheld;
and it screens everyone and builds the network. One demo build, checked in turn (a
build is a quarter of a minute of the suite's)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from safehub.access.models import CaseTeam
from safehub.access.policy import viewer_for
from safehub.agencies.models import SharingAgreement, User
from safehub.network.models import NetworkMember, NetworkRun
from safehub.records.models import Event, PersonRecord
from safehub.records.queries.profile import person_profile
from safehub.screening.models import Flag, Screening, ScreeningRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_hub(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--no-serve", "--young-people", "400")
    return CaseTeam.objects.get(reference="CSE-DEMO-1")


def test_the_demo_hub(demo_hub) -> None:
    _a_review_of_survivors_with_every_agencys_records(demo_hub)
    _outside_the_case_a_practitioner_sees_only_their_own_agency(demo_hub)
    _every_young_person_screened()
    _flags_raised_for_triage_and_the_network_built()


def _a_review_of_survivors_with_every_agencys_records(demo_hub) -> None:
    assert demo_hub.people.count() == 3
    assert SharingAgreement.objects.filter(
        condition="consent_or_exception", sensitivities=["sexual_health"]
    ).exists()
    worker = User.objects.get(username="csc-practitioner")
    for entry in demo_hub.people.all():
        profile = person_profile(viewer_for(worker), entry.person_id)
        assert {"csc", "health"} <= {r.source.agency for r in profile.records}
        assert profile.protected_details
        # Sexual health stays with health: it shows only as "held by".
        assert all(e.sensitivity != "sexual_health" for e in profile.events)
        held = Event.objects.filter(
            people__record__person_id=entry.person_id, sensitivity="sexual_health"
        ).exists()
        assert not held or "health" in {w.agency for w in profile.withheld}


def _outside_the_case_a_practitioner_sees_only_their_own_agency(demo_hub) -> None:
    outsider = User.objects.get(username="police-analyst")
    person_id = next(
        entry.person_id
        for entry in demo_hub.people.all()
        if PersonRecord.objects.filter(person_id=entry.person_id, agency__code="police").exists()
    )
    profile = person_profile(viewer_for(outsider), person_id)
    assert {r.source.agency for r in profile.records} == {"police"}
    assert {w.agency for w in profile.withheld} >= {"csc", "health"}


def _every_young_person_screened() -> None:
    run = ScreeningRun.objects.get(trigger="demo")
    assert run.status == ScreeningRun.Status.DONE
    assert run.counts["facts"] > 0
    assert Screening.objects.filter(run=run).count() == run.counts["flagged"]


def _flags_raised_for_triage_and_the_network_built() -> None:
    run = ScreeningRun.objects.get(trigger="demo")
    assert Flag.objects.count() == run.counts["flagged"]
    built = NetworkRun.objects.get(trigger="demo")
    assert built.status == NetworkRun.Status.DONE
    assert NetworkMember.objects.filter(run=built).exists()
