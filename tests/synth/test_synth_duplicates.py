"""Agencies hold some people twice, for reasons in their lives: a police nominal made when
the first was not found or under other details, a clinic record under an older age or a
friend's address, a new social-care record after a move."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest


@pytest.fixture(scope="module")
def people(truth):
    return {p["person"]: p for p in truth["people"]}


@pytest.fixture(scope="module")
def rows(extracts):
    return {(agency, r["record_id"]): r for agency, f in extracts.items() for r in f["persons"]}


@pytest.fixture(scope="module")
def held(truth):
    """(person, agency) -> that agency's ground-truth records of the person."""
    out = defaultdict(list)
    for record in truth["records"]:
        out[(record["person"], record["agency"])].append(record)
    return out


def kind(person) -> str:
    return "victim" if person["victim"] else "offender" if person["offender"] else person["kind"]


def test_police_hold_several_nominals_of_offenders_and_victims_more_than_of_others(people, held):
    several: Counter[str] = Counter()
    known: Counter[str] = Counter()
    for (pid, agency), records in held.items():
        if agency == "police":
            known[kind(people[pid])] += 1
            several[kind(people[pid])] += sum(r["variant"] == "second" for r in records) > 0
    share = {k: several[k] / known[k] for k in known}
    assert several["offender"] >= 5
    assert several["victim"] >= 3
    assert share["offender"] > share["young_person"]
    assert share["victim"] > share["young_person"]


def test_each_second_record_says_why_and_sits_beside_the_first(held):
    reasons: Counter[str] = Counter()
    for records in held.values():
        for record in records:
            if record["variant"] == "second":
                reasons[record["reason"]] += 1
                assert len(records) >= 2  # the record the agency did not find is there
    assert {"not found", "gave other details", "guessed details", "re-registered"} <= set(reasons)


def test_guessed_and_given_dates_of_birth_differ_from_the_truth(people, held, rows):
    stand_in = older = 0
    for (pid, agency), records in held.items():
        true = date.fromisoformat(people[pid]["date_of_birth"])
        for record in records:
            given = rows[(agency, record["record_id"])]["date_of_birth"]
            if len(given) != 10 or given == true.isoformat():
                continue
            on = date.fromisoformat(given)
            stand_in += record["variant"] == "second" and on.day == 1
            older += record["variant"] == "clinic" and true.year - on.year >= 2
    assert stand_in >= 3
    assert older >= 3


def test_a_social_care_record_reopened_after_a_move_holds_the_new_address(held, rows):
    moved = 0
    for (_pid, agency), records in held.items():
        if agency != "csc":
            continue
        second = [r for r in records if r["reason"] == "re-registered"]
        first = [r for r in records if r["variant"] == "main"]
        for record in second:
            old = {rows[(agency, r["record_id"])]["address"].split(",")[0] for r in first}
            moved += rows[(agency, record["record_id"])]["address"].split(",")[0] not in old
    assert moved >= 3
