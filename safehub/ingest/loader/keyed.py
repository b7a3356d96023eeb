"""Rows keyed by the agency's own id (persons, locations, objects, events): new, changed or
unchanged against what the agency sent before.

A changed row keeps its old values as a RowVersion; an unchanged one is only marked seen
in this extract; an id repeated within the extract is an error wherever the first was.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from safehub.ingest.exchange.files import Clean, FileSpec
from safehub.ingest.loader.state import BATCH, CleanRow, LoadState
from safehub.ingest.sources import RowSource
from safehub.records import bulk
from safehub.records.models import RowVersion, VersionedRow

# Rows of one kind checked against other files (an event's location) before they are written.
Resolve = Callable[[LoadState, RowSource, list[CleanRow]], list[CleanRow]]
# Columns (and a value per new row) written alongside new rows, having written what they name.
Alongside = Callable[[LoadState, int], tuple[list[str], list[tuple[object, ...]]]]


def text(value: object) -> str:
    return "" if value is None else str(value)


def _jsonable(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class KeyedKind:
    spec: FileSpec
    model: type[VersionedRow]
    key_field: str
    version_kind: str
    fields: Callable[[Clean], dict[str, Any]]
    resolve: Resolve | None = None
    alongside_new: Alongside | None = None


class KeyedWriter:
    """Writes batches of keyed rows of one load."""

    def __init__(self, state: LoadState) -> None:
        self.state = state
        self.had_rows: dict[str, bool] = {}

    def write(self, kind: KeyedKind, source: RowSource, rows: list[CleanRow]) -> None:
        state = self.state
        rows = self._unique_in_batch(kind, source, rows)
        if kind.resolve is not None:
            rows = kind.resolve(state, source, rows)
        if state.issues.issues:
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
                    agency=state.agency, **{f"{kind.key_field}__in": keys}
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
            elif current.seen_in_id == state.extract.pk:
                state.issue(
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
                    state.extract,
                    line,
                    state.extract,
                )
                changed.append(current)
            else:
                unchanged.append(current.pk)
        self._save(kind, new, changed, unchanged, versions)

    def _keep_unwritten(self, kind: KeyedKind, source: RowSource, rows: list[CleanRow]) -> None:
        unwritten = self.state.unwritten.setdefault(kind.spec.name, {})
        written = bulk.keys_to_rows(
            kind.model,
            kind.key_field,
            [str(clean[kind.key_field]) for _, clean in rows],
            agency_id=self.state.agency.pk,
            seen_in_id=self.state.extract.pk,
        )
        for line, clean in rows:
            key = str(clean[kind.key_field])
            earlier = unwritten.get(key) or (written[key][1] if key in written else None)
            if earlier is not None:
                self.state.issue(
                    source, line, kind.key_field, f"duplicate id {key!r} (also on line {earlier})"
                )
            else:
                unwritten[key] = line

    def _had_rows(self, kind: KeyedKind) -> bool:
        """Whether the agency held rows of this kind before: a first import has nothing
        to compare with, so it skips looking."""
        if kind.spec.name not in self.had_rows:
            self.had_rows[kind.spec.name] = (
                kind.model._default_manager.filter(agency=self.state.agency)
                .exclude(seen_in=self.state.extract)
                .exists()
            )
        return self.had_rows[kind.spec.name]

    def _not_seen_before(
        self, kind: KeyedKind, source: RowSource, rows: list[CleanRow], keys: list[str]
    ) -> list[CleanRow]:
        """On a first import, only this extract's earlier batches can hold a duplicate."""
        seen = bulk.keys_to_rows(
            kind.model,
            kind.key_field,
            keys,
            agency_id=self.state.agency.pk,
            seen_in_id=self.state.extract.pk,
        )
        if not seen:
            return rows
        kept = []
        for line, clean in rows:
            key = str(clean[kind.key_field])
            if key in seen:
                self.state.issue(
                    source,
                    line,
                    kind.key_field,
                    f"duplicate id {key!r} (also on line {seen[key][1]})",
                )
            else:
                kept.append((line, clean))
        return kept

    def _unique_in_batch(
        self, kind: KeyedKind, source: RowSource, rows: list[CleanRow]
    ) -> list[CleanRow]:
        first_line: dict[str, int] = {}
        unique: list[CleanRow] = []
        for line, clean in rows:
            key = str(clean[kind.key_field])
            if key in first_line:
                self.state.issue(
                    source,
                    line,
                    kind.key_field,
                    f"duplicate id {key!r} (also on line {first_line[key]})",
                )
                continue
            first_line[key] = line
            unique.append((line, clean))
        return unique

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
            superseded_by=self.state.extract,
        )

    def _save(
        self,
        kind: KeyedKind,
        new: list[tuple[int, str, dict[str, Any]]],
        changed: list[VersionedRow],
        unchanged: list[int],
        versions: list[RowVersion],
    ) -> None:
        if self.state.issues.issues:
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
                seen_in=self.state.extract
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
        fixed = (self.state.agency.pk, self.state.extract.pk)
        rows: list[list[object]] = [
            [*fixed, line, self.state.extract.pk, 1, key, *pick(values)]
            for line, key, values in new
        ]
        if kind.alongside_new is not None:
            more_fields, more = kind.alongside_new(self.state, len(rows))
            fields += more_fields
            for row, values_more in zip(rows, more, strict=True):
                row.extend(values_more)
        bulk.insert_rows(kind.model, fields, rows)
