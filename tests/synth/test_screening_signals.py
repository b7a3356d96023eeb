"""The world's signals are ambiguous both ways, as real records are: ordinary teenagers
show single signs, boys on county lines look like victims, some victims barely show,
and older years are thinly recorded."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from datetime import date, timedelta

import pytest

from safehub.synth import recording

# What screening reads as signs of risk (event types), and words of an older boyfriend.
SIGNALS = {
    "missing_episode",
    "return_home_interview",
    "sexual_health_attendance",
    "community_concern",
    "intelligence_report",
    "school_concern",
    "safeguarding_referral",
    "ae_attendance",
    "substance_misuse_contact",
    "mental_health_contact",
    "school_exclusion",
    "police_incident",
    "pregnancy",
}
RECORDED_OVER_TIME = {
    "missing_episode",
    "return_home_interview",
    "sexual_health_attendance",
    "community_concern",
    "intelligence_report",
}
OLDER_BOYFRIEND = re.compile(
    r"older boyfriend|boyfriend (is|\()\s*\d+|partner described as older|partner aged \d+"
)


@pytest.fixture(scope="module")
def people(truth):
    return {p["person"]: p for p in truth["people"]}


@pytest.fixture(scope="module")
def happenings(extracts, truth):
    """person -> [(event_type, day, summary)] for every event naming them."""
    owner = {(r["agency"], r["record_id"]): r["person"] for r in truth["records"]}
    found = defaultdict(list)
    for agency, files in extracts.items():
        events = {e["event_id"]: e for e in files["events"]}
        for link in files["event_people"]:
            event = events[link["event_id"]]
            day = date.fromisoformat(event["occurred_at"][:10])
            found[owner[agency, link["record_id"]]].append(
                (event["event_type"], day, event["summary"])
            )
    return found


def young(people, *, victim: bool) -> list[dict]:
    return [p for p in people.values() if p["kind"] == "young_person" and p["victim"] is victim]


def test_ground_truth_marks_barely_visible_victims_and_criminal_exploitation(people):
    for person in people.values():
        assert {"sex", "ethnicity", "barely_visible", "criminal_exploitation"} <= person.keys()
        assert not person["barely_visible"] or person["victim"]
    victims = young(people, victim=True)
    hidden = [v for v in victims if v["barely_visible"]]
    assert 0.08 * len(victims) <= len(hidden) <= 0.25 * len(victims)


def test_boys_on_county_lines_are_not_victims_but_look_like_them(people, happenings):
    boys = [p for p in people.values() if p["criminal_exploitation"]]
    assert boys
    for boy in boys:
        assert boy["sex"] == "male"
        assert boy["kind"] == "young_person"
        assert not boy["victim"]
        assert boy["criminal_exploitation_began"]
    seen = [{kind for kind, _, _ in happenings[b["person"]]} for b in boys]
    assert sum("missing_episode" in kinds for kinds in seen) >= len(boys) / 2


def test_ordinary_girls_attend_sexual_health_clinics_some_under_sixteen(people, happenings):
    girls = [p for p in young(people, victim=False) if p["sex"] == "female"]
    attended = under_16 = 0
    for girl in girls:
        born = date.fromisoformat(girl["date_of_birth"])
        visits = [
            d for kind, d, _ in happenings[girl["person"]] if kind == "sexual_health_attendance"
        ]
        attended += bool(visits)
        under_16 += any(d < born.replace(year=born.year + 16) for d in visits)
    assert attended >= 0.03 * len(girls)
    assert under_16 >= 3


def test_some_girls_nobody_exploits_have_an_older_boyfriend_noted(people, happenings):
    noted = [
        girl
        for girl in young(people, victim=False)
        if any(
            kind in ("school_concern", "safeguarding_referral", "sexual_health_attendance")
            and OLDER_BOYFRIEND.search(summary.lower())
            for kind, _, summary in happenings[girl["person"]]
        )
    ]
    assert len(noted) >= 3
    assert all(girl["sex"] == "female" and not girl["criminal_exploitation"] for girl in noted)


def test_ordinary_teenagers_run_away_self_harm_and_are_suspended(people, happenings):
    ordinary = [p for p in young(people, victim=False) if not p["criminal_exploitation"]]

    def share(test) -> float:
        return sum(any(test(h) for h in happenings[p["person"]]) for p in ordinary) / len(ordinary)

    assert share(lambda h: h[0] == "missing_episode") > 0.01
    assert share(lambda h: h[0] == "ae_attendance" and "self-harm" in h[2].lower()) > 0.002
    assert share(lambda h: h[0] == "school_exclusion") > 0.03
    assert share(lambda h: h[0] == "school_absence") > 0.2


def test_victims_signs_before_2008_are_rarer_per_victim_year_than_after_2014(
    people, happenings, truth
):
    ended = {n["network"]: date.fromisoformat(n["ended"]) for n in truth["networks"]}
    rates: dict[str, list[float]] = {"before 2008": [0.0, 0.0], "from 2014": [0.0, 0.0]}
    for victim in young(people, victim=True):
        if victim["barely_visible"]:
            continue
        began = date.fromisoformat(victim["exploitation_began"])
        until = max(ended[n] for n in victim["networks"]) + timedelta(days=180)
        era = "before 2008" if until < date(2008, 1, 1) else "from 2014"
        if era == "from 2014" and began < date(2014, 1, 1):
            continue
        signs = [
            d
            for kind, d, _ in happenings[victim["person"]]
            if kind in RECORDED_OVER_TIME and began <= d <= until
        ]
        rates[era][0] += len(signs)
        rates[era][1] += (until - began).days / 365.25
    before, after = (count / years for count, years in rates.values())
    assert rates["before 2008"][1] > 5  # the historic network's victims
    assert before < 0.7 * after


def test_some_barely_visible_victims_leave_two_facts_or_fewer_before_disclosure(people, happenings):
    quiet = 0
    for victim in young(people, victim=True):
        if not victim["barely_visible"]:
            continue
        began = date.fromisoformat(victim["exploitation_began"])
        told = victim["disclosure"] or victim["victim_crime_report"]
        until = date.fromisoformat(told) if told else date(2026, 11, 1)
        facts = [d for kind, d, _ in happenings[victim["person"]] if kind in SIGNALS]
        quiet += sum(began <= d < until for d in facts) <= 2
    assert quiet >= 3


def test_recording_is_full_from_2014_and_thinner_before_2008():
    rng = random.Random(5)
    assert all(recording.recorded(rng, "missing", date(2015, 3, 1)) for _ in range(200))
    early = sum(recording.recorded(rng, "missing", date(2005, 3, 1)) for _ in range(2000))
    assert 0.4 < early / 2000 < 0.6
    assert recording.worded(rng, "missing", date(2020, 1, 1), "as said") == "as said"
    thin = [recording.worded(rng, "sexual_health", date(2004, 1, 1), "as said") for _ in range(50)]
    assert set(thin) - {"as said"} <= set(recording.THIN_TEXT["sexual_health"])
    assert thin.count("as said") < 30
