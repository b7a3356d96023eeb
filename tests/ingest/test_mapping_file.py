"""Native mappings: a wrong mapping file is refused, naming the file, key and line."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from safehub.ingest.exchange.issues import ExtractRejected
from safehub.ingest.mapping.extract import MappedExtract
from safehub.ingest.mapping.loading import load_mapping
from safehub.ingest.mapping.yaml_report import MappingError

BASE: dict[str, Any] = {
    "format": "safehub-mapping/1",
    "agency": "csc",
    "source_system": "carefirst",
    "files": {
        "persons": {
            "source": "clients.csv",
            "columns": {
                "record_id": {"from": "Client ID"},
                "family_name": {"from": "Name", "split": {"sep": ",", "part": 0}},
                "date_of_birth": {"from": "DOB", "date_format": "%d/%m/%Y"},
                "sex": {"from": "Gender", "map": {"F": "female", "M": "male"}},
                "other_names": {"from": ["Alias 1", "Alias 2"], "join": ";"},
            },
        },
    },
}


def write(folder: Path, document: object) -> Path:
    path = folder / "mapping.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def persons(document: dict[str, Any]) -> dict[str, Any]:
    return document["files"]["persons"]


def columns(document: dict[str, Any]) -> dict[str, Any]:
    return persons(document)["columns"]


Change = Callable[[dict[str, Any]], object]

CASES: list[tuple[str, Change, str, str]] = [
    (
        "wrong format",
        lambda d: d.update(format="safehub-mapping/2"),
        "format",
        "must be 'safehub-mapping/1'",
    ),
    ("unknown top key", lambda d: d.update(agencies="csc"), "agencies", "unknown key 'agencies'"),
    ("no agency", lambda d: d.pop("agency"), "agency", "a value is required"),
    (
        "unknown file key",
        lambda d: persons(d).update(sheets="Clients"),
        "files.persons.sheets",
        "unknown key",
    ),
    (
        "unknown column key",
        lambda d: columns(d)["sex"].update(mapp={}),
        "files.persons.columns.sex.mapp",
        "unknown key 'mapp'",
    ),
    (
        "both from and value",
        lambda d: columns(d)["sex"].update(value="unknown"),
        "files.persons.columns.sex",
        "exactly one of `from`",
    ),
    (
        "neither from nor value",
        lambda d: columns(d).update(sex={"map": {"F": "female"}}),
        "files.persons.columns.sex",
        "exactly one of `from`",
    ),
    (
        "unknown exchange column",
        lambda d: columns(d).update(gender={"from": "Gender"}),
        "files.persons.columns.gender",
        "persons.csv has no column 'gender'",
    ),
    (
        "unknown exchange file",
        lambda d: d["files"].update(people=persons(d)),
        "files.people",
        "unknown exchange file 'people'",
    ),
    (
        "required column not mapped",
        lambda d: columns(d).pop("record_id"),
        "files.persons.columns",
        "persons.csv requires record_id",
    ),
    (
        "bad directive",
        lambda d: columns(d)["date_of_birth"].update(date_format="%d/%m/%Q"),
        "files.persons.columns.date_of_birth.date_format",
        "not a usable date format",
    ),
    (
        "format without directives",
        lambda d: columns(d)["date_of_birth"].update(date_format="dd/mm/yyyy"),
        "files.persons.columns.date_of_birth.date_format",
        "it has no year",
    ),
    (
        "bad format in a list",
        lambda d: columns(d)["date_of_birth"].update(date_format=["%d/%m/%Y", "%H:%M"]),
        "files.persons.columns.date_of_birth.date_format[1]",
        "it has no year",
    ),
    (
        "list from without join",
        lambda d: columns(d)["other_names"].pop("join"),
        "files.persons.columns.other_names",
        "`join`",
    ),
    (
        "join with a single from",
        lambda d: columns(d)["sex"].update(join=";"),
        "files.persons.columns.sex.join",
        "only for a list",
    ),
    (
        "split part out of range",
        lambda d: columns(d)["family_name"]["split"].update(part=2),
        "files.persons.columns.family_name.split.part",
        "must be 0",
    ),
    (
        "split without sep",
        lambda d: columns(d)["family_name"].update(split={"part": 0}),
        "files.persons.columns.family_name.split",
        "{sep: <separator>",
    ),
    (
        "map value read as a boolean",
        lambda d: columns(d)["sex"]["map"].update(Y=True),
        "files.persons.columns.sex.map.Y",
        "put the text in quotes",
    ),
    (
        "upper and lower",
        lambda d: columns(d)["sex"].update(upper=True, lower=True),
        "files.persons.columns.sex",
        "both `upper` and `lower`",
    ),
    (
        "flag not a boolean",
        lambda d: columns(d)["sex"].update(strip="no thanks"),
        "files.persons.columns.sex.strip",
        "must be true or false",
    ),
    (
        "unknown encoding",
        lambda d: persons(d).update(encoding="klingon"),
        "files.persons.encoding",
        "unknown encoding",
    ),
    (
        "sheet on a csv source",
        lambda d: persons(d).update(sheet="Clients"),
        "files.persons.sheet",
        "only for .xlsx",
    ),
    (
        "not a csv or xlsx",
        lambda d: persons(d).update(source="clients.txt"),
        "files.persons.source",
        "must be a .csv or .xlsx file",
    ),
    (
        "source outside the folder",
        lambda d: persons(d).update(source="../etc/clients.csv"),
        "files.persons.source",
        "inside the native folder",
    ),
    (
        "negative skip_rows",
        lambda d: persons(d).update(skip_rows=-1),
        "files.persons.skip_rows",
        "whole number",
    ),
    ("no files", lambda d: d.update(files={}), "files", "must map exchange files"),
]


@pytest.mark.parametrize(
    ("change", "key", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_a_bad_mapping_names_the_file_and_key(
    tmp_path: Path, change: Change, key: str, message: str
) -> None:
    document = copy.deepcopy(BASE)
    change(document)
    with pytest.raises(MappingError) as raised:
        load_mapping(write(tmp_path, document))
    text = str(raised.value)
    assert "mapping.yaml" in text
    assert f"{key}: " in text
    assert message in text


def test_the_base_mapping_is_good(tmp_path: Path) -> None:
    mapping = load_mapping(write(tmp_path, BASE))
    assert mapping.agency == "csc"
    assert [rule.column for rule in mapping.files["persons"].rules] == [
        "record_id",
        "family_name",
        "date_of_birth",
        "sex",
        "other_names",
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    document = copy.deepcopy(BASE)
    document["format"] = "nope"
    columns(document)["gender"] = {"from": "Gender"}
    columns(document)["sex"]["mapp"] = {}
    with pytest.raises(MappingError) as raised:
        load_mapping(write(tmp_path, document))
    assert len(raised.value.issues) == 3


def test_errors_give_the_line_in_the_mapping(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "format: safehub-mapping/1\n"
        "agency: csc\n"
        "files:\n"
        "  persons:\n"
        "    source: clients.csv\n"
        "    columns:\n"
        "      record_id: {from: Client ID}\n"
        "      sex: {from: Gender, mapp: {F: female}}\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as raised:
        load_mapping(path)
    assert str(raised.value).startswith(
        "mapping.yaml, line 8: files.persons.columns.sex.mapp: unknown key 'mapp'"
    )


def test_a_key_written_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "format: safehub-mapping/1\n"
        "agency: csc\n"
        "files:\n"
        "  persons:\n"
        "    source: clients.csv\n"
        "    columns:\n"
        "      record_id: {from: Client ID}\n"
        "      family_name: {from: Surname}\n"
        "      family_name: {from: Forename}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        MappingError,
        match=(r"mapping.yaml, line 9: files.persons.columns.family_name: the key appears twice"),
    ):
        load_mapping(path)


def test_yaml_that_does_not_parse_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("format: safehub-mapping/1\nagency: [csc\nfiles: {}\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"mapping.yaml, line \d+: not valid YAML"):
        load_mapping(path)


def test_a_mapping_that_is_not_a_yaml_mapping(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="must be a YAML mapping"):
        load_mapping(write(tmp_path, ["format", "agency"]))


def test_a_missing_native_file_names_the_mapping_key(tmp_path: Path) -> None:
    native = tmp_path / "native"
    native.mkdir()
    with pytest.raises(MappingError) as raised:
        MappedExtract(write(tmp_path, BASE), native)
    assert str(raised.value).startswith(
        "mapping.yaml, line 6: files.persons.source: there is no 'clients.csv' in"
    )


def test_a_missing_native_folder(tmp_path: Path) -> None:
    with pytest.raises(ExtractRejected) as raised:
        MappedExtract(write(tmp_path, BASE), tmp_path / "nowhere")
    assert "no such file or folder" in str(raised.value)
