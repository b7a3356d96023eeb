"""The hash chain catches a changed, removed or inserted event, with the triggers dropped."""

from __future__ import annotations

import pytest
from django.db import connection

from safehub.audit.log import record
from safehub.audit.models import AuditChainHead, AuditEvent, Verb
from safehub.audit.verify import VerifyResult, verify_chain
from tests.audit.tampering import execute, forge_copy

pytestmark = pytest.mark.usefixtures("triggers_dropped")


def test_intact_chain_holds(five_events: list[AuditEvent]) -> None:
    assert verify_chain() == VerifyResult(ok=True, checked=5, first_bad_seq=None, reason="")


def test_empty_log_holds(db: None) -> None:
    assert verify_chain() == VerifyResult(ok=True, checked=0, first_bad_seq=None, reason="")


def test_small_chunks_give_the_same_answer(five_events: list[AuditEvent]) -> None:
    assert verify_chain(chunk_size=2).checked == 5


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("justification", "routine check"),
        ("target_id", "person-99"),
        ("subject_person", ""),
        ("actor_username", "someone.else"),
        ("actor_agency", "health"),
        ("verb", "search"),
        ("target_type", "extract"),
    ],
)
def test_changed_text_is_caught_at_that_event(
    five_events: list[AuditEvent], column: str, value: str
) -> None:
    execute(f"UPDATE audit_auditevent SET {column} = %s WHERE seq = 3", [value])

    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.checked) == (False, 3, 2)
    assert "changed" in result.reason


def test_changed_time_is_caught(five_events: list[AuditEvent]) -> None:
    earlier = five_events[2].at.replace(year=2020)
    execute(
        "UPDATE audit_auditevent SET at = %s WHERE seq = 3",
        [connection.ops.adapt_datetimefield_value(earlier)],
    )

    assert verify_chain().first_bad_seq == 3


def test_changed_actor_is_caught(five_events: list[AuditEvent]) -> None:
    execute("UPDATE audit_auditevent SET actor_id = NULL WHERE seq = 4")

    assert verify_chain().first_bad_seq == 4


def test_changed_detail_is_caught(five_events: list[AuditEvent]) -> None:
    value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    execute(
        f"UPDATE audit_auditevent SET detail = {value} WHERE seq = 2", ['{"route": "person-list"}']
    )

    assert verify_chain().first_bad_seq == 2


def test_changed_event_with_its_hash_recomputed_is_caught_at_the_next(
    five_events: list[AuditEvent],
) -> None:
    forged = AuditEvent.objects.get(seq=3)
    forged.justification = "routine check"
    execute(
        "UPDATE audit_auditevent SET justification = %s, hash = %s WHERE seq = 3",
        [forged.justification, forged.computed_hash()],
    )

    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 4)
    assert "does not follow event 3" in result.reason


def test_removed_event_is_caught_where_it_was(five_events: list[AuditEvent]) -> None:
    execute("DELETE FROM audit_auditevent WHERE seq = 3")

    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.checked) == (False, 3, 2)
    assert "event 3 is missing" in result.reason


def test_removed_event_with_later_ones_renumbered_is_caught(five_events: list[AuditEvent]) -> None:
    execute("DELETE FROM audit_auditevent WHERE seq = 3")
    for seq in (4, 5):
        execute("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [seq - 1, seq])

    assert verify_chain().first_bad_seq == 3


def test_events_removed_from_the_end_are_caught(five_events: list[AuditEvent]) -> None:
    execute("DELETE FROM audit_auditevent WHERE seq >= 4")

    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.checked) == (False, 4, 3)
    assert "removed from the end" in result.reason


def test_every_event_removed_is_caught(five_events: list[AuditEvent]) -> None:
    execute("DELETE FROM audit_auditevent")

    assert verify_chain().first_bad_seq == 1


def test_last_event_replaced_is_caught(five_events: list[AuditEvent]) -> None:
    execute("DELETE FROM audit_auditevent WHERE seq = 5")
    forge_copy(of_seq=2, seq=5, prev_hash=five_events[3].hash)

    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 5)
    assert "chain head" in result.reason


def test_event_inserted_in_the_middle_is_caught(five_events: list[AuditEvent]) -> None:
    # Make room after event 2 (highest first: seq is unique), then slip a copy in.
    for seq in (5, 4, 3):
        execute("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [seq + 1, seq])
    forge_copy(of_seq=2, seq=3, prev_hash=five_events[1].hash)

    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 4)


def test_event_added_at_the_end_without_the_log_is_caught(five_events: list[AuditEvent]) -> None:
    forge_copy(of_seq=2, seq=6, prev_hash=five_events[4].hash)

    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 6)
    assert "without passing the chain head" in result.reason


def test_missing_chain_head_is_caught(five_events: list[AuditEvent]) -> None:
    AuditChainHead.objects.all().delete()

    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, None)
    assert "head is missing" in result.reason


def test_appends_after_tampering_do_not_hide_it(five_events: list[AuditEvent]) -> None:
    execute("UPDATE audit_auditevent SET justification = 'routine' WHERE seq = 2")
    record(actor=None, verb=Verb.ALERT, target_type="audit_log")

    assert verify_chain().first_bad_seq == 2
