"""Every kind of bad extract is rejected whole, with an error naming file, line and column."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.test import override_settings

from safehub.agencies.models import Agency
from safehub.ingest.exchange.issues import ExtractRejected
from safehub.ingest.services import extract_import
from safehub.records.models import Event, Extract, Person, PersonRecord
from tests.extracts import person, write_extract, zip_extract

pytestmark = pytest.mark.django_db


def rejected(path: Path) -> list[str]:
    with pytest.raises(ExtractRejected) as caught:
        extract_import(path=path)
    assert Extract.objects.count() == 0
    assert PersonRecord.objects.count() == 0
    assert Person.objects.count() == 0
    assert Event.objects.count() == 0
    return [str(issue) for issue in caught.value.issues]


def test_unclosed_quote_names_the_line(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x",
        raw={"persons.csv": 'record_id,family_name\nP1,Smith\nP2,"Jones\nP3,Brown\n'},
    )
    issues = rejected(folder)
    assert issues == [
        "persons.csv, line 3: malformed CSV: a quoted field is never closed (unclosed quote)"
    ]


def test_non_utf8_bytes_name_the_line(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1")]})
    with (folder / "persons.csv").open("ab") as handle:
        handle.write(b"P2,Sm\xe9th,Kay,2009-01-01\n")
    issues = rejected(folder)
    assert len(issues) == 1
    assert issues[0].startswith("persons.csv, line 3: not UTF-8 text (byte 0xe9")


def test_a_byte_order_mark_is_tolerated(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1")]})
    data = (folder / "persons.csv").read_bytes()
    (folder / "persons.csv").write_bytes(b"\xef\xbb\xbf" + data)
    assert extract_import(path=folder).created
    assert PersonRecord.objects.get().record_id == "P1"


def test_unknown_column_is_named(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1", famly_name="x")]})
    issues = rejected(folder)
    assert len(issues) == 1
    assert issues[0].startswith("persons.csv, line 1, column 'famly_name': unknown column")


def test_missing_required_column_is_named(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x",
        files={
            "events": [{"event_id": "E1", "occurred_at": "2024-01-01"}],
            "persons": [person("P1")],
        },
    )
    assert rejected(folder) == [
        "events.csv, line 1, column 'event_type': required column is missing"
    ]


@pytest.mark.parametrize(
    ("dob", "reason"),
    [
        ("2009-02-30", "'2009-02-30' is not a real date"),
        ("02/04/2009", "'02/04/2009' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
        ("2009-13", "'2009-13': month 13 does not exist"),
    ],
)
def test_bad_or_impossible_date(police: Agency, tmp_path: Path, dob: str, reason: str) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1"), person("P2", dob=dob)]})
    assert rejected(folder) == [f"persons.csv, line 3, column 'date_of_birth': {reason}"]


def test_nhs_number_failing_its_check(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x",
        files={
            "persons": [
                person("P1", nhs_number="943 476 5919"),
                person("P2", nhs_number="943 476 5918"),
            ]
        },
    )
    assert rejected(folder) == [
        "persons.csv, line 3, column 'nhs_number': '943 476 5918' fails the NHS number "
        "check digit (modulus 11)"
    ]


def test_dangling_id_in_a_link_file(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x",
        files={
            "persons": [person("P1")],
            "events": [
                {"event_id": "E1", "event_type": "missing_episode", "occurred_at": "2024-03-01"}
            ],
            "event_people": [
                {"event_id": "E1", "record_id": "P1", "role": "missing_person"},
                {"event_id": "E1", "record_id": "P9", "role": "associate"},
            ],
        },
    )
    assert rejected(folder) == [
        "event_people.csv, line 3, column 'record_id': no persons.csv row has id 'P9' "
        "in this extract"
    ]


def test_link_to_a_record_only_in_an_earlier_extract_is_dangling(
    police: Agency, tmp_path: Path
) -> None:
    extract_import(path=write_extract(tmp_path / "a", files={"persons": [person("P1")]}))
    later = write_extract(
        tmp_path / "b",
        extract_id="police-2",
        files={
            "persons": [person("P2")],
            "person_people": [{"record_id": "P2", "other_record_id": "P1", "relation": "sibling"}],
        },
    )
    with pytest.raises(ExtractRejected) as caught:
        extract_import(path=later)
    assert "no persons.csv row has id 'P1' in this extract" in str(caught.value)
    assert PersonRecord.objects.count() == 1


def test_duplicate_record_id(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x", files={"persons": [person("P1"), person("P2"), person("P1", given="Kay")]}
    )
    assert rejected(folder) == [
        "persons.csv, line 4, column 'record_id': duplicate id 'P1' (also on line 2)"
    ]


def test_duplicate_record_id_in_different_batches(
    police: Agency, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("safehub.ingest.loader.extract.BATCH", 2)
    folder = write_extract(
        tmp_path / "x", files={"persons": [person("P1"), person("P2"), person("P3"), person("P1")]}
    )
    assert rejected(folder) == [
        "persons.csv, line 5, column 'record_id': duplicate id 'P1' (also on line 2)"
    ]


def test_an_error_early_on_reports_no_knock_on_errors_later(
    police: Agency, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the first error nothing more is written, but rows still count as present:
    a link to a valid row of a later batch is not "dangling", a repeat is a duplicate."""
    monkeypatch.setattr("safehub.ingest.loader.extract.BATCH", 2)
    folder = write_extract(
        tmp_path / "x",
        files={
            "persons": [
                person("P1", dob="2009-13-45"),
                person("P2"),
                person("P3"),
                person("P4"),
                person("P3", given="Kay"),
            ],
            "events": [
                {"event_id": "E1", "event_type": "missing_episode", "occurred_at": "2024-03-01"}
            ],
            "event_people": [
                {"event_id": "E1", "record_id": "P4", "role": "missing_person"},
                {"event_id": "E1", "record_id": "P9", "role": "associate"},
            ],
            "person_people": [{"record_id": "P2", "other_record_id": "P3", "relation": "sibling"}],
        },
    )
    issues = rejected(folder)
    assert len(issues) == 3, issues
    assert issues[0].startswith("persons.csv, line 2, column 'date_of_birth'")
    assert issues[1] == (
        "persons.csv, line 6, column 'record_id': duplicate id 'P3' (also on line 4)"
    )
    assert issues[2] == (
        "event_people.csv, line 3, column 'record_id': no persons.csv row "
        "has id 'P9' in this extract"
    )


