"""The world holds the patterns practitioners look for, and the mess real records have."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from safehub.synth.names import NICKNAMES

INDICATORS = {
    "missing_episode",
    "return_home_interview",
    "sexual_health_attendance",
    "ae_attendance",
    "school_absence",
    "school_exclusion",
    "school_concern",
    "substance_misuse_contact",
    "mental_health_contact",
    "intelligence_report",
    "safeguarding_referral",
    "placement_move",
    "community_concern",
    "pregnancy",
    "police_incident",
}


@pytest.fixture(scope="module")
def owner(truth):
    """(agency, record_id) -> true person id."""
    return {(r["agency"], r["record_id"]): r["person"] for r in truth["records"]}


@pytest.fixture(scope="module")
def people(truth):
    return {p["person"]: p for p in truth["people"]}


@pytest.fixture(scope="module")
def happenings(extracts, owner):
    """person -> [(agency, event_type, day, location_id)] for every event naming them."""
    found = defaultdict(list)
    for agency, files in extracts.items():
        events = {e["event_id"]: e for e in files["events"]}
        for link in files["event_people"]:
            event = events[link["event_id"]]
            found[owner[agency, link["record_id"]]].append(
                (
                    agency,
                    event["event_type"],
                    date.fromisoformat(event["occurred_at"][:10]),
                    event["location_id"],
                )
            )
    return found


@pytest.fixture(scope="module")
def records_of(extracts, owner):
    """person -> [(agency, persons row)]."""
    found = defaultdict(list)
    for agency, files in extracts.items():
        for row in files["persons"]:
            found[owner[agency, row["record_id"]]].append((agency, row))
    return found


def current_victims(people):
    return [p for p in people.values() if p["victim"] and p["cohort"] == "current"]


def test_a_few_percent_are_victims_in_networks(world, people, truth):
    victims = current_victims(people)
    assert 0.01 < len(victims) / 1500 < 0.05
    assert {n["kind"] for n in truth["networks"]} >= {"group", "historic"}
    assert world.offenders >= 10


def test_victims_show_indicators_after_exploitation_began(people, happenings):
    victims = current_victims(people)
    shown = 0
    many_agencies = 0
    for victim in victims:
        began = date.fromisoformat(victim["exploitation_began"])
        after = [h for h in happenings[victim["person"]] if h[1] in INDICATORS and h[2] >= began]
        shown += bool(after)
        many_agencies += len({h[0] for h in after}) >= 3
    assert shown >= 0.8 * len(victims)
    assert many_agencies >= 0.3 * len(victims)


def test_benign_young_people_also_go_missing_and_attend_clinics(people, happenings):
    def with_event(event_type: str, victim: bool) -> int:
        return sum(
            1
            for pid, seen in happenings.items()
            if pid.startswith("YP")
            and people[pid]["victim"] is victim
            and any(h[1] == event_type for h in seen)
        )

    for event_type in (
        "missing_episode",
        "sexual_health_attendance",
        "ae_attendance",
        "school_absence",
        "safeguarding_referral",
    ):
        assert with_event(event_type, victim=False) > with_event(event_type, victim=True) > 0


def test_some_victims_disclose_some_withdraw_and_crimes_are_reported(people, happenings):
    victims = [p for p in people.values() if p["victim"]]
    disclosed = [v for v in victims if v["disclosure"]]
    assert disclosed
    assert len(disclosed) < len(victims)
    assert any(v["withdrawal"] for v in disclosed)
    assert any(v["victim_crime_report"] for v in victims)
    for victim in disclosed:
        assert any(h[1] == "disclosure" for h in happenings[victim["person"]])


def test_victims_are_recruited_through_peers_and_gateways_connect_many(people, truth, happenings):
    recruited = [p for p in people.values() if p["recruited_by"]]
    assert recruited
    assert all(people[p["recruited_by"]]["victim"] for p in recruited)
    victims_at = defaultdict(set)
    for pid, seen in happenings.items():
        if people[pid]["victim"]:
            for agency, _, _, location in seen:
                if location:
                    victims_at[agency, location].add(pid)
    gateways = {(p["agency"], p["location_id"]) for n in truth["networks"] for p in n["locations"]}
    assert max(len(victims_at[g]) for g in gateways) >= 3
    shared = [p for n in truth["networks"] for p in n["phones"] if p["objects"]]
    assert shared


def test_people_are_recorded_under_nicknames_and_changed_surnames(people, records_of):
    nicknamed = changed = 0
    for pid, held in records_of.items():
        person = people[pid]
        true_given = person["given_names"].split(" ")[0]
        for _, row in held:
            given = row["given_names"].split(" ")[0] if row["given_names"] else ""
            nicknamed += given.casefold() in {n.casefold() for n in NICKNAMES.get(true_given, ())}
            former = person["former_family_name"]
            changed += bool(former) and row["family_name"].casefold() == former.casefold()
    assert nicknamed >= 5
    assert changed >= 5


def test_dates_of_birth_are_transposed_or_partial_in_some_records(people, records_of):
    transposed = partial = 0
    for pid, held in records_of.items():
        true = date.fromisoformat(people[pid]["date_of_birth"])
        swapped = f"{true.year}-{true.day:02d}-{true.month:02d}"
        for _, row in held:
            transposed += (
                true.day <= 12 and true.day != true.month and row["date_of_birth"] == swapped
            )
            partial += len(row["date_of_birth"]) in (4, 7)
    assert transposed >= 3
    assert partial >= 10


def test_twins_share_a_birthday_surname_and_address_but_are_two_people(people, records_of):
    twins = [p for p in people.values() if p["twin_of"]]
    assert len(twins) >= 4
    alike = 0
    for twin in twins:
        other = people[twin["twin_of"]]
        assert twin["date_of_birth"] == other["date_of_birth"]
        mine = dict(records_of[twin["person"]]).get("education")
        theirs = dict(records_of[other["person"]]).get("education")
        if mine and theirs:
            assert mine["record_id"] != theirs["record_id"]
            alike += (
                mine["address"] == theirs["address"]
                and mine["family_name"] == theirs["family_name"]
            )
    assert alike >= 2


def test_offenders_use_aliases_and_share_phones_and_vehicles(people, truth, records_of):
    offenders = [p for p in people.values() if p["offender"]]
    assert any(p["aliases"] for p in offenders)
    police_records = [
        len([a for a, _ in records_of[p["person"]] if a == "police"]) for p in offenders
    ]
    assert max(police_records) >= 2  # a second record under an alias
    assert any(n["vehicles"] for n in truth["networks"])


def test_historic_records_trace_people_who_are_now_adults(people, records_of):
    historic = [p for p in people.values() if p["cohort"] == "historic"]
    assert historic
    old = [
        row
        for p in historic
        for agency, row in records_of[p["person"]]
        if agency == "police" and row["record_id"].startswith("LEG")
    ]
    assert old
    assert all(row["recorded_at"] < "2009" for row in old)
