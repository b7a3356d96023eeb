"""Survivor-led engagement: before anyone makes contact, a pre-contact review — what each
agency checked, the risks and needs, the contact plan and the support offer — approved
by a supervisor who did not write it; then every contact and the survivor's own decision
(engage now, unsure, not now, declined), in their words where they want them kept.

The survivor decides. A date to come back is kept only when they agreed to one, and
`due_to_come_back` — the only list that prompts a contact — holds only those; someone
who said "not now" without a date, or declined, is never on it. Whoever declined can
come back at any time: their status moves on from "declined" like any other decision.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import Action, require
from safehub.access.models import SharingBasis
from safehub.access.services.cases import sharing_basis_record
from safehub.agencies.models import Agency, User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.operations.models import AgencyCheck, ContactPlan, Operation, SurvivorDecision
from safehub.operations.services import current, nominal_status_set

PLAN_FIELDS = ("risks_and_needs", "contact_by", "contact_how")
SUPPORT = (
    "ISVA",
    "counselling",
    "national support line for adult survivors",
    "health",
    "housing",
    "education",
)


def plan_write(
    *, actor: User, operation: Operation, person_id: UUID, **fields: object
) -> ContactPlan:
    """A new contact plan for a survivor under pre-contact review (it replaces any
    earlier one, approved or not: a changed plan is approved afresh)."""
    require(actor, Action.NOMINAL_STATUS_SET, operation.case, route="plan_write")
    now = current(operation, person_id)
    if now is None or now.role != "victim" or now.status != "pre_contact_review":
        raise ValidationError("A contact plan is written for a survivor under pre-contact review.")
    missing = [f for f in PLAN_FIELDS if not str(fields.get(f, "")).strip()]
    if missing:
        raise ValidationError(f"The plan needs: {', '.join(m.replace('_', ' ') for m in missing)}.")
    with transaction.atomic():
        plan = ContactPlan.objects.create(
            operation=operation, person_id=person_id, author=actor, **fields
        )
        _audit(actor, operation, person_id, "plan_written", plan=plan.pk)
    return plan


def agency_check_record(*, actor: User, plan: ContactPlan, finding: str) -> AgencyCheck:
    """The actor's agency's check of what it holds on the survivor ("nothing relevant",
    or what the team should know), recorded by that agency."""
    require(actor, Action.NOMINAL_STATUS_SET, plan.operation.case, route="agency_check")
    if actor.agency_id is None or not finding.strip():
        raise ValidationError("An agency's check is recorded by that agency, with its finding.")
    with transaction.atomic():
        check, _ = AgencyCheck.objects.update_or_create(
            plan=plan,
            agency_id=actor.agency_id,
            defaults={"checked_by": actor, "finding": finding.strip()},
        )
        _audit(actor, plan.operation, plan.person_id, "agency_checked", plan=plan.pk)
    return check


def checks_awaited(plan: ContactPlan) -> list[str]:
    """The agencies of the operation's team (by name) that have not yet checked what they
    hold on the survivor for this plan."""
    team = plan.operation.case.members.exclude(agency=None).values_list("agency_id", flat=True)
    checked = plan.checks.values_list("agency_id", flat=True)
    waiting = Agency.objects.filter(pk__in=team).exclude(pk__in=checked)
    return list(waiting.order_by("name").values_list("name", flat=True))


def plan_approve(*, actor: User, plan: ContactPlan) -> ContactPlan:
    """A supervisor of the team who did not write the plan approves it, once every agency
    of the team has checked what it holds on her."""
    require(actor, Action.DECISION_RECORD, plan.operation.case, route="plan_approve")
    if plan.author_id == actor.pk:
        raise ValidationError("A plan is approved by a supervisor who did not write it.")
    if awaited := checks_awaited(plan):
        raise ValidationError(
            "Each agency of the team checks what it holds before the plan is approved: "
            f"waiting for {', '.join(awaited)}."
        )
    with transaction.atomic():
        plan.approved_by, plan.approved_at = actor, timezone.now()
        plan.save(update_fields=["approved_by", "approved_at"])
        _audit(actor, plan.operation, plan.person_id, "plan_approved", plan=plan.pk)
    return plan


def contact_record(
    *,
    actor: User,
    operation: Operation,
    person_id: UUID,
    contact_on: date,
    contact_how: str,
    decision: str,
    their_words: str = "",
    come_back_on: date | None = None,
) -> SurvivorDecision:
    """A contact and what the survivor decided. The first contact needs the approved
    plan; `come_back_on` is the date the survivor agreed to, and only for "not now" or
    "unsure"."""
    require(actor, Action.NOMINAL_STATUS_SET, operation.case, route="contact_record")
    if decision not in SurvivorDecision.Choice.values:
        raise ValidationError(f"Not a survivor's decision: {decision!r}.")
    if come_back_on is not None and decision not in ("not_now", "unsure"):
        raise ValidationError("A date to come back is kept only for 'not now' or 'unsure'.")
    if come_back_on is not None and come_back_on <= contact_on:
        raise ValidationError("The date to come back is after the contact.")
    with transaction.atomic():
        now = current(operation, person_id)
        if now is not None and now.status == "pre_contact_review":
            nominal_status_set(
                actor=actor,
                operation=operation,
                person_id=person_id,
                status="contacted",
                on=contact_on,
            )
            now = current(operation, person_id)
        if now is None or now.role != "victim":
            raise ValidationError("Contacts are recorded for a survivor of the operation.")
        if now.status != decision:
            nominal_status_set(
                actor=actor,
                operation=operation,
                person_id=person_id,
                status=decision,
                on=contact_on,
            )
        choice = SurvivorDecision.objects.create(
            operation=operation,
            person_id=person_id,
            contact_on=contact_on,
            contact_how=contact_how.strip(),
            decision=decision,
            their_words=their_words.strip(),
            come_back_on=come_back_on,
            recorded_by=actor,
        )
        _audit(actor, operation, person_id, "contact_recorded", decision=decision)
    return choice


def sharing_record(
    *,
    actor: User,
    operation: Operation,
    person_id: UUID,
    provider: Agency,
    basis: str,
    reason: str,
    lawful_basis: str = "",
) -> SharingBasis:
    """What the survivor said about sharing with one agency — consent, or its refusal or
    withdrawal — or, without her consent, the safeguarding exception and its lawful
    basis: recorded for the operation's case, where the access policy reads it."""
    now = current(operation, person_id)
    if now is None or now.role != "victim":
        raise ValidationError("Consent to share is recorded for a survivor of the operation.")
    return sharing_basis_record(
        actor=actor,
        case=operation.case,
        person_id=person_id,
        provider=provider,
        basis=basis,
        reason=reason,
        lawful_basis=lawful_basis,
    )


