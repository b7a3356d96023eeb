"""`import_extract`: one extract written whole, or nothing of it, in one transaction.

Rows are checked and written a batch at a time, file by file in the exchange format's
order, so memory stays flat as extracts grow; any problem rolls the whole extract back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection, transaction

from safehub.agencies.models import Agency
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.ingest.exchange.files import FILES, FileSpec, row_rules
from safehub.ingest.exchange.issues import ExtractRejected, Issue
from safehub.ingest.loader import events, locations, objects, persons
from safehub.ingest.loader.keyed import KeyedWriter
from safehub.ingest.loader.links import LINKS, LinkWriter
from safehub.ingest.loader.preflight import preflight
from safehub.ingest.loader.state import (
    BATCH,
    CleanRow,
    IssueCollector,
    LoadState,
    TooManyIssues,
)
from safehub.ingest.sources import ExtractReader, RowSource
from safehub.records.models import Extract, Person, PersonRecord
from safehub.records.sensitivity import records_classify

DEFAULT_ERROR_LIMIT = 100
Progress = Callable[[int, int], None]

KEYED = {kind.spec.name: kind for kind in (locations.KIND, objects.KIND, persons.KIND, events.KIND)}

RawRow = tuple[int, dict[str, str]]


@dataclass
class ImportOutcome:
    extract: Extract
    created: bool  # False when this extract_id had been imported already
    row_counts: dict[str, int] = field(default_factory=dict)


def _batches(rows: Iterable[RawRow]) -> Iterator[list[RawRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


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
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.total_bytes = sum(
            reader.size(spec.filename) for spec in FILES if reader.has(spec.filename)
        )
        self.done_bytes = 0
        self.state = LoadState(agency=agency, extract=extract, issues=issues)
        self.keyed = KeyedWriter(self.state)
        self.links = LinkWriter(self.state)

    def load(self) -> None:
        for spec in FILES:
            if not self.reader.has(spec.filename):
                continue
            with self.reader.rows(spec.filename) as source:
                self.counts[spec.name] = 0
                for batch in _batches(source):
                    valid = self._validate(spec, source, batch)
                    if spec.name in KEYED:
                        self.keyed.write(KEYED[spec.name], source, valid)
                    else:
                        self.links.write(LINKS[spec.name], source, valid)
                    self.counts[spec.name] += len(batch)
                    self._report(source.bytes_read)
                self.done_bytes += source.bytes_read

    def _report(self, file_bytes: int) -> None:
        if self.progress is not None:
            self.progress(min(self.done_bytes + file_bytes, self.total_bytes), self.total_bytes)

    def _validate(self, spec: FileSpec, source: RowSource, batch: list[RawRow]) -> list[CleanRow]:
        valid: list[CleanRow] = []
        for line, raw in batch:
            clean, problems = spec.parse(raw)
            if not problems:
                problems = row_rules(spec, clean)
            if problems:
                for column, message in problems:
                    self.state.issue(source, line, column, message)
                if spec.key and raw.get(spec.key):
                    self.state.invalid.setdefault(spec.name, set()).add(raw[spec.key].strip())
                continue
            valid.append((line, clean))
        return valid


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
        manifest = preflight(reader, issues)
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
    except TooManyIssues:
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
