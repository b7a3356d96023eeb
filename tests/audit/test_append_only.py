"""The database and the ORM refuse to change or remove audit events."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from safehub.agencies.models import User
from safehub.audit.models import AuditEvent
from safehub.audit.verify import triggers_installed
from tests.audit.tampering import drop_triggers, execute, restore_triggers


def test_database_refuses_update_of_an_audit_event(five_events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        execute("UPDATE audit_auditevent SET justification = 'nothing to see' WHERE seq = 2")

    assert AuditEvent.objects.get(seq=2).justification == "strategy meeting"


def test_database_refuses_delete_of_an_audit_event(five_events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        execute("DELETE FROM audit_auditevent WHERE seq = 5")

    assert AuditEvent.objects.count() == 5


def test_database_refuses_delete_of_every_audit_event(five_events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        execute("DELETE FROM audit_auditevent")

    assert AuditEvent.objects.count() == 5


def test_postgresql_refuses_truncate_of_the_audit_table(
    five_events: list[AuditEvent], database_vendor: str
) -> None:
    if database_vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's (SQLite's DELETE fires the row trigger)")
    # Django's foreign keys are deferred; TRUNCATE waits for no pending checks.
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        execute("TRUNCATE audit_auditevent CASCADE")

    assert AuditEvent.objects.count() == 5


def test_the_orm_refuses_to_change_or_delete_audit_events(five_events: list[AuditEvent]) -> None:
    event = AuditEvent.objects.get(seq=1)
    event.justification = "edited"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(seq=1).update(justification="edited")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()


def test_a_user_with_audit_events_cannot_be_deleted(
    five_events: list[AuditEvent], practitioner: User
) -> None:
    with pytest.raises(ProtectedError):
        practitioner.delete()


def test_migration_installs_the_triggers_and_its_reverse_removes_them(db: None) -> None:
    assert triggers_installed()

    drop_triggers()
    assert not triggers_installed()
    restore_triggers()
    assert triggers_installed()


def test_triggers_are_on_the_audit_table_itself(db: None) -> None:
    # A migration that rebuilt the table on SQLite would drop them: this says so.
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        assert cursor.fetchone() == (2,)