def test_unknown_event_type_and_role(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x",
        files={
            "persons": [person("P1")],
            "events": [{"event_id": "E1", "event_type": "party", "occurred_at": "2024-03-01"}],
            "event_people": [{"event_id": "E1", "record_id": "P1", "role": "boss"}],
        },
    )
    issues = rejected(folder)
    assert issues[0].startswith("events.csv, line 2, column 'event_type': 'party' is not one of:")
    assert issues[1].startswith("event_people.csv, line 2, column 'role': 'boss' is not one of:")
    assert len(issues) == 2  # the rejected event is not reported again as a dangling id


def test_extract_for_an_agency_that_does_not_exist(db: None, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", agency="nowhere", files={"persons": [person("P1")]})
    assert rejected(folder) == [
        "manifest.json, column 'agency': no agency with code 'nowhere' in the hub "
        "(add it first: safehub agency add)"
    ]


def test_missing_manifest(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1")]})
    (folder / "manifest.json").unlink()
    assert rejected(folder) == ["x: manifest.json is missing"]


def test_zip_member_escaping_its_folder(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1")]})
    archive = zip_extract(folder, tmp_path / "x.zip")
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr("x/../../evil.csv", "record_id\n")
    assert rejected(archive) == [
        "x.zip:x/../../evil.csv: the member's path escapes the extract's folder"
    ]


def test_file_over_the_size_limit(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person(f"P{i}") for i in range(50)]})
    size = (folder / "persons.csv").stat().st_size
    with override_settings(SAFEHUB_MAX_FILE_BYTES=1000):
        assert rejected(folder) == [f"persons.csv: {size:,} bytes is over the limit of 1,000 bytes"]


def test_header_only_extract_is_valid(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", raw={"persons.csv": "record_id,family_name\n"})
    outcome = extract_import(path=folder)
    assert outcome.created
    assert outcome.row_counts == {"persons": 0}


def test_every_error_is_reported_up_to_the_limit(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x", files={"persons": [person(f"P{i}", dob="2009-02-31") for i in range(150)]}
    )
    with pytest.raises(ExtractRejected) as caught:
        extract_import(path=folder)
    assert len(caught.value.issues) == 100
    assert caught.value.truncated
    assert PersonRecord.objects.count() == 0


def test_unknown_file_in_the_extract(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x", files={"persons": [person("P1")]}, raw={"person.csv": "record_id\nP2\n"}
    )
    assert rejected(folder)[0].startswith("person.csv: not a file of the exchange format")


def test_grading_outside_intelligence(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x",
        files={
            "persons": [person("P1")],
            "events": [
                {
                    "event_id": "E1",
                    "event_type": "crime",
                    "occurred_at": "2024-01-01",
                    "grading": "1/A/P",
                }
            ],
        },
    )
    assert rejected(folder) == [
        "events.csv, line 2, column 'grading': a grading is only for intelligence"
    ]


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_zip_with_a_file_twice(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1")]})
    archive = zip_extract(folder, tmp_path / "x.zip")
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr("x/persons.csv", "record_id\nP2\n")
    assert rejected(archive) == ["x.zip:x/persons.csv: the archive holds this file twice"]
