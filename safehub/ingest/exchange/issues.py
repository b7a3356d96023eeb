"""What is wrong with an extract, said so that a person at the agency can find and fix it.

Every reader and check reports through these two types, so the command line, the upload
page and the tests show one form of message wherever the problem was found.
"""

from __future__ import annotations

from dataclasses import dataclass


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
