"""Changes that open or close access: agreements, case teams, requests, break-glass.

Each is one transaction that writes its audit row inside it.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.models import (
    AccessRequest,
    BreakGlass,
    CaseKind,
    CasePerson,
    CaseRole,
    CaseTeam,
    SharingBasis,
)
from safehub.access.policy import DATA_ROLES
from safehub.agencies.models import Agency, Role, SharingAgreement, User
from safehub.audit import log as audit
from safehub.audit.models import Verb

BREAK_GLASS_LONGEST = timedelta(hours=4)
MIN_REASON = 10


# Refusals are recorded before any transaction opens, so the rollback that follows the
# refusal cannot take its audit row with it.


def _require_role(actor: User, *roles: Role) -> None:
    if not any(actor.has_role(role) for role in roles):
        audit.record(actor=actor, verb=Verb.REFUSED, target_type="action",
                     detail={"needs": [str(r) for r in roles]})
        raise PermissionDenied


def _reason(text: str, what: str) -> str:
    text = text.strip()
    if len(text) < MIN_REASON:
        raise ValidationError({what: f"Give a reason of at least {MIN_REASON} characters."})
    return text


def agreement_create(*, actor: User, provider: Agency, recipient: Agency,
                     sensitivities: list[str], condition: str, scope: str,
                     reference: str) -> SharingAgreement:
    """Record a signed information-sharing agreement (hub managers only)."""
    _require_role(actor, Role.HUB_MANAGER)
    with transaction.atomic():
        agreement = SharingAgreement(
            provider=provider, recipient=recipient, sensitivities=sorted(set(sensitivities)),
            condition=condition, scope=scope, reference=reference.strip(),
            valid_from=timezone.localdate())
        if provider.pk == recipient.pk:
            raise ValidationError({"recipient": "An agency does not share with itself."})
        agreement.full_clean()
        agreement.save()
        audit.record(actor=actor, verb=Verb.CHANGE, target_type="sharing_agreement",
                     target_id=str(agreement.pk),
                     detail={"created": True, "provider": provider.code,
                             "recipient": recipient.code, "sensitivities":
                             agreement.sensitivities, "condition": condition, "scope": scope})
    return agreement


def agreement_revoke(*, actor: User, agreement: SharingAgreement) -> SharingAgreement:
    _require_role(actor, Role.HUB_MANAGER)
    with transaction.atomic():
        return _agreement_revoke(actor, agreement)


def _agreement_revoke(actor: User, agreement: SharingAgreement) -> SharingAgreement:
    agreement.revoked_at = timezone.now()
    agreement.save(update_fields=["revoked_at"])
    audit.record(actor=actor, verb=Verb.CHANGE, target_type="sharing_agreement",
                 target_id=str(agreement.pk), detail={"revoked": True})
    return agreement


def case_open(*, actor: User, kind: CaseKind, reference: str,
              members: list[User] | None = None) -> CaseTeam:
    _require_role(actor, Role.SUPERVISOR, Role.HUB_MANAGER)
    with transaction.atomic():
        return _case_open(actor, kind, reference, members or [])


def _case_open(actor: User, kind: CaseKind, reference: str, members: list[User]) -> CaseTeam:
    case = CaseTeam(kind=kind, reference=reference, hub_id=actor.hub_id)
    case.full_clean()
    case.save()
    case.members.add(actor, *members)
    audit.record(actor=actor, verb=Verb.CHANGE, target_type="case", target_id=str(case.pk),
                 detail={"opened": kind, "members": sorted(u.pk for u in case.members.all())})
    return case


def _require_member(actor: User, case: CaseTeam) -> None:
    if not case.members.filter(pk=actor.pk).exists():
        audit.record(actor=actor, verb=Verb.REFUSED, target_type="case", target_id=str(case.pk))
        raise PermissionDenied


def case_add_person(*, actor: User, case: CaseTeam, person_id: UUID,
                    role: CaseRole) -> CasePerson:
    _require_member(actor, case)
    with transaction.atomic():
        return _case_add_person(actor, case, person_id, role)


def _case_add_person(actor: User, case: CaseTeam, person_id: UUID,
                     role: CaseRole) -> CasePerson:
    entry, _ = CasePerson.objects.update_or_create(
        case=case, person_id=person_id, defaults={"role": role})
    audit.record(actor=actor, verb=Verb.CHANGE, target_type="case", target_id=str(case.pk),
                 subject_person=str(person_id), detail={"person_role": role})
    return entry


def case_close(*, actor: User, case: CaseTeam) -> CaseTeam:
    _require_member(actor, case)
    with transaction.atomic():
        case.closed_at = timezone.now()
        case.save(update_fields=["closed_at"])
        audit.record(actor=actor, verb=Verb.CHANGE, target_type="case",
                     target_id=str(case.pk), detail={"closed": True})
    return case


def sharing_basis_record(*, actor: User, case: CaseTeam, person_id: UUID, provider: Agency,
                         basis: SharingBasis.Basis, reason: str) -> SharingBasis:
    """Consent or a safeguarding exception, recorded by a supervisor of the case."""
    _require_role(actor, Role.SUPERVISOR)
    _require_member(actor, case)
    with transaction.atomic():
        return _sharing_basis_record(actor=actor, case=case, person_id=person_id,
                                     provider=provider, basis=basis, reason=reason)


def _sharing_basis_record(*, actor: User, case: CaseTeam, person_id: UUID, provider: Agency,
                          basis: SharingBasis.Basis, reason: str) -> SharingBasis:
    entry = SharingBasis.objects.create(
        case=case, person_id=person_id, provider=provider, basis=basis,
        reason=_reason(reason, "reason"), recorded_by=actor)
    audit.record(actor=actor, verb=Verb.CHANGE, target_type="case", target_id=str(case.pk),
                 subject_person=str(person_id), justification=entry.reason,
                 detail={"sharing_basis": basis, "provider": provider.code})
    return entry


@transaction.atomic
def break_glass_start(*, actor: User, person_id: UUID, reason: str,
                      minutes: int = 60) -> BreakGlass:
    """Emergency access to one person, beyond the agreements: reason required, expires,
    flagged to the auditor (an `alert` row beside the `break_glass` one)."""
    _require_role(actor, *DATA_ROLES)  # auditors and administrators see no personal data
    duration = timedelta(minutes=minutes)
    if not timedelta(minutes=1) <= duration <= BREAK_GLASS_LONGEST:
        raise ValidationError({"minutes": "Break-glass lasts from 1 minute to 4 hours."})
    grant = BreakGlass.objects.create(
        user=actor, person_id=person_id, reason=_reason(reason, "reason"),
        expires_at=timezone.now() + duration)
    audit.record(actor=actor, verb=Verb.BREAK_GLASS, target_type="person",
                 target_id=str(person_id), subject_person=str(person_id),
                 justification=grant.reason,
                 detail={"expires_at": grant.expires_at.isoformat()})
    audit.record(actor=actor, verb=Verb.ALERT, target_type="person", target_id=str(person_id),
                 subject_person=str(person_id), detail={"alert": "break_glass"})
    return grant


@transaction.atomic
def access_request_create(*, actor: User, owner: Agency, person_id: UUID, record_pk: int,
                          reason: str) -> AccessRequest:
    request = AccessRequest.objects.create(
        requester=actor, owner=owner, person_id=person_id, record_pk=record_pk,
        reason=_reason(reason, "reason"))
    audit.record(actor=actor, verb=Verb.ACCESS_REQUESTED, target_type="access_request",
                 target_id=str(request.pk), subject_person=str(person_id),
                 justification=request.reason, detail={"owner": owner.code})
    return request


def _require_owner_supervisor(actor: User, request: AccessRequest) -> None:
    if actor.agency_id != request.owner_id or not actor.has_role(Role.SUPERVISOR):
        audit.record(actor=actor, verb=Verb.REFUSED, target_type="access_request",
                     target_id=str(request.pk), subject_person=str(request.person_id))
        raise PermissionDenied


def access_request_decide(*, actor: User, request: AccessRequest, approve: bool,
                          note: str = "", days: int = 30) -> AccessRequest:
    """A supervisor of the owning agency approves (for a period) or declines."""
    _require_owner_supervisor(actor, request)
    with transaction.atomic():
        return _access_request_decide(actor, request, approve, note, days)


def _access_request_decide(actor: User, request: AccessRequest, approve: bool, note: str,
                           days: int) -> AccessRequest:
    if request.status != AccessRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    if approve and not 1 <= days <= 90:
        raise ValidationError({"days": "Approve for 1 to 90 days."})
    now = timezone.now()
    request.status = (AccessRequest.Status.APPROVED if approve
                      else AccessRequest.Status.DECLINED)
    request.decided_by, request.decided_at, request.decision_note = actor, now, note.strip()
    request.expires_at = now + timedelta(days=days) if approve else None
    request.save()
    audit.record(actor=actor, verb=Verb.ACCESS_APPROVED if approve else Verb.ACCESS_DECLINED,
                 target_type="access_request", target_id=str(request.pk),
                 subject_person=str(request.person_id), justification=request.decision_note,
                 detail={"requester": request.requester.get_username(),
                         "days": days if approve else 0})
    return request
