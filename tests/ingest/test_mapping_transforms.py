"""Native mappings: each column transform, as docs/native-mappings.md defines it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from safehub.ingest.mapping.loading import load_mapping
from safehub.ingest.mapping.transforms import CONSTANT, CellError, ColumnRule


def rule_for(
    tmp_path: Path, column: str, spec: dict[str, object], file: str = "persons"
) -> ColumnRule:
    """The checked rule for one exchange column of a minimal mapping."""
    columns: dict[str, object] = {column: spec}
    if file == "persons" and column != "record_id":
        columns["record_id"] = {"from": "ID"}
    document = {
        "format": "safehub-mapping/1",
        "agency": "csc",
        "files": {file: {"source": "native.csv", "columns": columns}},
    }
    if file == "events":
        columns.setdefault("event_id", {"from": "ID"})
        columns.setdefault("event_type", {"value": "school_concern"})
        columns.setdefault("occurred_at", {"from": "When"})
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    rules = {rule.column: rule for rule in load_mapping(path).files[file].rules}
    return rules[column]


def test_from_takes_the_native_cell_stripped(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "local_id", {"from": "Case No"})
    assert rule.apply({"Case No": "  C-17 "}) == "C-17"
    assert rule.label == "Case No"


def test_strip_false_keeps_spaces(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "address", {"from": "Address", "strip": False})
    assert rule.apply({"Address": " 1 High St "}) == " 1 High St "


def test_value_is_a_constant_labelled_as_such(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "sensitivity", {"value": "general"}, file="events")
    assert rule.apply({}) == "general"
    assert rule.label == CONSTANT


def test_numbers_as_constants_become_text(tmp_path: Path) -> None:
    assert rule_for(tmp_path, "local_id", {"value": 17}).apply({}) == "17"


@pytest.mark.parametrize(
    ("part", "cell", "expected"),
    [
        (0, "SMITH, Kayleigh", "SMITH"),
        (1, "SMITH, Kayleigh", "Kayleigh"),
        (1, "SMITH,  Kayleigh Ann , ", "Kayleigh Ann ,"),  # only the first separator splits
        (0, "Ahmed", "Ahmed"),  # no separator: part 0 is the whole value ...
        (1, "Ahmed", ""),  # ... and part 1 is empty
    ],
)
def test_split_keeps_one_part_stripped(tmp_path: Path, part: int, cell: str, expected: str) -> None:
    rule = rule_for(tmp_path, "family_name", {"from": "Name", "split": {"sep": ",", "part": part}})
    assert rule.apply({"Name": cell}) == expected


def test_join_joins_the_non_empty_columns(tmp_path: Path) -> None:
    rule = rule_for(
        tmp_path, "other_names", {"from": ["Alias 1", "Alias 2", "Alias 3"], "join": ";"}
    )
    assert rule.apply({"Alias 1": " Kay ", "Alias 2": "", "Alias 3": "Kayla"}) == "Kay;Kayla"
    assert rule.apply({"Alias 1": "", "Alias 2": " ", "Alias 3": ""}) == ""
    assert rule.label == "Alias 1+Alias 2+Alias 3"


def test_map_ignores_case_and_spaces(tmp_path: Path) -> None:
    rule = rule_for(
        tmp_path, "sex", {"from": "Gender", "map": {"F": "female", "M": "male", "": "unknown"}}
    )
    assert rule.apply({"Gender": " f "}) == "female"
    assert rule.apply({"Gender": "M"}) == "male"
    assert rule.apply({"Gender": ""}) == "unknown"


def test_a_value_missing_from_the_map_is_an_error(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "sex", {"from": "Gender", "map": {"F": "female", "M": "male"}})
    with pytest.raises(CellError, match=r"'X' is not in the mapping's value map \('F', 'M'\)"):
        rule.apply({"Gender": "X"})
    assert rule.apply({"Gender": ""}) == ""  # an empty cell stays unknown


def test_default_covers_missing_and_empty_values(tmp_path: Path) -> None:
    rule = rule_for(
        tmp_path, "sex", {"from": "Gender", "map": {"F": "female"}, "default": "unknown"}
    )
    assert rule.apply({"Gender": "X"}) == "unknown"
    assert rule.apply({"Gender": "  "}) == "unknown"
    assert rule.apply({"Gender": "f"}) == "female"


def test_default_without_map_fills_empty_cells(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "sensitivity", {"from": "Level", "default": "general"}, file="events")
    assert rule.apply({"Level": ""}) == "general"
    assert rule.apply({"Level": "health"}) == "health"


def test_date_format_gives_an_iso_date(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "date_of_birth", {"from": "DOB", "date_format": "%d/%m/%Y"})
    assert rule.apply({"DOB": "07/03/2004"}) == "2004-03-07"
    assert rule.apply({"DOB": " 7/3/2004 "}) == "2004-03-07"
    assert rule.apply({"DOB": ""}) == ""


def test_several_date_formats_first_that_parses_wins(tmp_path: Path) -> None:
    rule = rule_for(
        tmp_path,
        "date_of_birth",
        {"from": "DOB", "date_format": ["%d/%m/%Y", "%Y-%m-%d", "%d %b %Y"]},
    )
    assert rule.apply({"DOB": "2004-03-07"}) == "2004-03-07"
    assert rule.apply({"DOB": "7 Mar 2004"}) == "2004-03-07"


def test_a_format_without_a_day_gives_a_partial_date(tmp_path: Path) -> None:
    rule = rule_for(
        tmp_path, "date_of_birth", {"from": "DOB", "date_format": ["%d/%m/%Y", "%m/%Y", "%Y"]}
    )
    assert rule.apply({"DOB": "03/2004"}) == "2004-03"
    assert rule.apply({"DOB": "2004"}) == "2004"


def test_a_format_with_a_time_gives_an_iso_datetime(tmp_path: Path) -> None:
    rule = rule_for(
        tmp_path, "occurred_at", {"from": "When", "date_format": "%d/%m/%Y %H:%M"}, file="events"
    )
    assert rule.apply({"When": "01/03/2024 22:15"}) == "2024-03-01T22:15:00"


def test_a_date_that_does_not_parse_is_an_error(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "date_of_birth", {"from": "DOB", "date_format": "%d/%m/%Y"})
    with pytest.raises(CellError, match=r"'31/02/2004' does not match the date format '%d/%m/%Y'"):
        rule.apply({"DOB": "31/02/2004"})


def test_several_formats_are_all_named_when_none_parses(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "date_of_birth", {"from": "DOB", "date_format": ["%d/%m/%Y", "%Y"]})
    with pytest.raises(CellError, match=r"any of '%d/%m/%Y', '%Y'"):
        rule.apply({"DOB": "soon"})


def test_a_real_date_cell_skips_strptime(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "date_of_birth", {"from": "DOB", "date_format": "%d/%m/%Y"})
    assert rule.apply({"DOB": date(2004, 3, 7)}) == "2004-03-07"
    assert rule.apply({"DOB": datetime(2004, 3, 7, 0, 0)}) == "2004-03-07"


def test_a_real_datetime_cell_keeps_its_time_when_the_format_has_one(tmp_path: Path) -> None:
    rule = rule_for(
        tmp_path, "occurred_at", {"from": "When", "date_format": "%d/%m/%Y %H:%M"}, file="events"
    )
    assert rule.apply({"When": datetime(2024, 3, 1, 22, 15)}) == "2024-03-01T22:15:00"


def test_a_real_date_cell_without_date_format_is_iso_text(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "date_of_birth", {"from": "DOB"})
    assert rule.apply({"DOB": date(2004, 3, 7)}) == "2004-03-07"


@pytest.mark.parametrize(("flag", "expected"), [("upper", "SMITH"), ("lower", "smith")])
def test_upper_and_lower(tmp_path: Path, flag: str, expected: str) -> None:
    rule = rule_for(tmp_path, "family_name", {"from": "Name", flag: True})
    assert rule.apply({"Name": " Smith "}) == expected


def test_transforms_run_split_then_map_then_date_then_case(tmp_path: Path) -> None:
    # "Code|when": the split keeps the code, the map names it, the case applies last.
    rule = rule_for(
        tmp_path,
        "sex",
        {"from": "Sex", "split": {"sep": "|", "part": 0}, "map": {"f": "Female"}, "lower": True},
    )
    assert rule.apply({"Sex": "F | 2004"}) == "female"
    when = rule_for(
        tmp_path,
        "date_of_birth",
        {"from": "DOB", "split": {"sep": "@", "part": 1}, "date_format": "%d/%m/%Y"},
    )
    assert when.apply({"DOB": "born @ 07/03/2004"}) == "2004-03-07"
