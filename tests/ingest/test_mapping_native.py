"""Native mappings: agencies' own CSV and Excel files read as exchange-format rows."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from safehub.ingest.exchange.issues import ExtractRejected, Issue
from safehub.ingest.exchange.manifest import parse_manifest
from safehub.ingest.mapping.extract import MappedExtract
from safehub.ingest.sources import ExtractReader, Limits

CLIENTS = (
    "Client ID,Name,DOB,Gender,NHS No,Alias 1,Alias 2,Notes\r\n"
    'C1,"SMITH, Kayleigh",07/03/2004,F,943 476 5919,Kay,,likes the café\r\n'
    'C2,"O\u2019BRIEN, Seán",1/12/1999,m,,,Shaz,\r\n'
    "\r\n"
    "C3,Ahmed,,,,,,\r\n"
)

CLIENT_COLUMNS: dict[str, Any] = {
    "record_id": {"from": "Client ID"},
    "family_name": {"from": "Name", "split": {"sep": ",", "part": 0}},
    "given_names": {"from": "Name", "split": {"sep": ",", "part": 1}},
    "date_of_birth": {"from": "DOB", "date_format": "%d/%m/%Y"},
    "sex": {"from": "Gender", "map": {"F": "female", "M": "male", "U": "unknown", "": "unknown"}},
    "nhs_number": {"from": "NHS No"},
    "other_names": {"from": ["Alias 1", "Alias 2"], "join": ";"},
}


def write_mapping(folder: Path, files: dict[str, Any]) -> Path:
    document = {
        "format": "safehub-mapping/1",
        "agency": "csc",
        "source_system": "carefirst",
        "files": files,
    }
    path = folder / "mapping.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def csv_extract(tmp_path: Path, text: str = CLIENTS, **options: Any) -> tuple[Path, Path]:
    """(mapping, native folder) for clients.csv written in cp1252."""
    native = tmp_path / "carefirst-2026-11"
    native.mkdir(exist_ok=True)
    (native / "clients.csv").write_bytes(text.encode("cp1252"))
    persons = {
        "source": "clients.csv",
        "encoding": "cp1252",
        **options,
        "columns": options.pop("columns", CLIENT_COLUMNS),
    }
    return write_mapping(tmp_path, {"persons": persons}), native


def read(reader: ExtractReader, filename: str = "persons.csv") -> list[tuple[int, dict[str, str]]]:
    with reader.rows(filename) as source:
        return list(source)


def rejected_issues(reader: ExtractReader, filename: str = "persons.csv") -> list[Issue]:
    with pytest.raises(ExtractRejected) as raised:
        read(reader, filename)
    return raised.value.issues


# ---------------------------------------------------------------- CSV


def test_a_cp1252_csv_becomes_exchange_rows(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    with MappedExtract(mapping, native) as reader:
        rows = read(reader)
    assert rows == [
        (
            2,
            {
                "record_id": "C1",
                "family_name": "SMITH",
                "given_names": "Kayleigh",
                "date_of_birth": "2004-03-07",
                "sex": "female",
                "nhs_number": "943 476 5919",
                "other_names": "Kay",
            },
        ),
        (
            3,
            {
                "record_id": "C2",
                "family_name": "O\u2019BRIEN",
                "given_names": "Seán",
                "date_of_birth": "1999-12-01",
                "sex": "male",
                "nhs_number": "",
                "other_names": "Shaz",
            },
        ),
        (
            5,
            {
                "record_id": "C3",
                "family_name": "Ahmed",
                "given_names": "",
                "date_of_birth": "",
                "sex": "unknown",
                "nhs_number": "",
                "other_names": "",
            },
        ),
    ]


def test_the_row_source_speaks_of_the_native_file(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    with MappedExtract(mapping, native) as reader, reader.rows("persons.csv") as source:
        assert source.label == "clients.csv"
        assert source.header == list(CLIENT_COLUMNS)
        assert source.header_line == 1
        assert source.column_label("date_of_birth") == "DOB"
        assert source.column_label("other_names") == "Alias 1+Alias 2"
        list(source)
        assert source.bytes_read == (native / "clients.csv").stat().st_size


def test_skip_rows_and_delimiter(tmp_path: Path) -> None:
    text = "CareFirst export;;\r\n\r\nClient ID ; Name;DOB\r\nC1;SMITH, Kay;07/03/2004\r\n"
    columns = {key: CLIENT_COLUMNS[key] for key in ("record_id", "family_name", "date_of_birth")}
    mapping, native = csv_extract(tmp_path, text, skip_rows=2, delimiter=";", columns=columns)
    with MappedExtract(mapping, native) as reader, reader.rows("persons.csv") as source:
        assert source.header_line == 3
        assert list(source) == [
            (4, {"record_id": "C1", "family_name": "SMITH", "date_of_birth": "2004-03-07"})
        ]


def test_bad_cells_name_the_native_file_line_and_column(tmp_path: Path) -> None:
    text = CLIENTS + 'C4,"JONES, Tia",31/02/2004,F,,,,\r\nC5,"LEE, Mo",01/01/2001,X,,,,\r\n'
    mapping, native = csv_extract(tmp_path, text)
    with MappedExtract(mapping, native) as reader, reader.rows("persons.csv") as source:
        good: list[str] = []

        def read_all() -> None:
            good.extend(row["record_id"] for _, row in source)

        with pytest.raises(ExtractRejected) as raised:
            read_all()
    assert good == ["C1", "C2", "C3"]  # every good row is read before the file is refused
    assert [(i.file, i.line, i.column) for i in raised.value.issues] == [
        ("clients.csv", 6, "DOB"),
        ("clients.csv", 7, "Gender"),
    ]
    assert str(raised.value.issues[0]) == (
        "clients.csv, line 6, column 'DOB': '31/02/2004' does not match the date format '%d/%m/%Y'"
    )


def test_every_bad_cell_of_a_row_is_reported(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path, CLIENTS + "C4,Tia,someday,Q,,,,\r\n")
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert [(i.line, i.column) for i in issues] == [(6, "DOB"), (6, "Gender")]


def test_cell_issues_stop_at_a_hundred(tmp_path: Path) -> None:
    bad_rows = "".join(f"B{n},X,never,F,,,,\r\n" for n in range(150))
    mapping, native = csv_extract(tmp_path, CLIENTS + bad_rows)
    with MappedExtract(mapping, native) as reader, pytest.raises(ExtractRejected) as raised:
        read(reader)
    assert len(raised.value.issues) == 100
    assert raised.value.truncated


def test_malformed_csv_after_bad_cells_reports_both(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path, CLIENTS + "C4,X,never,F,,,,\r\nC5,too,few\r\n")
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert [(i.line, i.column) for i in issues] == [(6, "DOB"), (7, None)]
    assert "malformed CSV" in issues[1].message


def test_bytes_that_are_not_in_the_encoding_name_their_line(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    (native / "clients.csv").write_bytes(CLIENTS.encode("cp1252"))
    mapping.write_text(mapping.read_text().replace("cp1252", "utf-8"))
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert (issues[0].file, issues[0].line) == ("clients.csv", 2)
    assert "not UTF-8 text" in issues[0].message


def test_a_mapped_column_missing_from_the_header(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path, CLIENTS.replace("NHS No", "NHS Number"))
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert [(i.file, i.line, i.column) for i in issues] == [("clients.csv", 1, "NHS No")]
    assert "did you mean 'NHS Number'?" in issues[0].message


def test_header_names_are_compared_trimmed(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path, CLIENTS.replace("DOB,", "  DOB  ,"))
    with MappedExtract(mapping, native) as reader:
        assert read(reader)[0][1]["date_of_birth"] == "2004-03-07"


def test_a_mapped_column_twice_in_the_header(tmp_path: Path) -> None:
    text = CLIENTS.replace("Notes", "DOB")
    mapping, native = csv_extract(tmp_path, text)
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert [(i.line, i.column, i.message) for i in issues] == [
        (1, "DOB", "the column appears twice in the header")
    ]


def test_unmapped_columns_may_repeat(tmp_path: Path) -> None:
    text = CLIENTS.replace("Alias 1,Alias 2,Notes", "Other,Other,Other")
    columns = {key: CLIENT_COLUMNS[key] for key in ("record_id", "date_of_birth")}
    mapping, native = csv_extract(tmp_path, text, columns=columns)
    with MappedExtract(mapping, native) as reader:
        assert len(read(reader)) == 3


# ---------------------------------------------------------------- Excel


def pupils_workbook(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Pupils"
    sheet.append(["Pupils on roll, exported 01/11/2026"])
    sheet.append(
        [
            "UPN",
            "Surname",
            "Forename",
            " Date of Birth ",
            "NHS Number",
            "Sex",
            "Pupil No",
            "Entered",
        ]
    )
    sheet.append(
        [
            "A123456789012",
            "Jones",
            "Tia",
            date(2010, 5, 17),
            9434765919,
            "Female",
            123,
            datetime(2024, 9, 4, 8, 45),
        ]
    )
    sheet.append([])
    sheet.append(["B123456789012", "Ahmed", "Sam", "17/05/2011", None, "male", 124.5, None])
    workbook.create_sheet("Notes").append(["nothing to see"])
    workbook.save(path)


PUPIL_COLUMNS: dict[str, Any] = {
    "record_id": {"from": "UPN"},
    "upn": {"from": "UPN"},
    "family_name": {"from": "Surname", "upper": True},
    "given_names": {"from": "Forename"},
    "date_of_birth": {"from": "Date of Birth", "date_format": "%d/%m/%Y"},
    "nhs_number": {"from": "NHS Number"},
    "sex": {"from": "Sex", "map": {"female": "female", "male": "male"}, "default": "unknown"},
    "local_id": {"from": "Pupil No"},
    "recorded_at": {"from": "Entered"},
}


def excel_extract(tmp_path: Path, **options: Any) -> tuple[Path, Path]:
    native = tmp_path / "school"
    native.mkdir(exist_ok=True)
    pupils_workbook(native / "pupils.xlsx")
    persons = {
        "source": "pupils.xlsx",
        "sheet": "Pupils",
        "skip_rows": 1,
        "columns": PUPIL_COLUMNS,
        **options,
    }
    return write_mapping(tmp_path, {"persons": persons}), native


def test_an_excel_sheet_becomes_exchange_rows(tmp_path: Path) -> None:
    mapping, native = excel_extract(tmp_path)
    with MappedExtract(mapping, native) as reader:
        rows = read(reader)
    assert rows == [
        (
            3,
            {
                "record_id": "A123456789012",
                "upn": "A123456789012",
                "family_name": "JONES",
                "given_names": "Tia",
                "date_of_birth": "2010-05-17",
                "nhs_number": "9434765919",
                "sex": "female",
                "local_id": "123",
                "recorded_at": "2024-09-04T08:45:00",
            },
        ),
        (
            5,
            {
                "record_id": "B123456789012",
                "upn": "B123456789012",
                "family_name": "AHMED",
                "given_names": "Sam",
                "date_of_birth": "2011-05-17",
                "nhs_number": "",
                "sex": "male",
                "local_id": "124.5",
                "recorded_at": "",
            },
        ),
    ]


def test_the_excel_row_source_names_the_file_and_sheet(tmp_path: Path) -> None:
    mapping, native = excel_extract(tmp_path)
    size = (native / "pupils.xlsx").stat().st_size
    with MappedExtract(mapping, native) as reader, reader.rows("persons.csv") as source:
        assert source.label == "pupils.xlsx[Pupils]"
        assert source.header_line == 2
        assert source.column_label("nhs_number") == "NHS Number"
        seen = []
        for _ in source:
            seen.append(source.bytes_read)
        assert 0 < seen[0] < seen[-1] <= size
        assert reader.size("persons.csv") == size


def test_the_first_sheet_is_read_when_none_is_named(tmp_path: Path) -> None:
    mapping, native = excel_extract(tmp_path)
    files = yaml.safe_load(mapping.read_text())["files"]
    del files["persons"]["sheet"]
    write_mapping(tmp_path, files)
    with MappedExtract(mapping, native) as reader:
        assert len(read(reader)) == 2


def test_a_bad_excel_cell_names_the_sheet_row_and_column(tmp_path: Path) -> None:
    columns = {
        **PUPIL_COLUMNS,
        "date_of_birth": {"from": "Date of Birth", "date_format": "%Y-%m-%d"},
    }
    mapping, native = excel_extract(tmp_path, columns=columns)
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert [(i.file, i.line, i.column) for i in issues] == [
        ("pupils.xlsx[Pupils]", 5, "Date of Birth")
    ]


def test_a_missing_sheet(tmp_path: Path) -> None:
    mapping, native = excel_extract(tmp_path, sheet="Pupil")
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert str(issues[0]) == "pupils.xlsx: no sheet 'Pupil' (sheets: Pupils, Notes)"


def test_a_wrong_skip_rows_points_at_the_header(tmp_path: Path) -> None:
    mapping, native = excel_extract(tmp_path, skip_rows=0)
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert {(i.file, i.line) for i in issues} == {("pupils.xlsx[Pupils]", 1)}
    assert "UPN" in {i.column for i in issues}


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    mapping, native = excel_extract(tmp_path)
    (native / "pupils.xlsx").write_text("Client ID,Name\n", encoding="utf-8")
    with MappedExtract(mapping, native) as reader:
        issues = rejected_issues(reader)
    assert issues[0].file == "pupils.xlsx"
    assert "cannot be read as an Excel workbook" in issues[0].message


# ---------------------------------------------------------------- the extract


def test_the_manifest_is_an_exchange_manifest(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    stamp = datetime(2026, 11, 1, 6, 0, tzinfo=UTC).timestamp()
    os.utime(native / "clients.csv", (stamp, stamp))
    with MappedExtract(mapping, native) as reader:
        manifest = reader.manifest()
        assert reader.has("persons.csv")
        assert not reader.has("events.csv")
        assert reader.unexpected_files({"persons.csv"}) == []
        assert reader.label == "carefirst-2026-11"
        checksum = reader.checksum()
    assert isinstance(manifest, dict)
    assert manifest["extract_id"] == f"csc-carefirst-2026-11-{checksum[:12]}"
    assert manifest["extracted_at"] == "2026-11-01T06:00:00Z"
    parsed = parse_manifest(manifest)
    assert (parsed.agency, parsed.source_system) == ("csc", "carefirst")


def test_given_extract_id_and_time_win(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    when = datetime(2026, 10, 31, 23, 0, tzinfo=UTC)
    with MappedExtract(mapping, native, extract_id="csc-oct", extracted_at=when) as reader:
        manifest = reader.manifest()
    assert isinstance(manifest, dict)
    assert (manifest["extract_id"], manifest["extracted_at"]) == ("csc-oct", "2026-10-31T23:00:00Z")


def extract_id(mapping: Path, native: Path) -> str:
    with MappedExtract(mapping, native) as reader:
        manifest = reader.manifest()
    assert isinstance(manifest, dict)
    return str(manifest["extract_id"])


def test_the_same_native_files_give_the_same_extract_id(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    first = extract_id(mapping, native)
    copy = tmp_path / "copy" / native.name
    shutil.copytree(native, copy)
    assert extract_id(mapping, copy) == first
    data = bytearray((copy / "clients.csv").read_bytes())
    data[-3] ^= 1
    (copy / "clients.csv").write_bytes(bytes(data))
    assert extract_id(mapping, copy) != first


def test_files_the_mapping_does_not_read_do_not_change_the_id(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    first = extract_id(mapping, native)
    (native / "readme.txt").write_text("not read", encoding="utf-8")
    assert extract_id(mapping, native) == first


def test_one_native_file_may_be_given_directly(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    single = tmp_path / "clients-2026-11-01.csv"
    shutil.copy(native / "clients.csv", single)
    with MappedExtract(mapping, single) as reader:
        rows = read(reader)
        manifest = reader.manifest()
        with reader.rows("persons.csv") as source:
            assert source.label == "clients-2026-11-01.csv"
    assert len(rows) == 3
    assert isinstance(manifest, dict)
    assert str(manifest["extract_id"]).startswith("csc-clients-2026-11-01-")


def test_one_file_is_refused_when_the_mapping_reads_several(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    (native / "events.csv").write_text("ID,When\n", encoding="utf-8")
    files = yaml.safe_load(mapping.read_text())["files"]
    files["events"] = {
        "source": "events.csv",
        "columns": {
            "event_id": {"from": "ID"},
            "event_type": {"value": "school_concern"},
            "occurred_at": {"from": "When"},
        },
    }
    write_mapping(tmp_path, files)
    with pytest.raises(ExtractRejected, match="reads 2 native files"):
        MappedExtract(mapping, native / "clients.csv")


def test_several_exchange_files_may_come_from_one_native_file(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    files = yaml.safe_load(mapping.read_text())["files"]
    files["person_objects"] = {
        "source": "clients.csv",
        "encoding": "cp1252",
        "columns": {
            "record_id": {"from": "Client ID"},
            "object_id": {"from": "NHS No"},
            "relation": {"value": "uses"},
        },
    }
    write_mapping(tmp_path, files)
    with MappedExtract(mapping, native) as reader:
        links = read(reader, "person_objects.csv")
    assert links[0] == (2, {"record_id": "C1", "object_id": "943 476 5919", "relation": "uses"})


def test_a_native_file_over_the_size_limit(tmp_path: Path) -> None:
    mapping, native = csv_extract(tmp_path)
    with pytest.raises(ExtractRejected, match="over the limit"):
        MappedExtract(mapping, native, limits=Limits(max_file_bytes=10))
