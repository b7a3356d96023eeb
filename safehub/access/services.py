"""Changes that open or close access: agreements, case teams, requests, break-glass.

Each asks the rule for actions (`safehub.access.actions.require`) before it opens its
transaction — so a refusal's audit row survives the refusal — then changes state and
writes its audit row, with a verb of its own, inside one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import AccessAsk, Action, PersonTarget, require
from safehub.access.models import (
    AccessRequest,
    BreakGlass,
    CaseKind,
    CasePerson,
    CaseRole,
    CaseTeam,
    SharingBasis,
)
from safehub.agencies.models import (
    LIVE_AGREEMENT_STATUSES,
    Agency,
    AgreementStatus,
    SharingAgreement,
    User,
)
from safehub.audit import log as audit
from safehub.audit.models import Verb

BREAK_GLASS_LONGEST = timedelta(hours=4)
MIN_REASON = 10


def _reason(text: str, what: str) -> str:
    text = text.strip()
    if len(text) < MIN_REASON:
        raise ValidationError({what: f"Give a reason of at least {MIN_REASON} characters."})
    return text


# ---------------------------------------------------------------- sharing agreements


def _agreement_audit(
    actor: User, verb: Verb, agreement: SharingAgreement, **detail: object
) -> None:
    audit.record(
        actor=actor,
        verb=verb,
        target_type="sharing_agreement",
        target_id=str(agreement.pk),
        detail={
            "provider": agreement.provider.code,
            "recipient": agreement.recipient.code,
            **detail,
        },
    )


def agreement_propose(
    *,
    actor: User,
    provider: Agency,
    recipient: Agency,
    sensitivities: list[str],
    condition: str,
    scope: str,
    reference: str,
    linkage: bool = False,
) -> SharingAgreement:
    """The provider's hub manager proposes sharing its data with another agency, as the
    signed information-sharing agreement `reference` says. Not in force until the
    recipient accepts it."""
    require(actor, Action.AGREEMENT_PROPOSE, provider, route="agreement_propose")
    with transaction.atomic():
        now = timezone.now()
        agreement = SharingAgreement(
            provider=provider,
            recipient=recipient,
            sensitivities=sorted(set(sensitivities)),
            condition=condition,
            scope=scope,
            linkage=linkage,
            reference=reference.strip(),
            valid_from=timezone.localdate(),
            status=AgreementStatus.PROPOSED,
            proposed_by=actor,
            proposed_at=now,
        )
        if provider.pk == recipient.pk:
            raise ValidationError({"recipient": "An agency does not share with itself."})
        if not agreement.reference:
            raise ValidationError({"reference": "Give the reference of the signed agreement."})
        agreement.full_clean()
        agreement.save()
        _agreement_audit(
            actor,
            Verb.AGREEMENT_PROPOSED,
            agreement,
            sensitivities=agreement.sensitivities,
            condition=condition,
            scope=scope,
            linkage=linkage,
            reference=agreement.reference,
        )
    return agreement


def _locked(agreement: SharingAgreement, *states: AgreementStatus) -> SharingAgreement:
    """The agreement re-read under a row lock, or ValidationError if it has moved on
    (someone else accepted, declined or revoked it meanwhile)."""
    current = (
        SharingAgreement.objects.select_for_update()
        .select_related("provider", "recipient")
        .get(pk=agreement.pk)
    )
    if current.status not in states:
        raise ValidationError(
            f"This agreement is {current.get_status_display().lower()} now: nothing was changed."
        )
    return current


@dataclass(frozen=True)
class _Step:
    """One step of an agreement's life: who may take it, from which states, to which,
    whose signature it records (`<signed>_by`, `<signed>_at`), and its audit verb."""

    action: Action
    from_states: tuple[AgreementStatus, ...]
    to_state: AgreementStatus
    signed: str
    verb: Verb


_ACCEPT = _Step(
    Action.AGREEMENT_ACCEPT,
    (AgreementStatus.PROPOSED,),
    AgreementStatus.IN_FORCE,
    "accepted",
    Verb.AGREEMENT_ACCEPTED,
)
_DECLINE = _Step(
    Action.AGREEMENT_DECLINE,
    (AgreementStatus.PROPOSED,),
    AgreementStatus.DECLINED,
    "ended",
    Verb.AGREEMENT_DECLINED,
)
_REVOKE = _Step(
    Action.AGREEMENT_REVOKE,
    LIVE_AGREEMENT_STATUSES,
    AgreementStatus.REVOKED,
    "ended",
    Verb.AGREEMENT_REVOKED,
)
# An agreement recorded before both signed becomes the provider's proposal: in force once
# the recipient (who may never have agreed to it either) accepts it.
_CONFIRM = _Step(
    Action.AGREEMENT_CONFIRM,
    (AgreementStatus.UNCONFIRMED,),
    AgreementStatus.PROPOSED,
    "proposed",
    Verb.AGREEMENT_CONFIRMED,
)


def _agreement_step(actor: User, agreement: SharingAgreement, step: _Step) -> SharingAgreement:
    require(actor, step.action, agreement, route=step.action.value)
    with transaction.atomic():
        current = _locked(agreement, *step.from_states)
        was = current.status
        current.status = step.to_state
        setattr(current, f"{step.signed}_by", actor)
        setattr(current, f"{step.signed}_at", timezone.now())
        current.save(update_fields=["status", f"{step.signed}_by", f"{step.signed}_at"])
        _agreement_audit(
            actor, step.verb, current, was=was, by=actor.agency.code if actor.agency else ""
        )
    return current


def agreement_accept(*, actor: User, agreement: SharingAgreement) -> SharingAgreement:
    """The recipient's hub manager accepts a proposal: it is in force from now."""
    return _agreement_step(actor, agreement, _ACCEPT)


