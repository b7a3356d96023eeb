"""Sharing agreements: proposed by the provider's hub manager, accepted or declined by the
recipient's, revoked by either; one recorded before both signed, confirmed by the provider.

Each asks the rule for actions (`safehub.access.actions.require`) before it opens its
transaction — so a refusal's audit row survives the refusal — then changes state and
writes its audit row, with a verb of its own, inside one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import Action, require
from safehub.agencies.models import (
    LIVE_AGREEMENT_STATUSES,
    Agency,
    AgreementStatus,
    SharingAgreement,
    User,
)
from safehub.audit import log as audit
from safehub.audit.models import Verb


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
