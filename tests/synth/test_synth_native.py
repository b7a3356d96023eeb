"""Native layouts plus their mapping.yaml give back the agency's exchange rows exactly.

The mapping rules of docs/native-mappings.md are applied here by a tiny, independent
reader, so the generator's native files and mappings are checked without the importer.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

Cell = str | date


def read_native(folder: Path, spec: dict) -> list[dict[str, Cell]]:
    source = folder / spec["source"]
    if source.suffix == ".xlsx":
        book = load_workbook(source, read_only=True)
        sheet = book[spec["sheet"]] if "sheet" in spec else book.worksheets[0]
        table = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        with source.open(encoding=spec.get("encoding", "utf-8-sig"), newline="") as handle:
            table = list(csv.reader(handle, delimiter=spec.get("delimiter", ",")))
    rows = table[spec.get("skip_rows", 0) :]
    header = [str(h).strip() for h in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if any(row)]


def to_date(value: Cell, formats: list[str]) -> str:
    if isinstance(value, datetime):
        has_time = any(d in formats[0] for d in ("%H", "%M", "%S"))
        return value.isoformat() if has_time else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    for pattern in formats:
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if any(d in pattern for d in ("%H", "%M")):
            return moment.isoformat()
        if "%d" in pattern:
            return moment.date().isoformat()
        return f"{moment.year:04d}-{moment.month:02d}" if "%m" in pattern else f"{moment.year}"
    raise AssertionError(f"{value!r} matches none of {formats}")


def apply_rule(rule: dict, cells: dict[str, Cell]) -> str:
    if "value" in rule:
        return str(rule["value"])
    sources = rule["from"] if isinstance(rule["from"], list) else [rule["from"]]
    values = [cells[name] for name in sources]
    if isinstance(rule["from"], list):
        return rule["join"].join(str(v).strip() for v in values if str(v).strip())
    value = values[0]
    if rule.get("date_format") and str(value).strip():
        formats = rule["date_format"]
        value = to_date(value, formats if isinstance(formats, list) else [formats])
    text = value.isoformat() if isinstance(value, date) else str(value)
    if "split" in rule:
        before, found, after = text.partition(rule["split"]["sep"])
        text = before if rule["split"]["part"] == 0 else (after if found else "")
    text = text.strip()
    if "map" in rule and text:
        table = {str(k).strip().casefold(): v for k, v in rule["map"].items()}
        mapped = table.get(text.casefold(), rule.get("default"))
        assert mapped is not None, f"{value!r} not in the map"
        text = str(mapped)
    return text or rule.get("default", "")


def mapped(folder: Path, kind: str) -> list[dict[str, str]]:
    mapping = yaml.safe_load((folder / "mapping.yaml").read_text(encoding="utf-8"))
    spec = mapping["files"][kind]
    return [
        {column: apply_rule(rule, cells) for column, rule in spec["columns"].items()}
        for cells in read_native(folder, spec)
    ]


def exchange(world, agency: str, kind: str) -> list[dict[str, str]]:
    with (world.out_dir / "extracts" / agency / f"{kind}.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("agency", "files"),
    [
        (
            "csc",
            {
                "clients.csv",
                "episodes.csv",
                "involvements.csv",
                "providers.csv",
                "placements.csv",
                "relationships.csv",
                "mapping.yaml",
            },
        ),
        ("health", {"nvh_extract.xlsx", "mapping.yaml"}),
    ],
)
def test_native_layouts_are_written(world, agency, files):
    assert {p.name for p in (world.out_dir / "native" / agency).iterdir()} == files


@pytest.mark.parametrize(
    ("agency", "kind"),
    [
        ("csc", "persons"),
        ("csc", "events"),
        ("csc", "event_people"),
        ("csc", "locations"),
        ("csc", "person_locations"),
        ("csc", "person_people"),
        ("health", "persons"),
        ("health", "events"),
        ("health", "event_people"),
    ],
)
def test_mapping_turns_native_rows_into_the_exchange_rows(world, agency, kind):
    got = mapped(world.out_dir / "native" / agency, kind)
    want = exchange(world, agency, kind)
    assert len(got) == len(want) > 0
    for made, expected in zip(got, want, strict=True):
        # Columns the native layout lacks are empty in the exchange extract too.
        assert {c: made.get(c, "") for c in expected} == expected


def test_native_layouts_look_like_agency_exports(world):
    folder = world.out_dir / "native"
    clients = (folder / "csc" / "clients.csv").read_bytes().decode("cp1252")
    header, first = clients.splitlines()[:2]
    assert "Name" in header.split(",")
    assert ", " in first
    row = next(csv.DictReader(clients.splitlines()))
    assert row["DOB"][2] == "/"
    assert row["Gender"] in {"F", "M", "U", "I"}
    assert any(" " in r["NHS No"] for r in csv.DictReader(clients.splitlines()))
    book = load_workbook(folder / "health" / "nvh_extract.xlsx", read_only=True)
    patients = list(book["Patients"].iter_rows(values_only=True))
    assert patients[0][0].startswith("Northvale NHS")
    assert patients[2][0] == "Hospital No"
    assert any(isinstance(r[4], datetime) for r in patients[3:])  # real Excel date cells
    book.close()
