"""The ground truth names the true person behind every record, and every network."""

from __future__ import annotations

import re
from collections import Counter


def test_every_record_appears_exactly_once(extracts, truth):
    in_extracts = Counter(
        (agency, row["record_id"]) for agency, files in extracts.items() for row in files["persons"]
    )
    in_truth = Counter((r["agency"], r["record_id"]) for r in truth["records"])
    assert max(in_truth.values()) == 1
    assert in_truth == in_extracts


def test_every_record_points_at_a_known_person(truth):
    people = {p["person"]: p for p in truth["people"]}
    assert len(people) == len(truth["people"])
    assert {r["person"] for r in truth["records"]} <= people.keys()
    for person in people.values():
        expected = "YP" if person["kind"] == "young_person" else "AD"
        assert re.fullmatch(expected + r"\d{6}", person["person"])


def test_header_and_summary_agree(world, truth):
    assert truth["format"] == "safehub-ground-truth/1"
    assert (truth["seed"], truth["young_people"], truth["reference_date"]) == (
        11,
        1500,
        "2026-11-01",
    )
    kinds = Counter(p["kind"] for p in truth["people"])
    assert kinds["young_person"] == world.young_people >= 1500
    assert kinds["adult"] == world.adults
    assert sum(p["victim"] for p in truth["people"]) == world.victims
    assert sum(p["offender"] for p in truth["people"]) == world.offenders
    assert world.rows["persons"] == len(truth["records"])


def test_networks_name_people_and_places_that_exist(extracts, truth):
    people = {p["person"]: p for p in truth["people"]}
    for network in truth["networks"]:
        assert network["offenders"]
        for pid in network["victims"]:
            assert people[pid]["victim"]
            assert network["network"] in people[pid]["networks"]
        for pid in network["offenders"]:
            assert people[pid]["offender"]
            assert pid.startswith("AD")
        for place in network["locations"]:
            ids = {row["location_id"] for row in extracts[place["agency"]]["locations"]}
            assert place["location_id"] in ids
        for thing in network["vehicles"] + network["phones"]:
            for held in thing["objects"]:
                ids = {row["object_id"] for row in extracts[held["agency"]]["objects"]}
                assert held["object_id"] in ids
