"""Writing one extract into the hub: whole or nothing, streamed in batches.

Everything happens in one database transaction. Rows are checked and written a batch at
a time; ids named by later files are resolved against what this extract has already
written (`seen_in`), so no set of every id is held in memory and memory stays flat as
extracts grow. Any problem rolls the whole extract back.
"""

from __future__ import annotations

import hashlib
import operator
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

import phonenumbers
from django.db import connection, models, transaction
from django.utils import timezone

from safehub.agencies.models import Agency
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.ingest import exchange
from safehub.ingest.exchange import Clean, ExtractRejected, FileSpec, Issue
from safehub.ingest.sources import ExtractReader, RowSource
from safehub.records import bulk
from safehub.records.models import (
    Event,
    EventObject,
    EventPerson,
    Extract,
    Location,
    Object,
    Person,
    PersonLocation,
    PersonObject,
    PersonPerson,
    PersonRecord,
    RowVersion,
    VersionedRow,
)
from safehub.records.sensitivity import records_classify

BATCH = 2000
DEFAULT_ERROR_LIMIT = 100
Progress = Callable[[int, int], None]


@dataclass
class ImportOutcome:
    extract: Extract
    created: bool  # False when this extract_id had been imported already
    row_counts: dict[str, int] = field(default_factory=dict)


class _TooManyIssues(Exception):
    pass


class IssueCollector:
    """Gathers issues up to a limit, then stops the import."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.issues: list[Issue] = []
        self.truncated = False

    def add(self, issue: Issue) -> None:
        if len(self.issues) >= self.limit:
            self.truncated = True
            raise _TooManyIssues
        self.issues.append(issue)

    def reject(self) -> ExtractRejected:
        return ExtractRejected(self.issues, truncated=self.truncated)


# ---------------------------------------------------------------- field mapping


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _person_fields(clean: Clean) -> dict[str, Any]:
    dob = clean["date_of_birth"]
    fields: dict[str, Any] = {
        name: _text(clean[name])
        for name in (
            "family_name",
            "given_names",
            "other_names",
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
        )
    }
    fields["date_of_birth"], fields["birth_year"] = dob if isinstance(dob, tuple) else ("", None)
    fields["recorded_at"] = clean["recorded_at"]
    return fields


def _location_fields(clean: Clean) -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: _text(clean[name]) for name in ("name", "address", "postcode", "premises_type")
    }
    fields["latitude"], fields["longitude"] = clean["latitude"], clean["longitude"]
    return fields


def normalized_object_value(object_type: str, value: str) -> str:
    """One canonical form per kind of object, so agencies' records of it meet."""
    if object_type == "phone":
        try:
            number = phonenumbers.parse(value, "GB")
        except phonenumbers.NumberParseException:
            return "".join(ch for ch in value if ch.isdigit() or ch == "+")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if object_type == "vehicle":
        return "".join(value.split()).upper()
    return value.strip().lower()


def _object_fields(clean: Clean) -> dict[str, Any]:
    object_type, value = _text(clean["object_type"]), _text(clean["value"])
    return {
        "object_type": object_type,
        "value": value,
        "normalized_value": normalized_object_value(object_type, value) if value else "",
        "description": _text(clean["description"]),
    }


def _event_fields(clean: Clean) -> dict[str, Any]:
    occurred = clean["occurred_at"]
    ended = clean["ended_at"]
    assert isinstance(occurred, tuple)
    return {
        "event_type": clean["event_type"],
        "occurred_on": occurred[0],
        "occurred_at": occurred[1],
        "ended_on": ended[0] if isinstance(ended, tuple) else None,
        "ended_at": ended[1] if isinstance(ended, tuple) else None,
        "location_id": clean["location_id"],  # replaced by the location's pk
        "summary": _text(clean["summary"]),
        "sensitivity": clean["sensitivity"] or "general",
        "grading": _text(clean["grading"]),
    }


