"""`safehub export flags --out FILE`: one row per screened young person, with the person
id `export links` gives, the flag's status, and a clear error and no file for a bad path."""

from __future__ import annotations

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safehub.audit.models import AuditEvent
from safehub.records.models import PersonRecord
from safehub.screening.models import Flag, Screening, ScreeningRun
from tests import factories as f

pytestmark = pytest.mark.django_db


def _export(*args: str) -> str:
    out = StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def screened() -> dict[str, PersonRecord]:
    """Three children: one flagged and decided (no further action), one screened whose
    flag is not raised yet, one never flagged."""
    police = f.agency("police")
    decided, undecided, unflagged = (f.record(police) for _ in range(3))
    run = ScreeningRun.objects.create(
        rules_version="test", status=ScreeningRun.Status.DONE, trigger="cli"
    )
    for record, on, score in ((decided, date(2025, 2, 1), 9.5), (undecided, date(2025, 1, 1), 8)):
        Screening.objects.create(
            person=record.person, run=run, rules_version="test", first_flagged_on=on, score=score
        )
    Flag.objects.create(
        person=decided.person, status=Flag.Status.NFA, raised_on=date(2025, 2, 1), score=9.5
    )
    return {"decided": decided, "undecided": undecided, "unflagged": unflagged}


def test_one_row_per_screened_person_with_its_status_and_the_links_person_id(
    screened: dict[str, PersonRecord], tmp_path: Path
) -> None:
    out = tmp_path / "flags.csv"
    said = _export("flags", "--out", str(out))

    assert out.read_text(encoding="utf-8").splitlines()[0] == (
        "person_id,first_flagged_on,score,status"
    )
    rows = _rows(out)
    assert rows == [
        {
            "person_id": str(screened["undecided"].person_id),
            "first_flagged_on": "2025-01-01",
            "score": "8.0",
            "status": "new",
        },
        {
            "person_id": str(screened["decided"].person_id),
            "first_flagged_on": "2025-02-01",
            "score": "9.5",
            "status": "nfa",
        },
    ]
    assert "Wrote 2 screened young people" in said
    # The same person ids as `export links`: the two files join.
    _export("links", "--out", str(tmp_path / "links.csv"))
    linked = {r["record_id"]: r["person_id"] for r in _rows(tmp_path / "links.csv")}
    assert {r["person_id"] for r in rows} == {
        linked[screened[k].record_id] for k in ("decided", "undecided")
    }
    audited = AuditEvent.objects.get(verb="export", target_type="screening_flags")
    assert audited.detail == {"rows": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flags.csv", "links.csv"]


def test_no_screenings_writes_the_header_only(db: None, tmp_path: Path) -> None:
    out = tmp_path / "flags.csv"
    _export("flags", "--out", str(out))
    assert out.read_text(encoding="utf-8").splitlines() == [
        "person_id,first_flagged_on,score,status"
    ]


def test_a_path_under_a_file_is_a_clear_error_and_writes_nothing(
    screened: dict[str, PersonRecord], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"Cannot write .*not-a-folder/flags.csv: .*not-a-folder is a file"
    ):
        _export("flags", "--out", str(blocker / "flags.csv"))
    assert [p.name for p in tmp_path.iterdir()] == ["not-a-folder"]
    assert not AuditEvent.objects.filter(verb="export").exists()


def test_a_folder_as_the_path_is_a_clear_error_and_leaves_no_temporary_file(
    screened: dict[str, PersonRecord], tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(CommandError, match="it is a folder"):
        _export("flags", "--out", str(folder))
    assert list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


def test_a_failure_while_writing_leaves_the_old_file_whole(
    screened: dict[str, PersonRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "flags.csv"
    out.write_text("the last export\n", encoding="utf-8")

    def broken() -> object:
        yield ("p", "2025-01-01", 8.0, "new")
        raise RuntimeError("the database went away")

    monkeypatch.setattr("safehub.records.management.commands.export.flag_rows", broken)
    with pytest.raises(RuntimeError):
        _export("flags", "--out", str(out))
    assert out.read_text(encoding="utf-8") == "the last export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["flags.csv"]
