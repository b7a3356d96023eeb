"""Records made in the hub — a quick concern, a missing episode, a return home interview —
written as an extract of the author's agency through the same loader as every import.

So they are records like any other: the exchange format's checks, provenance (the
extract, its source line, who made it), the agency's sensitivity, link keys; and, once
committed, the same link run, screening and network build that follow an import.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Self

from django.utils import timezone

from safehub.agencies.models import Agency, User
from safehub.ingest.exchange.files import FILES_BY_NAME
from safehub.ingest.exchange.manifest import FORMAT
from safehub.ingest.loader.extract import ImportOutcome, import_extract
from safehub.ingest.services import link_after
from safehub.ingest.sources import CsvRows
from safehub.records.models import PersonRecord

Rows = Sequence[Mapping[str, str]]


class MemoryExtract:
    """An extract held in memory: the manifest and, per exchange-format file, its rows.
    Each file's header is the columns its rows use, in the format's order."""

    def __init__(self, manifest: Mapping[str, object], files: Mapping[str, Rows]) -> None:
        self.label = str(manifest.get("extract_id", "extract"))
        self._manifest = dict(manifest)
        self._files = {f"{name}.csv": _csv(name, rows) for name, rows in files.items()}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def manifest(self) -> object:
        return self._manifest

    def has(self, filename: str) -> bool:
        return filename in self._files

    def size(self, filename: str) -> int:
        return len(self._files[filename])

    @contextmanager
    def rows(self, filename: str) -> Iterator[CsvRows]:
        yield CsvRows(io.BytesIO(self._files[filename]), filename)

    def checksum(self) -> str:
        digest = hashlib.sha256(json.dumps(self._manifest, sort_keys=True).encode())
        for name in sorted(self._files):
            digest.update(name.encode() + b"\0" + self._files[name])
        return digest.hexdigest()

    def unexpected_files(self, expected: set[str]) -> list[str]:
        return sorted(set(self._files) - expected)


def _csv(name: str, rows: Rows) -> bytes:
    order = tuple(FILES_BY_NAME[name].parsers) if name in FILES_BY_NAME else ()
    used = {column for row in rows for column in row}
    header = [c for c in order if c in used] + sorted(used - set(order))
    if not header:
        header = list(order[:1])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def hub_extract_write(
    *,
    actor: User,
    agency: Agency,
    extract_id: str,
    source_system: str,
    files: Mapping[str, Rows],
    extracted_at: datetime | None = None,
) -> ImportOutcome:
    """Write `files` as the extract `extract_id` of `agency`, inside the caller's
    transaction, or raise ExtractRejected naming each problem, having written nothing.
    The same id again changes nothing. Linking follows once committed."""
    manifest = {
        "format": FORMAT,
        "agency": agency.code,
        "source_system": source_system,
        "extract_id": extract_id,
        "extracted_at": (extracted_at or timezone.now()).isoformat(),
    }
    files = {"persons": [], **files}
    with MemoryExtract(manifest, files) as reader:
        outcome = import_extract(reader, imported_by=actor)
    link_after(outcome)
    return outcome


# persons.csv's columns that a record keeps as text, as the exchange format orders them.
_PERSON_COLUMNS = tuple(
    column
    for column in FILES_BY_NAME["persons"].parsers
    if column not in ("record_id", "recorded_at")
)


def record_as_sent(record: PersonRecord) -> dict[str, str]:
    """The persons.csv row of an agency's existing record, as it stands: sent again in a
    hub-made extract of the same agency it changes nothing (the loader marks it seen), and
    the extract's events can name the person by it."""
    row = {"record_id": record.record_id}
    row.update({column: str(getattr(record, column) or "") for column in _PERSON_COLUMNS})
    if record.recorded_at is not None:
        row["recorded_at"] = record.recorded_at.isoformat()
    return row
