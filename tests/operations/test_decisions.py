"""An operation's decision log: every decision with its author, rationale and time; it
refuses edits, and `safehub audit verify` finds one changed, removed or inserted behind
its back; a closed operation says who closed it and why."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from safehub.access.actions import ActionRefused
from safehub.agencies.models import Role, User
from safehub.operations.decisions import decision_record, operation_close, verify_decisions
from safehub.operations.models import Decision, Operation
from safehub.operations.services import operation_open
from tests import factories as f
from tests.operations.decision_triggers import triggers_dropped

pytestmark = pytest.mark.django_db


def opened() -> tuple[Operation, User]:
    police = f.agency("police")
    supervisor = f.user(police, Role.SUPERVISOR)
    operation = operation_open(
        actor=supervisor,
        name="Operation Larch",
        scope="Canal Street takeaways, 2003-2009",
        senior_officer=f.user(police, Role.HUB_MANAGER),
    )
    return operation, supervisor


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_decisions_are_logged_and_verified() -> None:
    operation, supervisor = opened()
    decision_record(
        actor=supervisor,
        operation=operation,
        kind="scope",
        rationale="Widened to 2010: a survivor names a second takeaway.",
    )
    decision_record(
        actor=supervisor,
        operation=operation,
        kind="priority",
        rationale="Survivors first: three traced, none yet contacted.",
    )
    assert list(operation.decisions.values_list("seq", flat=True)) == [1, 2]
    assert "The operations' decision logs hold: 2 entries" in verify()


def test_a_decision_needs_its_reason_and_a_supervisor_of_the_team() -> None:
    operation, supervisor = opened()
    with pytest.raises(ValidationError):
        decision_record(actor=supervisor, operation=operation, kind="nfa", rationale="no")
    practitioner = f.user(supervisor.agency, Role.PRACTITIONER)
    with pytest.raises(ActionRefused):
        decision_record(
            actor=practitioner,
            operation=operation,
            kind="nfa",
            rationale="Not enough evidence to proceed against him.",
        )
    assert not Decision.objects.exists()


def test_the_log_refuses_edits() -> None:
    operation, supervisor = opened()
    entry = decision_record(
        actor=supervisor, operation=operation, kind="scope", rationale="Widened to 2010."
    )
    entry.rationale = "Narrowed to 2005."
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        Decision.objects.filter(pk=entry.pk).update(rationale="Narrowed to 2005.")
    with pytest.raises(TypeError):
        Decision.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_edits_and_removals_too() -> None:
    operation, supervisor = opened()
    entry = decision_record(
        actor=supervisor, operation=operation, kind="nfa", rationale="No realistic prospect."
    )
    table = Decision._meta.db_table
    statements: list[tuple[str, list[str | int]]] = [
        (f"UPDATE {table} SET rationale = %s WHERE id = %s", ["Changed.", entry.pk]),
        (f"DELETE FROM {table} WHERE id = %s", [entry.pk]),
    ]
    for sql, params in statements:
        refused = pytest.raises(DatabaseError, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert Decision.objects.get(pk=entry.pk).rationale == "No realistic prospect."


def test_verify_finds_a_decision_changed_behind_the_log() -> None:
    operation, supervisor = opened()
    entry = decision_record(
        actor=supervisor, operation=operation, kind="nfa", rationale="No realistic prospect."
    )
    with triggers_dropped(), connection.cursor() as cursor:  # only at the database
        cursor.execute(
            f"UPDATE {Decision._meta.db_table} SET rationale = %s WHERE id = %s",
            ["Closed on the senior officer's word.", entry.pk],
        )
    _, result = verify_decisions()
    assert not result.ok
    assert "was changed" in result.reason
    with pytest.raises(CommandError, match="decision 1 does not match its hash"):
        verify()


def test_verify_finds_a_decision_removed_behind_the_log() -> None:
    operation, supervisor = opened()
    for words in ("Widened to 2010, a second takeaway.", "Survivors first, then suspects."):
        decision_record(actor=supervisor, operation=operation, kind="scope", rationale=words)
    last = operation.decisions.order_by("-seq").first()
    assert last is not None
    with triggers_dropped(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Decision._meta.db_table} WHERE id = %s", [last.pk])
    _, result = verify_decisions()
    assert not result.ok
    assert "was removed" in result.reason


def test_a_closed_operation_says_who_closed_it_and_why() -> None:
    operation, supervisor = opened()
    closure = operation_close(
        actor=supervisor,
        operation=operation,
        rationale="All survivors offered support; suspects charged or NFA by CPS.",
    )
    operation.case.refresh_from_db()
    assert operation.case.closed_at is not None
    assert closure.kind == "closure"
    assert closure.author_username == supervisor.username
    assert "suspects charged" in closure.rationale
