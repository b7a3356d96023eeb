"""Access requests: a practitioner asks the agency that holds a record for it (or, from a
trace, a supervisor asks every agency holding a possible match, not told which); a
supervisor of the agency asked decides, for a period."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import AccessAsk, Action, require
from safehub.access.models import AccessRequest
from safehub.access.services.reasons import reason_checked
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb


def access_request_create(
    *, actor: User, ask: AccessAsk, record_pk: int, reason: str
) -> AccessRequest:
    """Ask the agency named in `ask` for what it holds about a person the actor may
    open (its record `record_pk`)."""
    require(actor, Action.ACCESS_REQUEST, ask, route="access_request")
    assert ask.owner_id is not None  # the rule refuses an ask that names no owner
    with transaction.atomic():
        request = AccessRequest.objects.create(
            requester=actor,
            owner_id=ask.owner_id,
            person_id=ask.person.person_id,
            record_pk=record_pk,
            reason=reason_checked(reason, "reason"),
        )
        audit.record(
            actor=actor,
            verb=Verb.ACCESS_REQUESTED,
            target_type="access_request",
            target_id=str(request.pk),
            subject_person=str(request.person_id),
            justification=request.reason,
            detail={"owner": request.owner.code},
        )
    return request


def trace_request_create(
    *, actor: User, ask: AccessAsk, records: dict[int, int], reason: str
) -> list[AccessRequest]:
    """A supervisor asks every agency holding a possible match from a trace — one record
    of each in `records` (agency → record pk) — without being told which they are."""
    require(actor, Action.TRACE_REQUEST, ask, route="trace_request")
    text = reason_checked(reason, "reason")
    owners = sorted(set(records) - {actor.agency_id})
    with transaction.atomic():
        made = [
            AccessRequest.objects.create(
                requester=actor,
                owner_id=owner,
                person_id=ask.person.person_id,
                record_pk=records[owner],
                reason=text,
                via_trace=True,
            )
            for owner in owners
        ]
        audit.record(
            actor=actor,
            verb=Verb.ACCESS_REQUESTED,
            target_type="access_request",
            target_id=",".join(str(r.pk) for r in made),
            subject_person=str(ask.person.person_id),
            justification=text,
            detail={"via_trace": True, "owners": sorted(r.owner.code for r in made)},
        )
    return made


def access_request_decide(
    *, actor: User, request: AccessRequest, approve: bool, note: str = "", days: int = 30
) -> AccessRequest:
    """A supervisor of the owning agency approves (for a period) or declines."""
    require(actor, Action.ACCESS_REQUEST_DECIDE, request, route="access_request_decide")
    with transaction.atomic():
        return _access_request_decide(actor, request, approve, note, days)


def _access_request_decide(
    actor: User, asked: AccessRequest, approve: bool, note: str, days: int
) -> AccessRequest:
    # Re-read under a row lock: two supervisors deciding at once must not both win.
    request = AccessRequest.objects.select_for_update().get(pk=asked.pk)
    if request.status != AccessRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    if approve and not 1 <= days <= 90:
        raise ValidationError({"days": "Approve for 1 to 90 days."})
    now = timezone.now()
    request.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.DECLINED
    request.decided_by, request.decided_at, request.decision_note = actor, now, note.strip()
    request.expires_at = now + timedelta(days=days) if approve else None
    request.save()
    audit.record(
        actor=actor,
        verb=Verb.ACCESS_APPROVED if approve else Verb.ACCESS_DECLINED,
        target_type="access_request",
        target_id=str(request.pk),
        subject_person=str(request.person_id),
        justification=request.decision_note,
        detail={"requester": request.requester.get_username(), "days": days if approve else 0},
    )
    return request