@dataclass(frozen=True)
class KeyedKind:
    spec: FileSpec
    model: type[VersionedRow]
    key_field: str
    version_kind: str
    fields: Callable[[Clean], dict[str, Any]]


KEYED = {
    "locations": KeyedKind(
        exchange.LOCATIONS, Location, "location_id", RowVersion.Kind.LOCATION, _location_fields
    ),
    "objects": KeyedKind(
        exchange.OBJECTS, Object, "object_id", RowVersion.Kind.OBJECT, _object_fields
    ),
    "persons": KeyedKind(
        exchange.PERSONS, PersonRecord, "record_id", RowVersion.Kind.PERSON, _person_fields
    ),
    "events": KeyedKind(exchange.EVENTS, Event, "event_id", RowVersion.Kind.EVENT, _event_fields),
}


@dataclass(frozen=True)
class LinkKind:
    spec: FileSpec
    model: type[models.Model]
    # (exchange column, model FK field, model whose key it names, key field of that model)
    ends: tuple[tuple[str, str, type[VersionedRow], str], ...]
    relation: str  # the exchange column that holds the role / relation


LINKS = {
    "event_people": LinkKind(
        exchange.EVENT_PEOPLE,
        EventPerson,
        (
            ("event_id", "event", Event, "event_id"),
            ("record_id", "record", PersonRecord, "record_id"),
        ),
        "role",
    ),
    "event_objects": LinkKind(
        exchange.EVENT_OBJECTS,
        EventObject,
        (("event_id", "event", Event, "event_id"), ("object_id", "object", Object, "object_id")),
        "relation",
    ),
    "person_objects": LinkKind(
        exchange.PERSON_OBJECTS,
        PersonObject,
        (
            ("record_id", "record", PersonRecord, "record_id"),
            ("object_id", "object", Object, "object_id"),
        ),
        "relation",
    ),
    "person_locations": LinkKind(
        exchange.PERSON_LOCATIONS,
        PersonLocation,
        (
            ("record_id", "record", PersonRecord, "record_id"),
            ("location_id", "location", Location, "location_id"),
        ),
        "relation",
    ),
    "person_people": LinkKind(
        exchange.PERSON_PEOPLE,
        PersonPerson,
        (
            ("record_id", "record", PersonRecord, "record_id"),
            ("other_record_id", "other_record", PersonRecord, "record_id"),
        ),
        "relation",
    ),
}


