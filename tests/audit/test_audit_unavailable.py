"""If the audit row cannot be written, `record` raises and the caller's change is lost too."""

from __future__ import annotations

import contextlib
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction

from safehub.access.services.registration import agency_add
from safehub.agencies.models import Agency, User
from safehub.audit.log import AuditUnavailable, record
from safehub.audit.models import AuditChainHead, AuditEvent, Verb
from tests.audit.tampering import execute

REFUSE_INSERTS = {
    "sqlite": [
        """CREATE TRIGGER test_audit_no_insert BEFORE INSERT ON audit_auditevent
                  BEGIN SELECT RAISE(ABORT, 'disk full'); END;"""
    ],
    "postgresql": [
        """CREATE FUNCTION test_audit_no_insert() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'disk full'; END; $$;""",
        """CREATE TRIGGER test_audit_no_insert BEFORE INSERT ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION test_audit_no_insert();""",
    ],
}


@pytest.fixture
def audit_table_refuses_inserts(db: None) -> None:
    """A real database error on insert; the test's rollback removes the trigger."""
    for statement in REFUSE_INSERTS[connection.vendor]:
        execute(statement)


def test_record_raises_audit_unavailable_when_the_insert_fails(practitioner: User) -> None:
    with (
        mock.patch.object(AuditEvent, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(AuditUnavailable) as raised,
    ):
        record(actor=practitioner, verb=Verb.VIEW, target_type="person", target_id="p-1")

    assert isinstance(raised.value.__cause__, DatabaseError)


def test_record_raises_audit_unavailable_when_the_database_refuses_the_row(
    practitioner: User, audit_table_refuses_inserts: None
) -> None:
    # The atomic block stands for the calling service's transaction.
    with pytest.raises(AuditUnavailable), transaction.atomic():
        record(actor=practitioner, verb=Verb.VIEW, target_type="person", target_id="p-1")

    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.filter(last_seq__gt=0).exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_is_not_committed_when_its_audit_row_cannot_be_written(practitioner: User) -> None:
    def change_and_audit() -> None:  # a service: one transaction
        with transaction.atomic():
            agency_add(code="health", name="Northshire Health", type="health")
            record(actor=practitioner, verb=Verb.CHANGE, target_type="agency", target_id="health")

    with (
        mock.patch.object(AuditEvent, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(AuditUnavailable),
    ):
        change_and_audit()

    assert not Agency.objects.filter(code="health").exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_caller_that_swallows_audit_unavailable_still_cannot_commit(practitioner: User) -> None:
    with transaction.atomic():
        agency_add(code="health", name="Northshire Health", type="health")
        # A careless caller; the transaction is marked for rollback anyway.
        with (
            mock.patch.object(AuditEvent, "save", side_effect=DatabaseError("disk full")),
            contextlib.suppress(AuditUnavailable),
        ):
            record(actor=practitioner, verb=Verb.CHANGE, target_type="agency")

    assert not Agency.objects.filter(code="health").exists()


@pytest.mark.usefixtures("audit_purged_after")
def test_a_change_and_its_audit_row_commit_together(practitioner: User) -> None:
    with transaction.atomic():
        agency_add(code="health", name="Northshire Health", type="health")
        record(actor=practitioner, verb=Verb.CHANGE, target_type="agency", target_id="health")

    assert Agency.objects.filter(code="health").exists()
    assert AuditEvent.objects.filter(target_id="health").exists()
