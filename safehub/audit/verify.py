"""Check the audit log's hash chain: finds any changed, removed or inserted event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from safehub.audit.models import GENESIS_HASH, HEAD_ID, AuditChainHead, AuditEvent

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None
    reason: str


# Other append-only logs anchored in this one (an operation's decision log): each app
# registers its check at start-up, so `safehub audit verify` covers them without this
# package importing theirs.
LogCheck = Callable[[], tuple[str, VerifyResult]]
OTHER_LOGS: list[LogCheck] = []


def register_log(check: LogCheck) -> None:
    """Have `safehub audit verify` run `check` (returning the log's name and result)."""
    if check not in OTHER_LOGS:
        OTHER_LOGS.append(check)


def verify_chain(chunk_size: int = CHUNK_SIZE) -> VerifyResult:
    """Walk every event in seq order, recomputing hashes and links, then check the head.

    The head is read before the walk: events appended while the walk runs are checked
    too, and are legitimate if the head, read again afterwards, accounts for them.
    """
    head_before = _head()
    walk = _ChainWalk(head_before)
    rows = AuditEvent.objects.order_by("seq", "pk").iterator(chunk_size=chunk_size)
    for event in rows:
        failure = walk.step(event)
        if failure is not None:
            return failure
    return walk.finish(_head())


def _head() -> tuple[int, str] | None:
    head = AuditChainHead.objects.filter(pk=HEAD_ID).values_list("last_seq", "last_hash")
    return head.first()


class _ChainWalk:
    def __init__(self, head: tuple[int, str] | None) -> None:
        self.head = head
        self.checked = 0
        self.prev_hash = GENESIS_HASH

    def fail(self, seq: int | None, reason: str) -> VerifyResult:
        return VerifyResult(ok=False, checked=self.checked, first_bad_seq=seq, reason=reason)

    def step(self, event: AuditEvent) -> VerifyResult | None:
        expected = self.checked + 1
        if event.seq < expected:
            return self.fail(event.seq, f"event {event.seq} appears more than once")
        if event.seq > expected:
            return self.fail(
                expected, f"event {expected} is missing (the next event is {event.seq})"
            )
        if event.computed_hash() != event.hash:
            return self.fail(
                event.seq, f"event {event.seq} does not match its hash (it was changed)"
            )
        if event.prev_hash != self.prev_hash:
            return self.fail(
                event.seq,
                f"event {event.seq} does not follow event "
                f"{event.seq - 1} (an event before it was changed, "
                "removed or inserted)",
            )
        if self.head is not None and event.seq == self.head[0] and event.hash != self.head[1]:
            return self.fail(event.seq, f"event {event.seq} is not the one the chain head recorded")
        self.checked, self.prev_hash = expected, event.hash
        return None

    def finish(self, head_after: tuple[int, str] | None) -> VerifyResult:
        if head_after is None:
            if self.checked:
                return self.fail(None, "the chain head is missing")
            return VerifyResult(ok=True, checked=0, first_bad_seq=None, reason="")
        recorded = self.head[0] if self.head is not None else 0
        if self.checked < recorded:
            return self.fail(
                self.checked + 1,
                f"the chain head records {recorded} events "
                f"but only {self.checked} exist (events were "
                "removed from the end)",
            )
        if self.checked > head_after[0]:
            return self.fail(
                head_after[0] + 1,
                f"event {head_after[0] + 1} and after were added without passing the chain head",
            )
        return VerifyResult(ok=True, checked=self.checked, first_bad_seq=None, reason="")


def triggers_installed() -> bool:
    """Whether the append-only triggers of migration 0002 are on the events table."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            expected = {"audit_auditevent_no_update", "audit_auditevent_no_delete"}
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND NOT tgisinternal AND tgenabled <> 'D'",
                [table],
            )
            expected = {"audit_auditevent_no_change", "audit_auditevent_no_truncate"}
        else:
            return False
        return expected <= {name for (name,) in cursor.fetchall()}
