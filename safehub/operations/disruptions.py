"""Orders and notices that disrupt a suspect — a child abduction warning notice, a sexual
risk order, a closure order — recorded by the operation's team with their dates: what
closes the gateways to exploitation, beside the suspect's path through the courts."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from safehub.access.actions import Action, require
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.operations.models import Disruption, Operation
from safehub.operations.services import current


def disruption_record(
    *,
    actor: User,
    operation: Operation,
    person_id: UUID,
    kind: str,
    served_on: date,
    ends_on: date | None = None,
    note: str = "",
) -> Disruption:
    """An order or notice served on a suspect of the open operation (a member records it)."""
    require(actor, Action.NOMINAL_STATUS_SET, operation.case, route="disruption_record")
    now = current(operation, person_id)
    if now is None or now.role != "suspect":
        raise ValidationError("An order or notice is recorded against a suspect of the operation.")
    if kind not in Disruption.Kind.values:
        raise ValidationError(f"Not a kind of order or notice: {kind!r}.")
    if ends_on is not None and ends_on < served_on:
        raise ValidationError("It cannot end before it was served.")
    with transaction.atomic():
        entry = Disruption.objects.create(
            operation=operation,
            person_id=person_id,
            kind=kind,
            served_on=served_on,
            ends_on=ends_on,
            note=note.strip(),
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            verb=Verb.DISRUPTION_RECORDED,
            target_type="operation",
            target_id=str(operation.pk),
            subject_person=str(person_id),
            detail={"kind": kind, "served_on": served_on.isoformat()},
        )
    return entry


def in_force(operation: Operation, on: date) -> list[Disruption]:
    """The operation's orders and notices served by `on` and not ended before it."""
    return [
        d
        for d in operation.disruptions.filter(served_on__lte=on)
        if d.ends_on is None or d.ends_on >= on
    ]
