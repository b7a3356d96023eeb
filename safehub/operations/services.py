"""The writes of operations: open one, add a nominal, record where a nominal now is.
Each asks the rule for actions first, then changes state in one transaction with its
audit row (ids and statuses, never a note's words)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from safehub.access.actions import Action, PersonTarget, require
from safehub.access.models import CaseKind, CaseRole
from safehub.access.services.cases import case_add_person, case_open
from safehub.agencies.hubs import hub_of
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.operations import lifecycles
from safehub.operations.models import ContactPlan, NominalStatus, Operation


def operation_open(
    *,
    actor: User,
    name: str,
    scope: str,
    senior_officer: User,
    members: list[User] | None = None,
    institution: str = "",
) -> Operation:
    """A new operation, its team the actor, the senior officer and `members`."""
    require(actor, Action.CASE_OPEN, route="operation_open")
    if not name.strip() or not scope.strip():
        raise ValidationError("An operation needs a name and a scope.")
    if institution not in Operation.Institution.values:
        raise ValidationError(f"Not a kind of institution: {institution!r}.")
    for user in [senior_officer, *(members or [])]:
        _may_join(actor, user)
    with transaction.atomic():
        case = case_open(
            actor=actor,
            kind=CaseKind.OPERATION,
            reference=name.strip()[:100],
            members=[senior_officer, *(members or [])],
        )
        operation = Operation.objects.create(
            case=case,
            name=name.strip(),
            scope=scope.strip(),
            senior_officer=senior_officer,
            opened_by=actor,
            institution=institution,
        )
        audit.record(
            actor=actor,
            verb=Verb.OPERATION_OPENED,
            target_type="operation",
            target_id=str(operation.pk),
            detail={"case": case.pk, "senior_officer": senior_officer.pk},
        )
    return operation


def _may_join(actor: User, user: User) -> None:
    """A team member is an active user of an agency in the actor's hub: membership opens
    case access, so never to an account that is switched off or outside the hub."""
    if not user.is_active or user.agency_id is None or hub_of(user) != hub_of(actor):
        raise ValidationError(
            f"{user.display_name} cannot join: a team member is an active user of an "
            "agency in this hub."
        )


def member_add(*, actor: User, operation: Operation, user: User) -> None:
    """Add `user` to the open operation's team (a supervisor or hub manager of it)."""
    require(actor, Action.CASE_EDIT, operation.case, route="operation_member_add")
    _may_join(actor, user)
    if operation.case.members.filter(pk=user.pk).exists():
        raise ValidationError(f"{user.display_name} is already in the team.")
    with transaction.atomic():
        operation.case.members.add(user)
        audit.record(
            actor=actor,
            verb=Verb.CASE_MEMBER_ADDED,
            target_type="operation",
            target_id=str(operation.pk),
            detail={"case": operation.case_id, "member": user.pk},
        )


def approved_plan(operation: Operation, person_id: UUID) -> ContactPlan | None:
    """The survivor's newest contact plan, if it is approved (a newer draft is not)."""
    plan = operation.plans.filter(person_id=person_id).order_by("-pk").first()
    return plan if plan is not None and plan.approved_at is not None else None


def current(operation: Operation, person_id: UUID) -> NominalStatus | None:
    """Where the nominal is now: their newest status in the operation."""
    return operation.statuses.filter(person_id=person_id).order_by("-pk").first()


def nominal_add(
    *, actor: User, operation: Operation, person: PersonTarget, role: CaseRole, on: date
) -> NominalStatus:
    """Name a person in the operation (victim or survivor, suspect, witness): they join
    its case team's people (the rule `case_add_person`) as identified on `on`."""
    # Asked before the transaction: a refusal's audit row must not roll back with it.
    require(actor, Action.CASE_ADD_PERSON, (operation.case, person), route="nominal_add")
    if role not in lifecycles.BY_ROLE:
        raise ValidationError(f"A nominal is a victim, a suspect or a witness, not {role!r}.")
    if current(operation, person.person_id) is not None:
        raise ValidationError("This person is already a nominal of the operation.")
    with transaction.atomic():
        case_add_person(actor=actor, case=operation.case, person=person, role=role)
        return _append(
            actor,
            operation,
            person.person_id,
            role=role,
            status=lifecycles.IDENTIFIED,
            on=on,
            note="",
        )


def nominal_status_set(
    *,
    actor: User,
    operation: Operation,
    person_id: UUID,
    status: str,
    on: date,
    note: str = "",
) -> NominalStatus:
    """Record that the nominal is now `status` (from `on`), where their lifecycle allows
    it; a ValidationError saying where they may go otherwise."""
    require(actor, Action.NOMINAL_STATUS_SET, operation.case, route="nominal_status_set")
    now = current(operation, person_id)
    if now is None:
        raise ValidationError("This person is not a nominal of the operation.")
    if not lifecycles.allowed(now.role, now.status, status):
        onward = sorted(lifecycles.BY_ROLE[now.role][now.status])
        words = ", ".join(lifecycles.WORDS[s] for s in onward) or "nowhere: it is an outcome"
        raise ValidationError(
            f"From {lifecycles.WORDS[now.status]} a {now.role} may go to {words}, "
            f"not {lifecycles.WORDS.get(status, status)}."
        )
    if on < now.on:
        raise ValidationError(f"The date must not be before the last status's ({now.on}).")
    if status == "contacted" and not approved_plan(operation, person_id):
        raise ValidationError(
            "No contact before the pre-contact review's plan is approved by a supervisor "
            "who did not write it."
        )
    with transaction.atomic():
        return _append(actor, operation, person_id, role=now.role, status=status, on=on, note=note)


def _append(
    actor: User,
    operation: Operation,
    person_id: UUID,
    *,
    role: str,
    status: str,
    on: date,
    note: str,
) -> NominalStatus:
    entry = NominalStatus.objects.create(
        operation=operation,
        person_id=person_id,
        role=role,
        status=status,
        on=on,
        note=note,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        verb=Verb.NOMINAL_STATUS_SET,
        target_type="operation",
        target_id=str(operation.pk),
        subject_person=str(person_id),
        detail={"role": role, "status": status, "on": on.isoformat()},
    )
    return entry
