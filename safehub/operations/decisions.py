"""An operation's decision log: every change of scope, prioritisation, "no further
action" and closure, with its author, rationale and time — appended, chained to the
entry before it, and anchored in the audit chain (the entry's hash in the audit row of
its recording), so that `safehub audit verify` finds any change, removal or insertion
(`verify_decisions`, registered at start-up). A closed operation says who closed it and
why: its last entry."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import Action, require
from safehub.access.services.cases import case_close
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import AuditEvent, Verb
from safehub.audit.verify import VerifyResult
from safehub.operations.models import Decision, Operation

GENESIS = "0" * 64
RATIONALE_LEAST = 10  # characters: a decision needs its reason in words
LOG_NAME = "The operations' decision logs"


def decision_record(
    *,
    actor: User,
    operation: Operation,
    kind: str,
    rationale: str,
    subject_person: UUID | None = None,
) -> Decision:
    """Append a decision to the operation's log (the rule `decision_record`)."""
    require(actor, Action.DECISION_RECORD, operation.case, route="decision_record")
    if kind not in Decision.Kind.values:
        raise ValidationError(f"Not a kind of decision: {kind!r}.")
    if len(rationale.strip()) < RATIONALE_LEAST:
        raise ValidationError("Give the rationale for the decision in words.")
    with transaction.atomic():
        return _append(actor, operation, kind, rationale.strip(), subject_person)


def operation_close(*, actor: User, operation: Operation, rationale: str) -> Decision:
    """Close the operation: its closure in the log (who and why), then its case team
    (the rule `case_edit`), which ends the case access it opened."""
    require(actor, Action.DECISION_RECORD, operation.case, route="operation_close")
    require(actor, Action.CASE_EDIT, operation.case, route="operation_close")
    with transaction.atomic():
        closure = decision_record(
            actor=actor, operation=operation, kind=Decision.Kind.CLOSURE, rationale=rationale
        )
        case_close(actor=actor, case=operation.case)
    return closure


def _append(
    actor: User, operation: Operation, kind: str, rationale: str, subject: UUID | None
) -> Decision:
    Operation.objects.select_for_update().filter(pk=operation.pk).first()  # one chain
    last = operation.decisions.order_by("-seq").first()
    entry = Decision(
        operation=operation,
        seq=(last.seq + 1) if last else 1,
        kind=kind,
        subject_person=subject,
        rationale=rationale,
        author=actor,
        author_username=actor.get_username(),
        author_agency=actor.agency.code if actor.agency else "",
        at=timezone.now(),
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = entry.computed_hash()
    entry.save()
    audit.record(
        actor=actor,
        verb=Verb.DECISION_RECORDED,
        target_type="operation",
        target_id=str(operation.pk),
        subject_person=str(subject or ""),
        detail={"decision": entry.seq, "kind": kind, "hash": entry.hash},
    )
    return entry


def verify_decisions() -> tuple[str, VerifyResult]:
    """Every operation's log: each entry whole, following the one before it, and
    anchored by the audit row of its recording; every such audit row's entry present."""
    anchors = {
        (int(target), int(detail["decision"])): str(detail["hash"])
        for target, detail in AuditEvent.objects.filter(verb=Verb.DECISION_RECORDED).values_list(
            "target_id", "detail"
        )
    }
    seen: set[tuple[int, int]] = set()
    checked = 0
    previous: dict[int, str] = {}
    for entry in Decision.objects.order_by("operation_id", "seq").iterator(chunk_size=2000):
        key = (entry.operation_id, entry.seq)
        where = f"operation {entry.operation_id}, decision {entry.seq}"
        expected = previous.get(entry.operation_id, GENESIS)
        problem = (
            "does not match its hash (it was changed)"
            if entry.computed_hash() != entry.hash
            else "does not follow the decision before it (one was removed or inserted)"
            if entry.prev_hash != expected
            else "is not the decision the audit log recorded"
            if anchors.get(key) != entry.hash
            else ""
        )
        if problem:
            return LOG_NAME, VerifyResult(False, checked, entry.seq, f"{where} {problem}")
        previous[entry.operation_id] = entry.hash
        seen.add(key)
        checked += 1
    missing = sorted(set(anchors) - seen)
    if missing:
        operation, seq = missing[0]
        reason = f"operation {operation}, decision {seq} is in the audit log but was removed"
        return LOG_NAME, VerifyResult(False, checked, seq, reason)
    return LOG_NAME, VerifyResult(True, checked, None, "")
