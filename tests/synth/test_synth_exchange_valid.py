"""Every extract the generator writes obeys the exchange-format contract, checked independently."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime

import pytest
from nhs_number.validate import is_valid

COLUMNS = {
    "persons": {
        "record_id",
        "family_name",
        "given_names",
        "other_names",
        "date_of_birth",
        "sex",
        "ethnicity",
        "nhs_number",
        "pnc_id",
        "upn",
        "local_id",
        "address",
        "postcode",
        "phone",
        "email",
        "recorded_at",
    },
    "locations": {
        "location_id",
        "name",
        "address",
        "postcode",
        "premises_type",
        "latitude",
        "longitude",
    },
    "objects": {"object_id", "object_type", "value", "description"},
    "events": {
        "event_id",
        "event_type",
        "occurred_at",
        "ended_at",
        "location_id",
        "summary",
        "sensitivity",
        "grading",
    },
    "event_people": {"event_id", "record_id", "role"},
    "event_objects": {"event_id", "object_id", "relation"},
    "person_objects": {"record_id", "object_id", "relation"},
    "person_locations": {"record_id", "location_id", "relation", "from", "to"},
    "person_people": {"record_id", "other_record_id", "relation"},
}
VOCABULARY = {
    ("persons", "sex"): {"female", "male", "other", "unknown"},
    ("locations", "premises_type"): {
        "home",
        "care_home",
        "hotel",
        "takeaway",
        "shop",
        "park",
        "school",
        "taxi_rank",
        "vehicle_stop",
        "other",
    },
    ("objects", "object_type"): {"vehicle", "phone", "social_media", "email", "bank_account"},
    ("events", "event_type"): {
        "missing_episode",
        "return_home_interview",
        "police_incident",
        "crime",
        "intelligence_report",
        "arrest",
        "charge",
        "conviction",
        "safeguarding_referral",
        "child_protection_plan",
        "child_in_need",
        "looked_after",
        "placement_move",
        "sexual_health_attendance",
        "ae_attendance",
        "pregnancy",
        "substance_misuse_contact",
        "mental_health_contact",
        "school_absence",
        "school_exclusion",
        "school_concern",
        "community_concern",
        "disclosure",
    },
    ("events", "sensitivity"): {"general", "health", "sexual_health", "intelligence", "restricted"},
    ("event_people", "role"): {
        "subject",
        "victim",
        "suspect",
        "witness",
        "missing_person",
        "associate",
        "reporter",
        "driver",
        "passenger",
    },
    ("event_objects", "relation"): {"used", "seen", "seized"},
    ("person_objects", "relation"): {"owns", "uses"},
    ("person_locations", "relation"): {"home", "placement", "frequents", "school"},
    ("person_people", "relation"): {"associate", "sibling", "parent", "partner", "boyfriend"},
}
KEYS = {
    "persons": "record_id",
    "locations": "location_id",
    "objects": "object_id",
    "events": "event_id",
}
LINKS = {  # (file, column) -> file whose key it names
    ("events", "location_id"): "locations",
    ("event_people", "event_id"): "events",
    ("event_people", "record_id"): "persons",
    ("event_objects", "event_id"): "events",
    ("event_objects", "object_id"): "objects",
    ("person_objects", "record_id"): "persons",
    ("person_objects", "object_id"): "objects",
    ("person_locations", "record_id"): "persons",
    ("person_locations", "location_id"): "locations",
    ("person_people", "record_id"): "persons",
    ("person_people", "other_record_id"): "persons",
}
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
GRADING = re.compile(r"^[1-3]/[A-E]/[PC]$")
ETHNICITY = re.compile(r"^[A-Z]\d$")
PNC = re.compile(r"^\d{4}/\d{7}[A-Z]$")
UPN = re.compile(r"^[A-Z]\d{12}$")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")


def nhs_ok(value: str) -> bool:
    """The nhs-number package's validation, as the import applies it."""
    return is_valid(value.replace(" ", ""))


def upn_ok(value: str) -> bool:
    total = sum(int(ch) * weight for ch, weight in zip(value[1:], range(2, 14), strict=True))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] == value[0]


def partial_date_ok(value: str) -> bool:
    if not PARTIAL_DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return 1850 <= parts[0] <= 2200


def when(value: str) -> date:
    """A date or an ISO datetime (the importer's two accepted forms)."""
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value).date()


