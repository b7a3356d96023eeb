"""What screening and the network read of an episode and its interview: the records they
became, matched by the missing and return-interview rules, and the place, car and phone
the network ties the child to."""

from __future__ import annotations

import pytest

from safehub.missing import services
from safehub.records.models import Event
from safehub.records.queries.event_things import event_things
from safehub.screening.models import Screening
from safehub.screening.services import screen_run
from tests.missing.world import ago, world

pytestmark = pytest.mark.django_db


def test_the_episode_and_the_childs_own_words_are_screening_evidence() -> None:
    w = world()
    episode = w.report_and_return(
        found_where="Canal Hotel", found_postcode="NV2 9XX", found_premises_type="hotel"
    )
    services.rhi_record(
        actor=w.social_worker,
        episode=episode,
        outcome="held",
        offered_at=ago(hours=60),
        held_at=ago(hours=59),
        where_been="A flat above the takeaway",
        where_postcode="NV3 1AA",
        where_premises_type="takeaway",
        with_whom="Older men she calls uncles",
        vehicle_registration="NV19 ABC",
        account="They gave me vodka in exchange for sex.",
    )
    screen_run(trigger="test")

    screening = Screening.objects.get(person=w.girl)
    assert screening.harm
    by_rule = {m["rule"]: Event.objects.get(pk=m["event"]).event_type for m in screening.matched}
    assert by_rule["exchanging-sex"] == "return_home_interview"
    assert by_rule["return-interview-concerns"] == "return_home_interview"
    for rule in ("missing-episodes", "missing-overnight", "missing-from-care", "found-at-gateway"):
        assert by_rule[rule] == "missing_episode", rule

    interview = Event.objects.get(event_id=f"rhi-{episode.pk}")
    tied = set(event_things().query(f"event == '{interview.pk}'")["key"])
    assert tied == {"place:NV31AA", "vehicle:NV19ABC"}
