"""Building small exchange-format extracts for tests."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

Rows = list[dict[str, str]]


def write_extract(
    folder: Path,
    *,
    agency: str = "police",
    extract_id: str = "police-1",
    files: dict[str, Rows] | None = None,
    raw: dict[str, str] | None = None,
    manifest: dict[str, object] | None = None,
) -> Path:
    """A folder with manifest.json and one CSV per entry of `files` (or raw text)."""
    folder.mkdir(parents=True, exist_ok=True)
    document: dict[str, object] = {
        "format": "safehub-exchange/1",
        "agency": agency,
        "source_system": "test",
        "extract_id": extract_id,
        "extracted_at": "2026-11-01T06:00:00Z",
        "replaces": None,
    }
    document.update(manifest or {})
    (folder / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    for name, rows in (files or {}).items():
        columns = list(dict.fromkeys(column for row in rows for column in row))
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    for filename, text in (raw or {}).items():
        (folder / filename).write_text(text, encoding="utf-8")
    return folder


def zip_extract(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{folder.name}/{path.name}")
    return target


def person(
    record_id: str,
    family: str = "Smith",
    given: str = "Kayleigh",
    dob: str = "2009-04-02",
    **extra: str,
) -> dict[str, str]:
    return {
        "record_id": record_id,
        "family_name": family,
        "given_names": given,
        "date_of_birth": dob,
        **extra,
    }