def _jsonable(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


RawRow = tuple[int, dict[str, str]]


def _batches(rows: Iterable[RawRow]) -> Iterator[list[RawRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


# ---------------------------------------------------------------- the import


class ExtractLoader:
    """Loads one extract inside the caller's transaction."""

    def __init__(
        self,
        reader: ExtractReader,
        *,
        agency: Agency,
        extract: Extract,
        issues: IssueCollector,
        progress: Progress | None,
    ) -> None:
        self.reader = reader
        self.agency = agency
        self.extract = extract
        self.issues = issues
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.invalid: dict[str, set[str]] = {}  # ids of rows rejected, to quiet knock-on errors
        # Once an error is found nothing more is written, but the rest is still checked:
        # the ids (and lines) of valid rows left unwritten, so that references to them are
        # not reported as dangling and repeats of them are still reported as duplicates.
        self.unwritten: dict[str, dict[str, int]] = {}
        self.total_bytes = sum(
            reader.size(spec.filename) for spec in exchange.FILES if reader.has(spec.filename)
        )
        self.done_bytes = 0
        self.now = timezone.now()
        self.had_rows: dict[str, bool] = {}

    def load(self) -> None:
        for spec in exchange.FILES:
            if not self.reader.has(spec.filename):
                continue
            with self.reader.rows(spec.filename) as source:
                self.counts[spec.name] = 0
                for batch in _batches(source):
                    valid = self._validate(spec, source, batch)
                    if spec.name in KEYED:
                        self._write_keyed(KEYED[spec.name], source, valid)
                    else:
                        self._write_links(LINKS[spec.name], source, valid)
                    self.counts[spec.name] += len(batch)
                    self._report(source.bytes_read)
                self.done_bytes += source.bytes_read

    def _report(self, file_bytes: int) -> None:
        if self.progress is not None:
            self.progress(min(self.done_bytes + file_bytes, self.total_bytes), self.total_bytes)

    def _issue(self, source: RowSource, line: int | None, column: str | None, message: str) -> None:
        label = source.column_label(column) if column else None
        self.issues.add(Issue(source.label, line, label, message))

    def _validate(
        self, spec: FileSpec, source: RowSource, batch: list[tuple[int, dict[str, str]]]
    ) -> list[tuple[int, Clean]]:
        valid: list[tuple[int, Clean]] = []
        for line, raw in batch:
            clean, problems = spec.parse(raw)
            if not problems:
                problems = exchange.row_rules(spec, clean)
            if problems:
                for column, message in problems:
                    self._issue(source, line, column, message)
                if spec.key and raw.get(spec.key):
                    self.invalid.setdefault(spec.name, set()).add(raw[spec.key].strip())
                continue
            valid.append((line, clean))
        return valid

    # -- rows keyed by the agency's own id

    def _resolve(self, model: type[VersionedRow], key_field: str, keys: set[str]) -> dict[str, int]:
        """pks of rows this extract has written, by their agency id."""
        rows = bulk.keys_to_rows(
            model, key_field, keys, agency_id=self.agency.pk, seen_in_id=self.extract.pk
        )
        return {key: pk for key, (pk, _) in rows.items()}

    def _dangling(self, source: RowSource, line: int, column: str, target: str, value: str) -> None:
        if value in self.invalid.get(target, ()):
            return  # that row was rejected and already reported
        if value in self.unwritten.get(target, {}):
            return  # the file holds it; it was left unwritten after an earlier error
        self._issue(source, line, column, f"no {target}.csv row has id {value!r} in this extract")

    def _write_keyed(
        self, kind: KeyedKind, source: RowSource, rows: list[tuple[int, Clean]]
    ) -> None:
        rows = self._unique_in_batch(kind, source, rows)
        if kind.spec is exchange.EVENTS:
            rows = self._resolve_event_locations(source, rows)
        if self.issues.issues:
            self._keep_unwritten(kind, source, rows)
            return
        keys = [str(clean[kind.key_field]) for _, clean in rows]
        if not self._had_rows(kind):
            rows = self._not_seen_before(kind, source, rows, keys)
            keys = [str(clean[kind.key_field]) for _, clean in rows]
        existing = (
            {}
            if not self._had_rows(kind)
            else {
                getattr(obj, kind.key_field): obj
                for obj in kind.model._default_manager.filter(
                    agency=self.agency, **{f"{kind.key_field}__in": keys}
                )
            }
        )
        new: list[tuple[int, str, dict[str, Any]]] = []
        changed: list[VersionedRow] = []
        unchanged: list[int] = []
        versions: list[RowVersion] = []
        for line, clean in rows:
            key = str(clean[kind.key_field])
            values = kind.fields(clean)
            current = existing.get(key)
            if current is None:
                new.append((line, key, values))
            elif current.seen_in_id == self.extract.pk:
                self._issue(
                    source,
                    line,
                    kind.key_field,
                    f"duplicate id {key!r} (also on line {current.source_line})",
                )
            elif any(getattr(current, name) != value for name, value in values.items()):
                versions.append(self._version_of(kind, current, values))
                for name, value in values.items():
                    setattr(current, name, value)
                current.version += 1
                current.extract, current.source_line, current.seen_in = (
                    self.extract,
                    line,
                    self.extract,
                )
                changed.append(current)
            else:
                unchanged.append(current.pk)
        self._save(kind, new, changed, unchanged, versions)

    def _keep_unwritten(
        self, kind: KeyedKind, source: RowSource, rows: list[tuple[int, Clean]]
    ) -> None:
        unwritten = self.unwritten.setdefault(kind.spec.name, {})
        written = bulk.keys_to_rows(
            kind.model,
            kind.key_field,
            [str(clean[kind.key_field]) for _, clean in rows],
            agency_id=self.agency.pk,
            seen_in_id=self.extract.pk,
        )
        for line, clean in rows:
            key = str(clean[kind.key_field])
            earlier = unwritten.get(key) or (written[key][1] if key in written else None)
            if earlier is not None:
                self._issue(
                    source, line, kind.key_field, f"duplicate id {key!r} (also on line {earlier})"
                )
            else:
                unwritten[key] = line

    def _had_rows(self, kind: KeyedKind) -> bool:
        """Whether the agency held rows of this kind before: a first import has nothing
        to compare with, so it skips looking."""
        if kind.spec.name not in self.had_rows:
            self.had_rows[kind.spec.name] = (
                kind.model._default_manager.filter(agency=self.agency)
                .exclude(seen_in=self.extract)
                .exists()
            )
        return self.had_rows[kind.spec.name]

    def _not_seen_before(
        self, kind: KeyedKind, source: RowSource, rows: list[tuple[int, Clean]], keys: list[str]
    ) -> list[tuple[int, Clean]]:
        """On a first import, only this extract's earlier batches can hold a duplicate."""
        seen = bulk.keys_to_rows(
            kind.model, kind.key_field, keys, agency_id=self.agency.pk, seen_in_id=self.extract.pk
        )
        if not seen:
            return rows
        kept = []
        for line, clean in rows:
            key = str(clean[kind.key_field])
            if key in seen:
                self._issue(
                    source,
                    line,
                    kind.key_field,
                    f"duplicate id {key!r} (also on line {seen[key][1]})",
                )
            else:
                kept.append((line, clean))
        return kept

    def _unique_in_batch(
        self, kind: KeyedKind, source: RowSource, rows: list[tuple[int, Clean]]
    ) -> list[tuple[int, Clean]]:
        first_line: dict[str, int] = {}
        unique: list[tuple[int, Clean]] = []
        for line, clean in rows:
            key = str(clean[kind.key_field])
            if key in first_line:
                self._issue(
                    source,
                    line,
                    kind.key_field,
                    f"duplicate id {key!r} (also on line {first_line[key]})",
                )
                continue
            first_line[key] = line
            unique.append((line, clean))
        return unique

    def _resolve_event_locations(
        self, source: RowSource, rows: list[tuple[int, Clean]]
    ) -> list[tuple[int, Clean]]:
        wanted = {str(c["location_id"]) for _, c in rows if c["location_id"]}
        pks = self._resolve(Location, "location_id", wanted)
        resolved: list[tuple[int, Clean]] = []
        for line, clean in rows:
            named = clean["location_id"]
            if named is None:
                resolved.append((line, clean))
            elif str(named) in pks:
                resolved.append((line, {**clean, "location_id": pks[str(named)]}))
            else:
                self._dangling(source, line, "location_id", "locations", str(named))
        return resolved

    def _version_of(
        self, kind: KeyedKind, current: VersionedRow, values: dict[str, Any]
    ) -> RowVersion:
        return RowVersion(
            kind=kind.version_kind,
            row_pk=current.pk,
            version=current.version,
            data={name: _jsonable(getattr(current, name)) for name in values},
            extract_id=current.extract_id,
            source_line=current.source_line,
            superseded_by=self.extract,
        )

    def _save(
        self,
        kind: KeyedKind,
        new: list[tuple[int, str, dict[str, Any]]],
        changed: list[VersionedRow],
        unchanged: list[int],
        versions: list[RowVersion],
    ) -> None:
        if self.issues.issues:
            return  # the extract will be rejected: stop writing, keep checking
        if new:
            self._insert_new(kind, new)
        if changed:
            RowVersion.objects.bulk_create(versions, batch_size=BATCH)
            update_fields = sorted(
                {f.attname for f in kind.model._meta.concrete_fields if not f.primary_key}
                - {"agency_id", kind.key_field}
            )
            kind.model._default_manager.bulk_update(changed, update_fields, batch_size=500)
        for start in range(0, len(unchanged), 900):
            kind.model._default_manager.filter(pk__in=unchanged[start : start + 900]).update(
                seen_in=self.extract
            )

    def _insert_new(self, kind: KeyedKind, new: list[tuple[int, str, dict[str, Any]]]) -> None:
        value_names = list(new[0][2])
        fields = [
            "agency_id",
            "extract_id",
            "source_line",
            "seen_in_id",
            "version",
            kind.key_field,
            *value_names,
        ]
        pick = operator.itemgetter(*value_names)
        fixed = (self.agency.pk, self.extract.pk)
        rows: list[list[object]] = [
            [*fixed, line, self.extract.pk, 1, key, *pick(values)] for line, key, values in new
        ]
        if kind.model is PersonRecord:
            # Until linking runs, every record is its own Person.
            people = [uuid.uuid4() for _ in rows]
            bulk.insert_rows(
                Person,
                ["id", "created_at", "protected_details"],
                [(pk, self.now, False) for pk in people],
            )
            # The agency's own sensitivity; its services raise it after the load.
            fields += ["person_id", "sensitivity"]
            for row, pk in zip(rows, people, strict=True):
                row += [pk, self.agency.record_sensitivity]
        bulk.insert_rows(kind.model, fields, rows)

    # -- link files

    def _write_links(
        self, kind: LinkKind, source: RowSource, rows: list[tuple[int, Clean]]
    ) -> None:
        resolved: list[dict[str, int]] = []
        for column, _, model, key_field in kind.ends:
            wanted = {str(c[column]) for _, c in rows}
            resolved.append(self._resolve(model, key_field, wanted))
        links: dict[str, tuple[object, ...]] = {}
        for line, clean in rows:
            ends: dict[str, int] = {}
            for (column, fk, model, _), pks in zip(kind.ends, resolved, strict=True):
                value = str(clean[column])
                if value not in pks:
                    target = "persons" if model is PersonRecord else f"{model.__name__.lower()}s"
                    self._dangling(source, line, column, target, value)
                else:
                    ends[f"{fk}_id"] = pks[value]
            if len(ends) != len(kind.ends):
                continue
            valid_from, valid_to = clean.get("from"), clean.get("to")
            identity = "|".join(
                [
                    kind.spec.name,
                    *(str(pk) for pk in ends.values()),
                    str(clean[kind.relation]),
                    str(valid_from or ""),
                ]
            )
            key = hashlib.sha1(identity.encode(), usedforsecurity=False).hexdigest()
            links[key] = (
                key,
                self.agency.pk,
                self.extract.pk,
                line,
                valid_from,
                valid_to,
                clean[kind.relation],
                *ends.values(),
            )
        if self.issues.issues or not links:
            return
        fields = [
            "link_key",
            "agency_id",
            "extract_id",
            "source_line",
            "valid_from",
            "valid_to",
            kind.relation,
            *(f"{fk}_id" for _, fk, _, _ in kind.ends),
        ]
        bulk.upsert_rows(
            kind.model,
            fields,
            links.values(),
            conflict="link_key",
            update=["valid_to", "extract_id", "source_line"],
        )


def _preflight(reader: ExtractReader, issues: IssueCollector) -> exchange.Manifest:
    manifest = exchange.parse_manifest(reader.manifest())
    for name in reader.unexpected_files({spec.filename for spec in exchange.FILES}):
        issues.add(
            Issue(
                name,
                None,
                None,
                "not a file of the exchange format (expected: "
                + ", ".join(spec.filename for spec in exchange.FILES)
                + ")",
            )
        )
    for name in exchange.REQUIRED_FILES:
        if not reader.has(f"{name}.csv"):
            issues.add(Issue(f"{name}.csv", None, None, "required file is missing"))
    # Every header is checked before any row: rows cannot be read against a wrong one.
    for spec in exchange.FILES:
        if reader.has(spec.filename):
            with reader.rows(spec.filename) as source:
                for column, message in spec.header_issues(source.header):
                    issues.add(
                        Issue(
                            source.label, source.header_line, source.column_label(column), message
                        )
                    )
    return manifest


def import_extract(
    reader: ExtractReader,
    *,
    imported_by: Any = None,
    progress: Progress | None = None,
    mapping: str = "",
    error_limit: int = DEFAULT_ERROR_LIMIT,
) -> ImportOutcome:
    """Import one extract whole, or raise ExtractRejected having written nothing."""
    issues = IssueCollector(error_limit)
    try:
        manifest = _preflight(reader, issues)
        agency = Agency.objects.filter(code=manifest.agency).first()
        if agency is None:
            issues.add(
                Issue(
                    "manifest.json",
                    None,
                    "agency",
                    f"no agency with code {manifest.agency!r} in the hub "
                    "(add it first: safehub agency add)",
                )
            )
        if issues.issues:
            raise issues.reject()
        assert agency is not None
        done = Extract.objects.filter(agency=agency, extract_id=manifest.extract_id).first()
        if done is not None:
            return ImportOutcome(extract=done, created=False, row_counts=done.row_counts)
        if (
            manifest.replaces
            and not Extract.objects.filter(agency=agency, extract_id=manifest.replaces).exists()
        ):
            raise ExtractRejected(
                [
                    Issue(
                        "manifest.json",
                        None,
                        "replaces",
                        f"extract {manifest.replaces!r} was never imported",
                    )
                ]
            )
        checksum = reader.checksum()
        with transaction.atomic():
            extract = Extract.objects.create(
                agency=agency,
                extract_id=manifest.extract_id,
                source_system=manifest.source_system,
                extracted_at=manifest.extracted_at,
                replaces=manifest.replaces or "",
                manifest=manifest.raw,
                checksum=checksum,
                source_label=reader.label,
                mapping=mapping,
                imported_by=imported_by,
            )
            loader = ExtractLoader(
                reader, agency=agency, extract=extract, issues=issues, progress=progress
            )
            loader.load()
            if issues.issues:
                raise issues.reject()
            extract.row_counts = loader.counts
            extract.save(update_fields=["row_counts"])
            records_classify(agency=agency, extract=extract)
            # Last, just before the commit: the audit chain's lock is held from here on.
            audit.record(
                actor=imported_by,
                username=audit.operator_name(),
                verb=Verb.IMPORT,
                target_type="extract",
                target_id=f"{agency.code}/{extract.extract_id}",
                detail={"rows": loader.counts, "mapping": bool(mapping)},
            )
    except _TooManyIssues:
        raise issues.reject() from None
    except ExtractRejected as rejected:
        if rejected.issues is issues.issues:
            raise
        # A file that cannot be read at all ends the import; keep what was found before it.
        raise ExtractRejected(
            issues.issues + rejected.issues, truncated=issues.truncated or rejected.truncated
        ) from None
    _statistics_refresh()
    return ImportOutcome(extract=extract, created=True, row_counts=loader.counts)


def _statistics_refresh() -> None:
    """On PostgreSQL, fresh planner statistics for the people tables: right after a bulk
    load, before autovacuum has looked, the person list's per-person subqueries are
    planned as if the tables were empty (seconds instead of a fraction of one)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Person._meta.db_table}, {PersonRecord._meta.db_table}")
