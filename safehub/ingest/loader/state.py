"""What the writers of one load share: the extract, the issues found, the rows set aside.

Ids named by later files are resolved against what this extract has already written
(`seen_in`), so no set of every id is held in memory. Rows rejected, or left unwritten
after an error, are remembered so that one mistake is reported once, not again by every
row that names it.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from safehub.agencies.models import Agency
from safehub.ingest.exchange.files import Clean
from safehub.ingest.exchange.issues import ExtractRejected, Issue
from safehub.ingest.sources import RowSource
from safehub.records import bulk
from safehub.records.models import Extract, VersionedRow

BATCH = 2000

CleanRow = tuple[int, Clean]  # (line, clean values)


class TooManyIssues(Exception):
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
            raise TooManyIssues
        self.issues.append(issue)

    def reject(self) -> ExtractRejected:
        return ExtractRejected(self.issues, truncated=self.truncated)


class LoadState:
    """One load's extract and agency, its issues, and the ids set aside so far."""

    def __init__(self, *, agency: Agency, extract: Extract, issues: IssueCollector) -> None:
        self.agency = agency
        self.extract = extract
        self.issues = issues
        self.invalid: dict[str, set[str]] = {}  # ids of rows rejected, to quiet knock-on errors
        # Once an error is found nothing more is written, but the rest is still checked:
        # the ids (and lines) of valid rows left unwritten, so that references to them are
        # not reported as dangling and repeats of them are still reported as duplicates.
        self.unwritten: dict[str, dict[str, int]] = {}
        self.now: datetime = timezone.now()

    def issue(self, source: RowSource, line: int | None, column: str | None, message: str) -> None:
        label = source.column_label(column) if column else None
        self.issues.add(Issue(source.label, line, label, message))

    def resolve(self, model: type[VersionedRow], key_field: str, keys: set[str]) -> dict[str, int]:
        """pks of rows this extract has written, by their agency id."""
        rows = bulk.keys_to_rows(
            model, key_field, keys, agency_id=self.agency.pk, seen_in_id=self.extract.pk
        )
        return {key: pk for key, (pk, _) in rows.items()}

    def dangling(self, source: RowSource, line: int, column: str, target: str, value: str) -> None:
        if value in self.invalid.get(target, ()):
            return  # that row was rejected and already reported
        if value in self.unwritten.get(target, {}):
            return  # the file holds it; it was left unwritten after an earlier error
        self.issue(source, line, column, f"no {target}.csv row has id {value!r} in this extract")
