"""An extract's manifest.json: whose extract it is, which one, and when it was taken.

Checked before any row is read, with every problem named at once; a native mapping
writes the same manifest for the files it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from safehub.ingest.exchange.issues import ExtractRejected, Issue
from safehub.ingest.exchange.values import parse_instant

FORMAT = "safehub-exchange/1"


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