def person_problems(row: dict[str, str]) -> list[str]:
    problems = []
    checks: dict[str, Callable[[str], object]] = {
        "date_of_birth": partial_date_ok,
        "ethnicity": ETHNICITY.match,
        "nhs_number": nhs_ok,
        "pnc_id": PNC.match,
        "postcode": POSTCODE.match,
        "upn": lambda v: UPN.match(v) and upn_ok(v),
        "email": lambda v: all("@" in part for part in v.split(";")),
    }
    for column, check in checks.items():
        if row[column] and not check(row[column]):
            problems.append(f"{column}={row[column]!r}")
    if row["recorded_at"]:
        when(row["recorded_at"])
    for column in ("family_name", "given_names"):
        if len(row[column]) > 200 or row[column] != row[column].strip():
            problems.append(f"{column}={row[column]!r}")
    return problems


def event_problems(row: dict[str, str]) -> list[str]:
    problems = []
    start = when(row["occurred_at"])
    if row["ended_at"] and when(row["ended_at"]) < start:
        problems.append("ends before it starts")
    if row["grading"] and not (
        GRADING.match(row["grading"])
        and row["event_type"] == "intelligence_report"
        and row["sensitivity"] == "intelligence"
    ):
        problems.append(f"grading {row['grading']!r} on a {row['event_type']}")
    return problems


def test_every_extract_has_a_manifest_naming_its_agency(world):
    agencies = json.loads((world.out_dir / "agencies.json").read_text(encoding="utf-8"))
    codes = [a["code"] for a in agencies]
    assert codes == world.agencies
    assert {a["type"] for a in agencies} == {
        "police",
        "social_care",
        "health",
        "education",
        "voluntary",
    }
    for code in codes:
        assert re.fullmatch(r"[a-z0-9-]+", code)
        manifest = json.loads((world.out_dir / "extracts" / code / "manifest.json").read_text())
        assert manifest == {
            "format": "safehub-exchange/1",
            "agency": code,
            "source_system": manifest["source_system"],
            "extract_id": f"{code}-2026-11-01",
            "extracted_at": "2026-11-01T06:00:00Z",
            "replaces": None,
        }


def test_every_file_has_exactly_the_contract_columns(world):
    for folder in (world.out_dir / "extracts").iterdir():
        assert (folder / "persons.csv").exists()
        for path in folder.glob("*.csv"):
            header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
            assert set(header) == COLUMNS[path.stem], path


@pytest.mark.parametrize("agency", ["police", "csc", "health", "education", "voluntary"])
def test_every_value_is_valid(extracts, agency):
    files = extracts[agency]
    problems = []
    for (kind, column), allowed in VOCABULARY.items():
        for line, row in enumerate(files[kind], start=2):
            required = kind != "events" or column != "sensitivity"
            if (row[column] or required) and row[column] not in allowed:
                problems.append(f"{kind}.csv:{line} {column}={row[column]!r}")
    for line, row in enumerate(files["persons"], start=2):
        problems += [f"persons.csv:{line} {p}" for p in person_problems(row)]
    for line, row in enumerate(files["events"], start=2):
        problems += [f"events.csv:{line} {p}" for p in event_problems(row)]
    for line, row in enumerate(files["person_locations"], start=2):
        if (
            row["from"]
            and row["to"]
            and date.fromisoformat(row["to"]) < date.fromisoformat(row["from"])
        ):
            problems.append(f"person_locations.csv:{line} ends before it starts")
    assert problems == []


@pytest.mark.parametrize("agency", ["police", "csc", "health", "education", "voluntary"])
def test_ids_are_unique_and_every_link_names_an_existing_id(extracts, agency):
    files = extracts[agency]
    known = {}
    for kind, key in KEYS.items():
        ids = [row[key] for row in files[kind]]
        assert all(ids), kind
        assert len(ids) == len(set(ids)), f"duplicate {key} in {kind}"
        known[kind] = set(ids)
    for (kind, column), target in LINKS.items():
        missing = {row[column] for row in files[kind] if row[column]} - known[target]
        assert not missing, f"{kind}.{column} names unknown ids {sorted(missing)[:5]}"


def test_sexual_health_is_marked_sensitive(extracts):
    events = extracts["health"]["events"]
    assert {e["sensitivity"] for e in events if e["event_type"] == "sexual_health_attendance"} == {
        "sexual_health"
    }
    assert {e["sensitivity"] for e in events if e["event_type"] == "ae_attendance"} == {"health"}
    assert any(e["grading"] for e in extracts["police"]["events"])


def test_identifiers_belong_to_the_agencies_that_hold_them(extracts):
    def has(agency: str, column: str) -> bool:
        return any(row[column] for row in extracts[agency]["persons"])

    assert has("health", "nhs_number")
    assert has("csc", "nhs_number")
    assert not has("police", "nhs_number")
    assert not has("education", "nhs_number")
    assert has("education", "upn")
    assert not has("health", "upn")
    assert has("police", "pnc_id")
    assert not has("csc", "pnc_id")


def test_our_nhs_check_matches_known_numbers():
    assert nhs_ok("943 476 5919")
    assert not nhs_ok("943 476 5918")
