"""The `safehub` command line, run as a user runs it: a real process on its own database."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.extracts import person, write_extract


def _runner(folder: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`safehub <args>` as a real process on the hub in `folder` (its database, its var)."""
    env = {
        **os.environ,
        "SAFEHUB_VAR_DIR": str(folder / "var"),
        "SAFEHUB_DATABASE_URL": f"sqlite:///{folder / 'hub.sqlite3'}",
        "SAFEHUB_SECRET_KEY": "test-key-" + "k" * 40,
        "DJANGO_SETTINGS_MODULE": "safehub.settings",
    }
    env.pop("SAFEHUB_TESTING", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "safehub.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hub made once with `safehub init` (migrating a new database takes seconds)."""
    folder = tmp_path_factory.mktemp("initialised")
    made = _runner(folder)("init")
    assert made.returncode == 0, made.stderr
    assert "The database is ready." in made.stdout
    return folder / "hub.sqlite3"


@pytest.fixture
def safehub(initialised: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """A fresh copy of the initialised hub for each test."""
    shutil.copyfile(initialised, tmp_path / "hub.sqlite3")
    return _runner(tmp_path)


def test_import_stats_and_export_from_the_command_line(safehub, tmp_path: Path) -> None:
    added = safehub("agency", "add", "police", "--name", "Northvale Police", "--type", "police")
    assert added.returncode == 0, added.stderr
    folder = write_extract(tmp_path / "x", files={"persons": [person("P1"), person("P2")]})

    first = safehub("import", str(folder))
    assert first.returncode == 0, first.stderr
    assert "imported police/police-1 (2 persons)" in first.stdout

    again = safehub("import", str(folder))
    assert again.returncode == 0
    assert "was already imported; nothing changed" in again.stdout

    stats = json.loads(safehub("stats", "--json").stdout)
    assert stats["agencies"] == 1
    assert stats["extracts"] == 1
    assert stats["person_records"] == stats["persons"] == 2
    assert stats["events"] == stats["event_people"] == 0

    out = tmp_path / "links.csv"
    assert safehub("export", "links", "--out", str(out)).returncode == 0
    rows = list(csv.DictReader(out.open()))
    assert [(r["agency"], r["record_id"]) for r in rows] == [("police", "P1"), ("police", "P2")]
    assert len({r["person_id"] for r in rows}) == 2


def test_a_rejected_import_exits_2_with_every_error_on_stderr(safehub, tmp_path: Path) -> None:
    safehub("agency", "add", "police", "--name", "Northvale Police", "--type", "police")
    folder = write_extract(
        tmp_path / "x",
        files={"persons": [person("P1", dob="2009-02-30"), person("P2", nhs_number="1234567890")]},
    )
    result = safehub("import", str(folder))
    assert result.returncode == 2
    assert "rejected, nothing imported" in result.stderr
    assert "persons.csv, line 2, column 'date_of_birth': '2009-02-30' is not a real date" in (
        result.stderr
    )
    assert "persons.csv, line 3, column 'nhs_number'" in result.stderr
    assert json.loads(safehub("stats", "--json").stdout)["person_records"] == 0


def test_agency_add_refuses_a_bad_code_or_type(safehub) -> None:
    bad_type = safehub("agency", "add", "x", "--name", "X", "--type", "army")
    assert bad_type.returncode != 0
    assert "invalid choice: 'army'" in bad_type.stderr
    bad_code = safehub("agency", "add", "Bad Code", "--name", "X", "--type", "police")
    assert bad_code.returncode != 0
    assert "lower-case letters" in bad_code.stderr
