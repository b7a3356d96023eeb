"""Writers for the exchange format (CSV + manifest), agencies.json and ground_truth.json."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

FORMAT = "safehub-exchange/1"
GROUND_TRUTH_FORMAT = "safehub-ground-truth/1"

# The exchange-format columns of each file (docs/exchange-format.md), in the order written.
COLUMNS: dict[str, tuple[str, ...]] = {
    "persons": (
        "record_id",
        "family_name",
        "given_names",
        "other_names",
        "date_of_birth",
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
        "recorded_at",
    ),
    "locations": (
        "location_id",
        "name",
        "address",
        "postcode",
        "premises_type",
        "latitude",
        "longitude",
    ),
    "objects": ("object_id", "object_type", "value", "description"),
    "events": (
        "event_id",
        "event_type",
        "occurred_at",
        "ended_at",
        "location_id",
        "summary",
        "sensitivity",
        "grading",
    ),
    "event_people": ("event_id", "record_id", "role"),
    "event_objects": ("event_id", "object_id", "relation"),
    "person_objects": ("record_id", "object_id", "relation"),
    "person_locations": ("record_id", "location_id", "relation", "from", "to"),
    "person_people": ("record_id", "other_record_id", "relation"),
}
Row = dict[str, str]


class ExtractWriter:
    """One agency's exchange extract, written row by row as the world happens."""

    def __init__(self, folder: Path, kinds: Iterable[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.counts: dict[str, int] = {}
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        for kind in kinds:
            self.open(kind)

    def open(self, kind: str) -> None:
        """Start a file (header row first); persons are opened last, once all are known."""
        handle = (self.folder / f"{kind}.csv").open("w", encoding="utf-8", newline="")
        writer = csv.DictWriter(handle, fieldnames=COLUMNS[kind])
        writer.writeheader()
        self._files[kind], self._writers[kind] = handle, writer
        self.counts[kind] = 0

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self._files)

    def write(self, kind: str, row: Row) -> None:
        self._writers[kind].writerow(row)
        self.counts[kind] += 1

    def close(self, manifest: dict[str, object]) -> None:
        for handle in self._files.values():
            handle.close()
        text = json.dumps(manifest, indent=2) + "\n"
        (self.folder / "manifest.json").write_text(text, encoding="utf-8")


def manifest(*, agency: str, source_system: str, reference: date) -> dict[str, object]:
    return {
        "format": FORMAT,
        "agency": agency,
        "source_system": source_system,
        "extract_id": f"{agency}-{reference.isoformat()}",
        "extracted_at": f"{reference.isoformat()}T06:00:00Z",
        "replaces": None,
    }


def write_agencies(path: Path, agencies: list[dict[str, str]]) -> None:
    path.write_text(json.dumps(agencies, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_ground_truth(
    path: Path, header: dict[str, object], sections: dict[str, Iterable[dict[str, Any]]]
) -> None:
    """JSON with one list entry per line, so a large truth file stays readable and diffable."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("{\n")
        for key, value in header.items():
            out.write(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
        last = len(sections) - 1
        for number, (key, entries) in enumerate(sections.items()):
            out.write(f"{json.dumps(key)}: [")
            separator = "\n"
            for entry in entries:
                out.write(separator + json.dumps(entry, ensure_ascii=False, sort_keys=False))
                separator = ",\n"
            out.write("\n]" + ("," if number < last else "") + "\n")
        out.write("}\n")
