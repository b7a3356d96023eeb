"""The hub exchange format, version 1: which files and columns exist and what is valid.

Pure Python (no Django): each file has a spec that checks a header and turns one raw CSV
row into clean values plus the problems found, so the same rules serve the importer,
native mappings, the fuzz tests and anyone reading the contract.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from nhs_number.validate import is_valid as nhs_number_is_valid

from safehub.records import vocabulary as v

FORMAT = "safehub-exchange/1"
LOCAL_TZ = ZoneInfo("Europe/London")
MAX_ID_LENGTH = 100
MAX_NAME_LENGTH = 200

Problems = list[tuple[str, str]]  # (column, what is wrong)
Clean = dict[str, object]


@dataclass(frozen=True)
class Issue:
    """One thing wrong with an extract, named so a person can find and fix it."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class ExtractRejected(Exception):
    """The extract was not imported; nothing of it was written."""

    def __init__(self, issues: list[Issue], *, truncated: bool = False) -> None:
        self.issues = issues
        self.truncated = truncated
        super().__init__("\n".join(str(i) for i in issues))


# ---------------------------------------------------------------- value parsers

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PNC = re.compile(r"^\d{2}(?:\d{2})?/\d{1,7}[A-Z]$")
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
_ETHNICITY = re.compile(r"^[A-Z]\d$")
_GRADING = re.compile(r"^[1-3]/[A-E]/[PC]$")
_POSTCODE_SPACE = re.compile(r"\s+")