def agreement_decline(*, actor: User, agreement: SharingAgreement) -> SharingAgreement:
    """The recipient's hub manager declines a proposal."""
    return _agreement_step(actor, agreement, _DECLINE)


def agreement_revoke(*, actor: User, agreement: SharingAgreement) -> SharingAgreement:
    """Either agency's hub manager revokes an agreement (or withdraws a proposal): the
    recipient's next request no longer sees what it shared."""
    return _agreement_step(actor, agreement, _REVOKE)


def agreement_confirm(*, actor: User, agreement: SharingAgreement) -> SharingAgreement:
    """The provider's hub manager confirms an agreement recorded before agreements
    needed both agencies: it is now their proposal."""
    return _agreement_step(actor, agreement, _CONFIRM)


# ---------------------------------------------------------------- case teams


def case_open(
    *, actor: User, kind: CaseKind, reference: str, members: list[User] | None = None
) -> CaseTeam:
    require(actor, Action.CASE_OPEN, route="case_open")
    with transaction.atomic():
        case = CaseTeam(kind=kind, reference=reference, hub_id=actor.hub_id)
        case.full_clean()
        case.save()
        case.members.add(actor, *(members or []))
        audit.record(
            actor=actor,
            verb=Verb.CASE_OPENED,
            target_type="case",
            target_id=str(case.pk),
            detail={"kind": kind, "members": sorted(u.pk for u in case.members.all())},
        )
    return case


def case_add_person(
    *, actor: User, case: CaseTeam, person: PersonTarget, role: CaseRole
) -> CasePerson:
    require(actor, Action.CASE_ADD_PERSON, (case, person), route="case_add_person")
    with transaction.atomic():
        entry, _ = CasePerson.objects.update_or_create(
            case=case, person_id=person.person_id, defaults={"role": role}
        )
        audit.record(
            actor=actor,
            verb=Verb.CASE_PERSON_ADDED,
            target_type="case",
            target_id=str(case.pk),
            subject_person=str(person.person_id),
            detail={"person_role": role},
        )
    return entry


def case_close(*, actor: User, case: CaseTeam) -> CaseTeam:
    require(actor, Action.CASE_EDIT, case, route="case_close")
    with transaction.atomic():
        case.closed_at = timezone.now()
        case.save(update_fields=["closed_at"])
        audit.record(actor=actor, verb=Verb.CASE_CLOSED, target_type="case", target_id=str(case.pk))
    return case


def sharing_basis_record(
    *,
    actor: User,
    case: CaseTeam,
    person_id: UUID,
    provider: Agency,
    basis: SharingBasis.Basis,
    reason: str,
) -> SharingBasis:
    """Consent or a safeguarding exception, recorded by a supervisor of the case."""
    require(actor, Action.SHARING_BASIS_RECORD, case, route="sharing_basis_record")
    with transaction.atomic():
        entry = SharingBasis.objects.create(
            case=case,
            person_id=person_id,
            provider=provider,
            basis=basis,
            reason=_reason(reason, "reason"),
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            verb=Verb.SHARING_BASIS_RECORDED,
            target_type="case",
            target_id=str(case.pk),
            subject_person=str(person_id),
            justification=entry.reason,
            detail={"sharing_basis": basis, "provider": provider.code},
        )
    return entry


# ---------------------------------------------------------------- beyond the agreements


def break_glass_start(
    *, actor: User, person_id: UUID, reason: str, minutes: int = 60
) -> BreakGlass:
    """Emergency access to one person, beyond the agreements: reason required, expires,
    flagged to the auditor (an `alert` row beside the `break_glass` one)."""
    require(actor, Action.BREAK_GLASS, person_id, route="break_glass")
    duration = timedelta(minutes=minutes)
    if not timedelta(minutes=1) <= duration <= BREAK_GLASS_LONGEST:
        raise ValidationError({"minutes": "Break-glass lasts from 1 minute to 4 hours."})
    with transaction.atomic():
        grant = BreakGlass.objects.create(
            user=actor,
            person_id=person_id,
            reason=_reason(reason, "reason"),
            expires_at=timezone.now() + duration,
        )
        audit.record(
            actor=actor,
            verb=Verb.BREAK_GLASS,
            target_type="person",
            target_id=str(person_id),
            subject_person=str(person_id),
            justification=grant.reason,
            detail={"expires_at": grant.expires_at.isoformat()},
        )
        audit.record(
            actor=actor,
            verb=Verb.ALERT,
            target_type="person",
            target_id=str(person_id),
            subject_person=str(person_id),
            detail={"alert": "break_glass"},
        )
    return grant


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
            reason=_reason(reason, "reason"),
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
    text = _reason(reason, "reason")
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