def due_to_come_back(operation: Operation, on: date) -> list[SurvivorDecision]:
    """Survivors whose newest decision is a date they agreed to come back on, reached by
    `on` — and only those: no "not now" without a date, no one who declined."""
    newest: dict[UUID, SurvivorDecision] = {}
    for choice in operation.choices.order_by("pk"):
        newest[choice.person_id] = choice
    return [
        c
        for c in newest.values()
        if c.come_back_on is not None
        and c.come_back_on <= on
        and (now := current(operation, c.person_id)) is not None
        and now.status == c.decision
    ]


def _audit(actor: User, operation: Operation, person_id: UUID, step: str, **ids: object) -> None:
    audit.record(
        actor=actor,
        verb=Verb.ENGAGEMENT_RECORDED,
        target_type="operation",
        target_id=str(operation.pk),
        subject_person=str(person_id),
        detail={"step": step, **ids},
    )


def come_back_due_for(user: User, on: date) -> list[SurvivorDecision]:
    """For a member's home page: across their open operations, the survivors whose date
    to come back — one they agreed to — has come (no one named: the link opens her page,
    audited there). Never anyone who said "not now" without a date, or declined."""
    operations = Operation.objects.filter(case__members=user, case__closed_at__isnull=True)
    return [
        due for operation in operations.order_by("name") for due in due_to_come_back(operation, on)
    ]
