"""One exchange file's rows, made from a native table (a CSV file or a sheet) by its mapping.

Apart from the readers, so that CSV and Excel rows are mapped, and their bad cells
reported, the same way.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Protocol

from safehub.ingest.exchange.issues import ExtractRejected, Issue
from safehub.ingest.mapping.definition import FileMapping
from safehub.ingest.mapping.transforms import Cell

MAX_CELL_ISSUES = 100  # the importer's own limit: past it, more messages are noise


class NativeTable(Protocol):
    """A native file's data rows as (line or sheet row, {native column: cell})."""

    label: str
    header: list[str]
    header_line: int
    bytes_read: int

    def __iter__(self) -> Iterator[tuple[int, Mapping[str, Cell]]]: ...


class _CellIssues:
    """Cells that could not be mapped, gathered so one run reports them all."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.issues: list[Issue] = []

    def add(self, line: int, problems: list[tuple[str, str]]) -> None:
        for column, message in problems:
            if len(self.issues) >= MAX_CELL_ISSUES:
                raise ExtractRejected(self.issues, truncated=True)
            self.issues.append(Issue(self.label, line, column, message))

    def joined(self, rejected: ExtractRejected) -> ExtractRejected:
        return ExtractRejected(self.issues + rejected.issues, truncated=rejected.truncated)


def _missing_column(name: str, header: list[str]) -> str:
    message = "the mapping reads this column but the header does not have it"
    close = difflib.get_close_matches(name, [h for h in header if h], n=1)
    return f"{message} (did you mean {close[0]!r}?)" if close else message


def _header_issues(table: NativeTable, file: FileMapping) -> list[Issue]:
    if not any(table.header):
        return [
            Issue(
                table.label,
                table.header_line,
                None,
                "the header row is empty (is skip_rows right?)",
            )
        ]
    counts = Counter(table.header)
    issues: list[Issue] = []
    for name in file.native_columns():
        if counts[name] == 0:
            issues.append(
                Issue(table.label, table.header_line, name, _missing_column(name, table.header))
            )
        elif counts[name] > 1:
            # Only columns the mapping reads: twin columns it ignores are harmless.
            issues.append(
                Issue(
                    table.label, table.header_line, name, "the column appears twice in the header"
                )
            )
    return issues


class MappedRows:
    """One exchange file's rows, made from a native table by its mapping (a RowSource).

    A cell that cannot be transformed drops its row and is reported; the issues are
    raised together when the file ends, so one run shows the agency every bad cell.
    """

    def __init__(self, table: NativeTable, file: FileMapping) -> None:
        issues = _header_issues(table, file)
        if issues:
            raise ExtractRejected(issues)
        self.label = table.label
        self.header = [rule.column for rule in file.rules]
        self.header_line = table.header_line
        self.bytes_read = 0
        self._table = table
        self._file = file
        self._labels = {rule.column: rule.label for rule in file.rules}

    def column_label(self, column: str) -> str:
        return self._labels.get(column, column)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        issues = _CellIssues(self.label)
        for line, cells in self._native_rows(issues):
            self.bytes_read = self._table.bytes_read
            row, problems = self._file.map_row(cells)
            if problems:
                issues.add(line, problems)
                continue
            yield line, row
        self.bytes_read = self._table.bytes_read
        if issues.issues:
            raise ExtractRejected(issues.issues)

    def _native_rows(self, issues: _CellIssues) -> Iterator[tuple[int, Mapping[str, Cell]]]:
        try:
            yield from self._table
        except ExtractRejected as rejected:
            # A malformed line ends the file: keep the cell issues found before it.
            raise issues.joined(rejected) from None
