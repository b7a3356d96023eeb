"""docs/security.md #25: the database connection killed half-way through an import.

PostgreSQL's server ends the import's session (`pg_terminate_backend`, as an operator or
a failover would) after some batches were written inside the import's transaction. None
of them may survive, and running the import again must leave exactly the extract's rows:
no duplicates, no versions of rows that never existed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection

from safehub.agencies.models import Agency
from safehub.audit.models import AuditEvent
from safehub.ingest.loader.extract import import_extract
from safehub.ingest.loader.keyed import KeyedWriter
from safehub.ingest.loader.state import BATCH
from safehub.ingest.services import open_extract
from safehub.records.models import Extract, PersonPerson, PersonRecord, RowVersion
from tests.audit.tampering import purge_audit_log
from tests.extracts import person, write_extract

pytestmark = pytest.mark.django_db(transaction=True)
PEOPLE = 2 * BATCH + 500  # three batches of persons


@pytest.fixture(autouse=True)
def audit_log_emptied_after(transactional_db: None) -> Iterator[None]:
    """The import writes audit rows, which refuse DELETE: empty the log (triggers lifted
    for the moment) so the flush that ends a transactional test can run."""
    yield
    purge_audit_log()


def _extract(folder: Path) -> Path:
    people = [
        person(
            f"P{n}",
            family=f"Family{n % 97}",
            given=f"Name{n}",
            dob=f"{1990 + n % 20}-0{1 + n % 9}-1{n % 9}",
        )
        for n in range(PEOPLE)
    ]
    links = [
        {"record_id": f"P{n}", "other_record_id": f"P{n + 1}", "relation": "sibling"}
        for n in range(0, PEOPLE - 1, 2)
    ]
    return write_extract(folder, files={"persons": people, "person_people": links})


def _kill(backend_pid: int) -> None:
    """End the session from outside, as the server's administrator would."""
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname=params["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


def _import(folder: Path) -> None:
    with open_extract(folder) as reader:
        import_extract(reader)


def test_a_killed_connection_leaves_nothing_and_a_rerun_imports_exactly_the_extract(
    police: Agency, tmp_path: Path, database_vendor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database_vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; CI runs this on PostgreSQL")
    folder = _extract(tmp_path / "police-1")
    write_batch = KeyedWriter.write
    written: list[int] = []

    def write_then_die(self: KeyedWriter, *args: Any, **kwargs: Any) -> Any:
        result = write_batch(self, *args, **kwargs)
        written.append(1)
        if len(written) == 2:  # two batches of persons are in the transaction
            assert PersonRecord.objects.count() == 2 * BATCH
            _kill(connection.connection.info.backend_pid)
        return result

    monkeypatch.setattr(KeyedWriter, "write", write_then_die)
    with pytest.raises((OperationalError, InterfaceError)):
        _import(folder)
    monkeypatch.undo()
    connection.close()  # the server ended it; the next query opens a new session

    assert PersonRecord.objects.count() == 0
    assert Extract.objects.count() == 0
    events_before = AuditEvent.objects.count()

    _import(folder)
    assert PersonRecord.objects.count() == PEOPLE
    assert PersonRecord.objects.values("record_id").distinct().count() == PEOPLE
    assert PersonPerson.objects.count() == PEOPLE // 2
    assert RowVersion.objects.count() == 0
    assert Extract.objects.get().row_counts["persons"] == PEOPLE
    assert AuditEvent.objects.count() == events_before + 1  # the one import, audited once

    _import(folder)  # and once more: the extract is already in, nothing changes
    assert PersonRecord.objects.count() == PEOPLE
    assert Extract.objects.count() == 1
