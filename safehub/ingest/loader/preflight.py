"""Before any row is read: the manifest, the set of files, and every file's header.

Rows cannot be read against a wrong header, so every header is checked first and all
their problems are reported together.
"""

from __future__ import annotations

from safehub.ingest.exchange.files import FILES, REQUIRED_FILES
from safehub.ingest.exchange.issues import Issue
from safehub.ingest.exchange.manifest import Manifest, parse_manifest
from safehub.ingest.loader.state import IssueCollector
from safehub.ingest.sources import ExtractReader


def preflight(reader: ExtractReader, issues: IssueCollector) -> Manifest:
    manifest = parse_manifest(reader.manifest())
    for name in reader.unexpected_files({spec.filename for spec in FILES}):
        issues.add(
            Issue(
                name,
                None,
                None,
                "not a file of the exchange format (expected: "
                + ", ".join(spec.filename for spec in FILES)
                + ")",
            )
        )
    for name in REQUIRED_FILES:
        if not reader.has(f"{name}.csv"):
            issues.add(Issue(f"{name}.csv", None, None, "required file is missing"))
    # Every header is checked before any row: rows cannot be read against a wrong one.
    for spec in FILES:
        if reader.has(spec.filename):
            with reader.rows(spec.filename) as source:
                for column, message in spec.header_issues(source.header):
                    issues.add(
                        Issue(
                            source.label, source.header_line, source.column_label(column), message
                        )
                    )
    return manifest
