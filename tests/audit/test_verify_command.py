"""`safehub audit verify` exits 0 when the chain holds and 1 naming the first bad event."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safehub.audit.models import AuditEvent
from tests.audit.tampering import drop_triggers, execute


def test_verify_reports_an_intact_chain(five_events: list[AuditEvent]) -> None:
    out = StringIO()
    call_command("audit", "verify", stdout=out)

    assert out.getvalue().splitlines()[0] == "Audit chain holds: 5 events."
    # and each log anchored in it (an operation's decisions: none here)
    assert "The operations' decision logs hold: 0 entries" in out.getvalue()


def test_verify_exits_1_naming_the_changed_event(five_events: list[AuditEvent]) -> None:
    drop_triggers()
    execute("UPDATE audit_auditevent SET target_id = 'person-9' WHERE seq = 4")

    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify")

    assert raised.value.returncode == 1
    assert "Audit chain broken at event 4" in str(raised.value)
    assert "changed" in str(raised.value)


def test_verify_exits_1_when_the_triggers_are_missing(five_events: list[AuditEvent]) -> None:
    drop_triggers()

    with pytest.raises(CommandError, match=r"triggers .* are missing") as raised:
        call_command("audit", "verify")

    assert raised.value.returncode == 1


def test_verify_needs_a_subcommand(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("audit")
