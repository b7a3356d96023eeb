"""Importing extracts: whole, idempotent, versioned, with provenance."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safehub.agencies.models import Agency
from safehub.audit.models import AuditEvent
from safehub.ingest.exchange.issues import ExtractRejected
from safehub.ingest.services import extract_import
from safehub.records.models import (
    Event,
    EventObject,
    EventPerson,
    Extract,
    Location,
    Object,
    PersonLocation,
    PersonObject,
    PersonPerson,
    PersonRecord,
    RowVersion,
)
from tests.extracts import person, write_extract, zip_extract

pytestmark = pytest.mark.django_db


def full_extract(folder: Path, extract_id: str = "police-1", **changes: str) -> Path:
    return write_extract(
        folder,
        extract_id=extract_id,
        files={
            "locations": [
                {
                    "location_id": "L1",
                    "name": "Kebab house",
                    "premises_type": "takeaway",
                    "postcode": "nv1 2ab",
                    "latitude": "53.48",
                    "longitude": "-2.24",
                }
            ],
            "objects": [
                {"object_id": "O1", "object_type": "phone", "value": "07700 900123"},
                {"object_id": "O2", "object_type": "vehicle", "value": "ab12 cde"},
            ],
            "persons": [
                person(
                    "P1",
                    nhs_number="943 476 5919",
                    postcode="nv1 2ab",
                    other_names="Kay;Kayleigh Smyth",
                    **changes,
                ),
                person("P2", family="Ahmed", given="Mohammed", dob="1990", sex="male"),
            ],
            "events": [
                {
                    "event_id": "E1",
                    "event_type": "missing_episode",
                    "occurred_at": "2024-03-01T22:15:00",
                    "ended_at": "2024-03-02",
                    "location_id": "L1",
                },
                {
                    "event_id": "E2",
                    "event_type": "intelligence_report",
                    "occurred_at": "2024-03-05",
                    "sensitivity": "intelligence",
                    "grading": "2/B/P",
                    "summary": "seen in a car",
                },
            ],
            "event_people": [
                {"event_id": "E1", "record_id": "P1", "role": "missing_person"},
                {"event_id": "E2", "record_id": "P2", "role": "suspect"},
            ],
            "event_objects": [{"event_id": "E2", "object_id": "O2", "relation": "seen"}],
            "person_objects": [{"record_id": "P2", "object_id": "O1", "relation": "uses"}],
            "person_locations": [
                {
                    "record_id": "P1",
                    "location_id": "L1",
                    "relation": "frequents",
                    "from": "2024-01-01",
                    "to": "",
                }
            ],
            "person_people": [
                {"record_id": "P1", "other_record_id": "P2", "relation": "boyfriend"}
            ],
        },
    )


def test_a_whole_extract_is_imported_with_provenance(police: Agency, tmp_path: Path) -> None:
    outcome = extract_import(path=full_extract(tmp_path / "x"))
    assert outcome.created
    assert outcome.row_counts == {
        "locations": 1,
        "objects": 2,
        "persons": 2,
        "events": 2,
        "event_people": 2,
        "event_objects": 1,
        "person_objects": 1,
        "person_locations": 1,
        "person_people": 1,
    }
    kayleigh = PersonRecord.objects.get(record_id="P1")
    assert kayleigh.nhs_number == "9434765919"
    assert kayleigh.postcode == "NV1 2AB"
    assert kayleigh.birth_year == 2009
    assert kayleigh.source_line == 2
    assert kayleigh.extract == outcome.extract
    assert PersonRecord.objects.get(record_id="P2").date_of_birth == "1990"
    missing = Event.objects.get(event_id="E1")
    assert missing.occurred_on == date(2024, 3, 1)
    assert missing.occurred_at is not None
    assert missing.occurred_at.hour == 22  # UK time in March is UTC
    assert missing.location == Location.objects.get(location_id="L1")
    assert Object.objects.get(object_id="O1").normalized_value == "+447700900123"
    assert Object.objects.get(object_id="O2").normalized_value == "AB12CDE"
    assert EventPerson.objects.get(record=kayleigh).role == "missing_person"
    assert EventObject.objects.count() == PersonObject.objects.count() == 1
    link = PersonLocation.objects.get()
    assert (link.valid_from, link.valid_to) == (date(2024, 1, 1), None)
    assert PersonPerson.objects.get().relation == "boyfriend"
    # Until linking exists, every record is its own person.
    assert len({r.person_id for r in PersonRecord.objects.all()}) == 2


def test_reimporting_the_same_extract_changes_nothing(police: Agency, tmp_path: Path) -> None:
    folder = full_extract(tmp_path / "x")
    extract_import(path=folder)
    before = list(PersonRecord.objects.values())
    again = extract_import(path=folder)
    assert not again.created
    assert Extract.objects.count() == 1
    assert list(PersonRecord.objects.values()) == before
    assert EventPerson.objects.count() == 2


def test_a_zip_of_the_folder_imports_the_same(police: Agency, tmp_path: Path) -> None:
    archive = zip_extract(full_extract(tmp_path / "x"), tmp_path / "x.zip")
    assert extract_import(path=archive).row_counts["persons"] == 2
    assert Event.objects.count() == 2


def test_a_later_extract_updates_and_keeps_history(police: Agency, tmp_path: Path) -> None:
    first = extract_import(path=full_extract(tmp_path / "a")).extract
    person_before = PersonRecord.objects.get(record_id="P1")
    second = extract_import(
        path=full_extract(tmp_path / "b", extract_id="police-2", family_name="Smyth")
    ).extract
    record = PersonRecord.objects.get(record_id="P1")
    assert record.family_name == "Smyth"
    assert record.version == 2
    assert record.extract == second
    assert record.person_id == person_before.person_id  # the same human being
    old = RowVersion.objects.get(kind="person", row_pk=record.pk)
    assert old.data["family_name"] == "Smith"
    assert (old.version, old.extract, old.superseded_by) == (1, first, second)
    assert old.source_line == 2
    # Unchanged rows and repeated links are not duplicated.
    assert PersonRecord.objects.get(record_id="P2").version == 1
    assert PersonRecord.objects.count() == 2
    assert EventPerson.objects.count() == 2
    assert RowVersion.objects.count() == 1


def test_a_later_extract_can_close_a_dated_link(police: Agency, tmp_path: Path) -> None:
    extract_import(path=full_extract(tmp_path / "a"))
    later = write_extract(
        tmp_path / "b",
        extract_id="police-2",
        files={
            "locations": [
                {
                    "location_id": "L1",
                    "name": "Kebab house",
                    "premises_type": "takeaway",
                    "postcode": "nv1 2ab",
                    "latitude": "53.48",
                    "longitude": "-2.24",
                }
            ],
            "persons": [
                person(
                    "P1",
                    nhs_number="943 476 5919",
                    postcode="nv1 2ab",
                    other_names="Kay;Kayleigh Smyth",
                )
            ],
            "person_locations": [
                {
                    "record_id": "P1",
                    "location_id": "L1",
                    "relation": "frequents",
                    "from": "2024-01-01",
                    "to": "2024-06-30",
                }
            ],
        },
    )
    extract_import(path=later)
    link = PersonLocation.objects.get()
    assert link.valid_to == date(2024, 6, 30)
    assert link.extract.extract_id == "police-2"


def test_a_failure_half_way_leaves_nothing(
    police: Agency, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = full_extract(tmp_path / "x")

    def crash(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the database went away")

    monkeypatch.setattr("safehub.ingest.loader.links.LinkWriter.write", crash)
    with pytest.raises(ConnectionError):
        extract_import(path=folder)
    assert PersonRecord.objects.count() == Extract.objects.count() == 0
    monkeypatch.undo()
    assert extract_import(path=folder).created
    assert PersonRecord.objects.count() == 2
    assert EventPerson.objects.count() == 2


def test_replaces_must_name_an_imported_extract(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(
        tmp_path / "x", files={"persons": [person("P1")]}, manifest={"replaces": "police-0"}
    )
    with pytest.raises(ExtractRejected, match="extract 'police-0' was never imported"):
        extract_import(path=folder)


def test_progress_is_reported_up_to_the_whole(police: Agency, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    extract_import(path=full_extract(tmp_path / "x"), progress=lambda d, t: seen.append((d, t)))
    assert seen
    assert seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_an_import_is_audited_without_personal_data(police: Agency, tmp_path: Path) -> None:
    extract_import(path=full_extract(tmp_path / "x"))
    event = AuditEvent.objects.get(verb="import")
    assert event.target_id == "police/police-1"
    assert event.detail["rows"]["persons"] == 2
    assert event.actor_username.startswith("cli:")
    assert "Smith" not in repr(event.detail)


def test_a_rejected_import_leaves_no_audit_row(police: Agency, tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1", dob="2009-02-30")]})
    with pytest.raises(ExtractRejected):
        extract_import(path=folder)
    assert not AuditEvent.objects.filter(verb="import").exists()
