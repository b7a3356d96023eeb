"""The files of an extract: each one's columns, which are required, how each is parsed.

One spec per CSV file checks a header and turns one raw row into clean values plus the
problems found; the importer reads the files in the order of FILES.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from safehub.ingest.exchange.values import (
    coordinate,
    email_list,
    limited,
    matching,
    normalise_nhs_number,
    normalise_postcode,
    one_of,
    parse_date,
    parse_instant,
    parse_partial_date,
    parse_when,
)
from safehub.records import vocabulary as v

MAX_ID_LENGTH = 100
MAX_NAME_LENGTH = 200

Problems = list[tuple[str, str]]  # (column, what is wrong)
Clean = dict[str, object]
Parser = Callable[[str], object]

_PNC = re.compile(r"^\d{2}(?:\d{2})?/\d{1,7}[A-Z]$")
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
_ETHNICITY = re.compile(r"^[A-Z]\d$")
_GRADING = re.compile(r"^[1-3]/[A-E]/[PC]$")


@dataclass(frozen=True)
class FileSpec:
    """One CSV file of an extract: its columns, which are required, how each is parsed."""

    name: str
    parsers: dict[str, Parser]
    required: tuple[str, ...]
    key: str | None = None  # the agency-unique id column, for keyed files
    references: dict[str, str] = field(default_factory=dict)  # column -> file it names

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def header_issues(self, header: list[str]) -> Problems:
        problems: Problems = []
        seen: set[str] = set()
        for column in header:
            if column in seen:
                problems.append((column, "the column appears twice in the header"))
            elif column not in self.parsers:
                problems.append((column, f"unknown column (expected: {', '.join(self.parsers)})"))
            seen.add(column)
        problems.extend(
            (column, "required column is missing") for column in self.required if column not in seen
        )
        return problems

    def parse(self, raw: dict[str, str]) -> tuple[Clean, Problems]:
        """Clean values of one row (empty cell → None), and what was wrong with it."""
        clean: Clean = dict.fromkeys(self.parsers)
        problems: Problems = [
            (column, "a value is required")
            for column in self.required
            if not (raw.get(column) or "").strip()
        ]
        # Only the columns the file has, and only the cells that hold something: most
        # optional cells of a real extract are empty.
        for column, text in raw.items():
            if text and (text := text.strip()):
                try:
                    clean[column] = self.parsers[column](text)
                except ValueError as error:
                    problems.append((column, str(error)))
        return clean, problems


_id = limited(MAX_ID_LENGTH)
_name = limited(MAX_NAME_LENGTH)


def _text(value: str) -> str:
    return value


PERSONS = FileSpec(
    name="persons",
    key="record_id",
    required=("record_id",),
    parsers={
        "record_id": _id,
        "family_name": _name,
        "given_names": _name,
        "other_names": _text,
        "date_of_birth": parse_partial_date,
        "sex": one_of(v.SEXES),
        "ethnicity": matching(_ETHNICITY, "an ethnicity code (a letter and a digit, e.g. W1)"),
        "nhs_number": normalise_nhs_number,
        "pnc_id": matching(_PNC, "a PNC id (e.g. 2004/0123456X)"),
        "upn": matching(_UPN, "a Unique Pupil Number (a letter, 11 digits, a digit or letter)"),
        "local_id": _id,
        "address": _text,
        "postcode": normalise_postcode,
        "phone": _text,
        "email": email_list,
        "recorded_at": parse_instant,
    },
)

LOCATIONS = FileSpec(
    name="locations",
    key="location_id",
    required=("location_id",),
    parsers={
        "location_id": _id,
        "name": limited(300),
        "address": _text,
        "postcode": normalise_postcode,
        "premises_type": one_of(v.PREMISES_TYPES),
        "latitude": coordinate(-90.0, 90.0),
        "longitude": coordinate(-180.0, 180.0),
    },
)

OBJECTS = FileSpec(
    name="objects",
    key="object_id",
    required=("object_id", "object_type"),
    parsers={
        "object_id": _id,
        "object_type": one_of(v.OBJECT_TYPES),
        "value": limited(300),
        "description": _text,
    },
)

EVENTS = FileSpec(
    name="events",
    key="event_id",
    required=("event_id", "event_type", "occurred_at"),
    references={"location_id": "locations"},
    parsers={
        "event_id": _id,
        "event_type": one_of(v.EVENT_TYPES),
        "occurred_at": parse_when,
        "ended_at": parse_when,
        "location_id": _id,
        "summary": _text,
        "sensitivity": one_of(v.SENSITIVITIES),
        "grading": matching(_GRADING, "a 3x5x2 grading (source 1-3 / A-E / P or C, e.g. 1/A/P)"),
    },
)

EVENT_PEOPLE = FileSpec(
    name="event_people",
    required=("event_id", "record_id", "role"),
    references={"event_id": "events", "record_id": "persons"},
    parsers={"event_id": _id, "record_id": _id, "role": one_of(v.EVENT_ROLES)},
)

EVENT_OBJECTS = FileSpec(
    name="event_objects",
    required=("event_id", "object_id", "relation"),
    references={"event_id": "events", "object_id": "objects"},
    parsers={
        "event_id": _id,
        "object_id": _id,
        "relation": one_of(v.EVENT_OBJECT_RELATIONS),
    },
)

PERSON_OBJECTS = FileSpec(
    name="person_objects",
    required=("record_id", "object_id", "relation"),
    references={"record_id": "persons", "object_id": "objects"},
    parsers={
        "record_id": _id,
        "object_id": _id,
        "relation": one_of(v.PERSON_OBJECT_RELATIONS),
    },
)

PERSON_LOCATIONS = FileSpec(
    name="person_locations",
    required=("record_id", "location_id", "relation"),
    references={"record_id": "persons", "location_id": "locations"},
    parsers={
        "record_id": _id,
        "location_id": _id,
        "relation": one_of(v.PERSON_LOCATION_RELATIONS),
        "from": parse_date,
        "to": parse_date,
    },
)

PERSON_PEOPLE = FileSpec(
    name="person_people",
    required=("record_id", "other_record_id", "relation"),
    references={"record_id": "persons", "other_record_id": "persons"},
    parsers={
        "record_id": _id,
        "other_record_id": _id,
        "relation": one_of(v.PERSON_PERSON_RELATIONS),
    },
)

# In the order they are read: every file names only ids from files before it.
FILES: tuple[FileSpec, ...] = (
    LOCATIONS,
    OBJECTS,
    PERSONS,
    EVENTS,
    EVENT_PEOPLE,
    EVENT_OBJECTS,
    PERSON_OBJECTS,
    PERSON_LOCATIONS,
    PERSON_PEOPLE,
)
FILES_BY_NAME = {spec.name: spec for spec in FILES}
REQUIRED_FILES = ("persons",)


def row_rules(spec: FileSpec, clean: Clean) -> Problems:
    """Rules that span columns of one row."""
    problems: Problems = []
    if spec is EVENTS:
        if clean.get("grading") and not (
            clean.get("sensitivity") == "intelligence"
            or clean.get("event_type") == "intelligence_report"
        ):
            problems.append(("grading", "a grading is only for intelligence"))
        start, end = clean.get("occurred_at"), clean.get("ended_at")
        if isinstance(start, tuple) and isinstance(end, tuple) and end[0] < start[0]:
            problems.append(("ended_at", "ends before it began (occurred_at)"))
    if spec is PERSON_LOCATIONS:
        start, end = clean.get("from"), clean.get("to")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            problems.append(("to", "ends before it began (from)"))
    return problems