def parse_partial_date(value: str) -> tuple[str, int]:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY`: returns it unchanged and its year, or raises."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = match.groups()
    if not 1850 <= int(year) <= 2200:
        raise ValueError(f"{value!r}: year {year} is out of range")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{value!r}: month {month} does not exist")
    if day is not None:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
    return value, int(year)


def parse_date(value: str) -> date:
    """A full ISO date, `YYYY-MM-DD`."""
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date (YYYY-MM-DD)") from None


def parse_when(value: str) -> tuple[date, datetime | None]:
    """A date or an ISO datetime: the date, and the instant when a time was given.

    A time without an offset is read as UK local time, where the agencies record it.
    """
    if len(value) == 10:
        return parse_date(value), None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date or ISO date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(LOCAL_TZ).date(), moment.astimezone(UTC)


def parse_instant(value: str) -> datetime:
    """A date (read as midnight UK time) or an ISO datetime, as an aware UTC instant."""
    day, moment = parse_when(value)
    if moment is not None:
        return moment
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


def normalise_nhs_number(value: str) -> str:
    digits = value.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        raise ValueError(f"{value!r} is not 10 digits")
    if not nhs_number_is_valid(digits):
        raise ValueError(f"{value!r} fails the NHS number check digit (modulus 11)")
    return digits


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code (`m12 4ab` → `M12 4AB`)."""
    compact = _POSTCODE_SPACE.sub("", value).upper()
    if len(compact) >= 5:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact  # a partial postcode (an outward code) from an old record


def _check(pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(f"{value!r} is not {what}")
        return value

    return check


def _vocabulary(values: tuple[str, ...]) -> Callable[[str], str]:
    allowed = frozenset(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of: {', '.join(values)}")
        return value

    return check


def _limited(length: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > length:
            raise ValueError(f"longer than {length} characters")
        return value

    return check


def _coordinate(low: float, high: float) -> Callable[[str], float]:
    def check(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if not low <= number <= high:
            raise ValueError(f"{value!r} is outside {low}..{high}")
        return number

    return check


def _email_list(value: str) -> str:
    for part in value.split(";"):
        if part.strip() and "@" not in part:
            raise ValueError(f"{part.strip()!r} is not an e-mail address")
    return value


# ---------------------------------------------------------------- file specs

Parser = Callable[[str], object]


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


_id = _limited(MAX_ID_LENGTH)
_name = _limited(MAX_NAME_LENGTH)


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
        "sex": _vocabulary(v.SEXES),
        "ethnicity": _check(_ETHNICITY, "an ethnicity code (a letter and a digit, e.g. W1)"),
        "nhs_number": normalise_nhs_number,
        "pnc_id": _check(_PNC, "a PNC id (e.g. 2004/0123456X)"),
        "upn": _check(_UPN, "a Unique Pupil Number (a letter, 11 digits, a digit or letter)"),
        "local_id": _id,
        "address": _text,
        "postcode": normalise_postcode,
        "phone": _text,
        "email": _email_list,
        "recorded_at": parse_instant,
    },
)

LOCATIONS = FileSpec(
    name="locations",
    key="location_id",
    required=("location_id",),
    parsers={
        "location_id": _id,
        "name": _limited(300),
        "address": _text,
        "postcode": normalise_postcode,
        "premises_type": _vocabulary(v.PREMISES_TYPES),
        "latitude": _coordinate(-90.0, 90.0),
        "longitude": _coordinate(-180.0, 180.0),
    },
)

OBJECTS = FileSpec(
    name="objects",
    key="object_id",
    required=("object_id", "object_type"),
    parsers={
        "object_id": _id,
        "object_type": _vocabulary(v.OBJECT_TYPES),
        "value": _limited(300),
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
        "event_type": _vocabulary(v.EVENT_TYPES),
        "occurred_at": parse_when,
        "ended_at": parse_when,
        "location_id": _id,
        "summary": _text,
        "sensitivity": _vocabulary(v.SENSITIVITIES),
        "grading": _check(_GRADING, "a 3x5x2 grading (source 1-3 / A-E / P or C, e.g. 1/A/P)"),
    },
)

EVENT_PEOPLE = FileSpec(
    name="event_people",
    required=("event_id", "record_id", "role"),
    references={"event_id": "events", "record_id": "persons"},
    parsers={"event_id": _id, "record_id": _id, "role": _vocabulary(v.EVENT_ROLES)},
)

EVENT_OBJECTS = FileSpec(
    name="event_objects",
    required=("event_id", "object_id", "relation"),
    references={"event_id": "events", "object_id": "objects"},
    parsers={
        "event_id": _id,
        "object_id": _id,
        "relation": _vocabulary(v.EVENT_OBJECT_RELATIONS),
    },
)

PERSON_OBJECTS = FileSpec(
    name="person_objects",
    required=("record_id", "object_id", "relation"),
    references={"record_id": "persons", "object_id": "objects"},
    parsers={
        "record_id": _id,
        "object_id": _id,
        "relation": _vocabulary(v.PERSON_OBJECT_RELATIONS),
    },
)

PERSON_LOCATIONS = FileSpec(
    name="person_locations",
    required=("record_id", "location_id", "relation"),
    references={"record_id": "persons", "location_id": "locations"},
    parsers={
        "record_id": _id,
        "location_id": _id,
        "relation": _vocabulary(v.PERSON_LOCATION_RELATIONS),
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
        "relation": _vocabulary(v.PERSON_PERSON_RELATIONS),
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


# ---------------------------------------------------------------- manifest


@dataclass(frozen=True)
class Manifest:
    agency: str
    source_system: str
    extract_id: str
    extracted_at: datetime
    replaces: str | None
    raw: dict[str, object]


_MANIFEST_KEYS = {"format", "agency", "source_system", "extract_id", "extracted_at", "replaces"}


class _ManifestFields:
    """Reads the manifest's string fields, noting each problem instead of stopping."""

    def __init__(self, raw: dict[str, object], filename: str) -> None:
        self.raw, self.filename = raw, filename
        self.issues: list[Issue] = []

    def problem(self, key: str | None, message: str) -> None:
        self.issues.append(Issue(self.filename, None, key, message))

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.raw.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, "a value is required")
            return ""
        if not isinstance(value, str):
            self.problem(key, "must be a string")
            return ""
        return value.strip()

    def instant(self, key: str) -> datetime:
        stamp = self.text(key)
        try:
            return parse_instant(stamp) if stamp else datetime.fromtimestamp(0, UTC)
        except ValueError as error:
            self.problem(key, str(error))
            return datetime.fromtimestamp(0, UTC)


def parse_manifest(raw: object, *, filename: str = "manifest.json") -> Manifest:
    """Check a decoded manifest.json; raises ExtractRejected naming every problem."""
    if not isinstance(raw, dict):
        raise ExtractRejected([Issue(filename, None, None, "must be a JSON object")])
    fields = _ManifestFields(raw, filename)
    if raw.get("format") != FORMAT:
        fields.problem("format", f"must be {FORMAT!r}, not {raw.get('format')!r}")
    for key in sorted(set(raw) - _MANIFEST_KEYS):
        fields.problem(key, "unknown key")
    manifest = Manifest(
        agency=fields.text("agency"),
        source_system=fields.text("source_system", required=False),
        extract_id=fields.text("extract_id"),
        extracted_at=fields.instant("extracted_at"),
        replaces=fields.text("replaces", required=False) or None,
        raw=dict(raw),
    )
    if len(manifest.extract_id) > 200:
        fields.problem("extract_id", "longer than 200 characters")
    if fields.issues:
        raise ExtractRejected(fields.issues)
    return manifest
