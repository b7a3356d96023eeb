"""Each indicator rule fires on the fact it names and not on its near miss."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safehub.screening.core import rules, scoring
from tests.screening.factories import fact, facts, persons

NIGHT = {"ended_on": date(2025, 6, 2)}
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # rule code: (a fact it must fire on, a near miss it must not)
    "disclosure": (
        {"event_type": "disclosure", "role": "subject", "summary": "Disclosed abuse"},
        {"event_type": "disclosure", "role": "reporter"},
    ),
    "sexual-offence-victim": (
        {"event_type": "crime", "role": "victim", "summary": "Sexual assault"},
        {"event_type": "crime", "role": "victim", "summary": "Theft of mobile phone"},
    ),
    "under-13-sexual-activity": (
        {
            "event_type": "sexual_health_attendance",
            "role": "subject",
            "occurred_on": date(2023, 9, 1),
        },
        {
            "event_type": "sexual_health_attendance",
            "role": "subject",
            "occurred_on": date(2024, 9, 1),
        },
    ),
    "exchanging-sex": (
        {
            "event_type": "intelligence_report",
            "role": "subject",
            "summary": "Given cannabis in exchange for sex",
        },
        {"event_type": "intelligence_report", "role": "subject", "summary": "Exchange of insults"},
    ),
    "missing-episodes": ({}, {"role": "reporter"}),
    "missing-overnight": (NIGHT, {"ended_on": date(2025, 6, 1)}),
    "missing-from-care": (
        {"summary": "Left placement after a row"},
        {"summary": "Did not return home after school"},
    ),
    "found-at-gateway": (
        {"summary": "Found at a hotel in the town centre"},
        {"summary": "Found at a friend's house"},
    ),
    "vehicles-unknown-adults": (
        {"summary": "Seen getting into a car near the takeaway"},
        {"summary": "Seen walking near the takeaway"},
    ),
    "return-interview-concerns": (
        {
            "event_type": "return_home_interview",
            "summary": "Says she was with her boyfriend, about 24",
        },
        {
            "event_type": "return_home_interview",
            "summary": "Argument at home, stayed with a friend",
        },
    ),
    "older-boyfriend": (
        {
            "event_type": "school_concern",
            "role": "subject",
            "summary": "Talks of an older boyfriend",
        },
        {"event_type": "school_concern", "role": "subject", "summary": "Bullying reported"},
    ),
    "unexplained-gifts": (
        {"summary": "New phone and clothes on return, no explanation"},
        {"summary": "Returned of own accord"},
    ),
    "sexual-health-under-16": (
        {"event_type": "sexual_health_attendance", "role": "subject"},
        {
            "event_type": "sexual_health_attendance",
            "role": "subject",
            "occurred_on": date(2027, 6, 1),
        },
    ),
    "sti-pregnancy": (
        {
            "event_type": "sexual_health_attendance",
            "role": "subject",
            "summary": "Chlamydia positive, treated",
        },
        {
            "event_type": "sexual_health_attendance",
            "role": "subject",
            "summary": "STI screen, results negative",
        },
    ),
    "substance-misuse": (
        {"event_type": "substance_misuse_contact", "role": "subject", "summary": "Cannabis use"},
        {"event_type": "ae_attendance", "role": "subject", "summary": "Asthma attack"},
    ),
    "self-harm": (
        {
            "event_type": "mental_health_contact",
            "role": "subject",
            "summary": "Self-harm (cutting)",
        },
        {"event_type": "mental_health_contact", "role": "subject", "summary": "Low mood"},
    ),
    "school-absence": (
        {"event_type": "school_absence", "role": "subject"},
        {"event_type": "school_concern"},
    ),
    "school-exclusion": (
        {"event_type": "school_exclusion", "role": "subject"},
        {"event_type": "school_absence"},
    ),
    "community-concern": (
        {
            "event_type": "community_concern",
            "role": "subject",
            "summary": "Gathering near the takeaway",
        },
        {"event_type": "community_concern", "role": "subject", "summary": "Litter in the park"},
    ),
    "looked-after": (
        {"event_type": "looked_after", "role": "subject"},
        {"event_type": "child_in_need"},
    ),
    "placement-moves": (
        {"event_type": "placement_move", "role": "subject"},
        {"event_type": "looked_after"},
    ),
    "protection-plan": (
        {"event_type": "child_protection_plan", "role": "subject"},
        {"event_type": "looked_after"},
    ),
    "cse-concern": (
        {
            "event_type": "safeguarding_referral",
            "role": "subject",
            "summary": "Referral from police: CSE concerns",
        },
        {
            "event_type": "safeguarding_referral",
            "role": "subject",
            "summary": "Referral from police: peer relationships",
        },
    ),
    "domestic-abuse": (
        {
            "event_type": "police_incident",
            "role": "witness",
            "summary": "Domestic incident; children present",
        },
        {"event_type": "police_incident", "role": "witness", "summary": "Concern for welfare call"},
    ),
}


def fired(**values: Any) -> set[str]:
    con = scoring.connect(facts(fact(**values)), persons())
    scoring.match(con)
    return {row[0] for row in con.execute("SELECT rule FROM matches").fetchall()}


# Rules of links between people need more than one fact: tests/screening/test_links.py.
LINK_RULES = {"linked-to-suspect", "peer-of-victim"}


def test_every_rule_has_its_case() -> None:
    assert set(CASES) | LINK_RULES == set(rules.BY_CODE)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_its_fact_and_not_its_near_miss(code: str) -> None:
    hit, miss = CASES[code]
    assert code in fired(**hit)
    assert code not in fired(**miss)


def test_every_rule_is_documented_with_its_source() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "indicators.md").read_text()
    for rule in rules.RULES:
        assert f"`{rule.code}`" in text, rule.code
        for source in rule.sources:
            assert f"[{source}]" in text, (rule.code, source)


def test_the_words_that_matched_are_shown() -> None:
    gifts = rules.BY_CODE["unexplained-gifts"]
    assert gifts.matched_words("New phone and clothes on return") == ["new phone", "clothes"]


def test_words_match_whole_words() -> None:
    """ "car" is not in "care": a night missing from care is no car."""
    assert "vehicles-unknown-adults" not in fired(summary="Missing from care overnight")
    assert "vehicles-unknown-adults" in fired(summary="Got into a car, returned at 2am")


def test_criminal_exploitation_is_not_a_sexual_offence() -> None:
    crime = {"event_type": "crime", "role": "victim"}
    assert "sexual-offence-victim" not in fired(
        **crime, summary="Modern slavery: child criminal exploitation"
    )


def test_a_boyfriend_a_little_older_is_not_a_much_older_one() -> None:
    concern = {"event_type": "school_concern", "role": "subject"}
    # She is 14: a boyfriend of 16 is a teenager's life; one of 19 is not.
    assert "older-boyfriend" not in fired(**concern, summary="Talks of an older boyfriend (16)")
    assert "older-boyfriend" in fired(**concern, summary="Talks of an older boyfriend (19)")
    assert "older-boyfriend" in fired(**concern, summary="Talks of an older boyfriend")


def test_a_missing_night_at_a_hotel_counts_though_the_note_is_plain() -> None:
    assert "found-at-gateway" in fired(premises="hotel", summary="Returned home")
    assert "found-at-gateway" not in fired(premises="park", summary="Returned home")


def test_a_passenger_stopped_with_an_adult_driver_counts() -> None:
    stop = {"event_type": "police_incident", "role": "passenger"}
    assert "vehicles-unknown-adults" in fired(**stop, summary="Vehicle stopped; adult driver")
