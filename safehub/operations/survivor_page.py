"""The read behind a survivor's page: her pre-contact review (each agency's check, the
contact plan and its approval, what she said about sharing with each agency) and her
own decisions, for the operation's team; audited before it is returned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone

from safehub.access.actions import Action, can
from safehub.access.models import SharingBasis
from safehub.access.policy import Viewer
from safehub.access.queries import NAME_WITHHELD
from safehub.access.refusals import refused_as_missing
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network.queries.people import names_of
from safehub.operations import lifecycles
from safehub.operations.engagement import checks_awaited, due_to_come_back
from safehub.operations.knowledge import Knowledge, what_agencies_know
from safehub.operations.models import ContactPlan, Operation, SurvivorDecision
from safehub.operations.pages import operation_of_member
from safehub.operations.services import current

BEFORE_CONTACT = frozenset({"identified", "traced", "pre_contact_review"})


def plan_of(operation: Operation, person_id: UUID, plan_id: int) -> ContactPlan:
    """The survivor's plan the form was about, if it is still her newest: a check or an
    approval is of the plan the member read, never of one written since."""
    newest = operation.plans.filter(person_id=person_id).order_by("-pk").first()
    if newest is None or newest.pk != plan_id:
        raise ValidationError("The plan has changed since you opened the page: read the new one.")
    return newest


@dataclass(frozen=True)
class CheckRow:
    agency: str
    checked_by: str
    finding: str
    at: datetime


@dataclass(frozen=True)
class SharingRow:
    agency: str
    basis: str
    consented: bool
    lawful_basis: str
    reason: str
    recorded_by: str
    at: datetime


def _sharing(operation: Operation, person_id: UUID) -> list[SharingRow]:
    """What holds now for each agency: the newest entry of the operation's case."""
    newest: dict[int, SharingBasis] = {}
    for entry in (
        SharingBasis.objects.filter(case=operation.case, person_id=person_id)
        .select_related("provider", "recorded_by")
        .order_by("pk")
    ):
        newest[entry.provider_id] = entry
    return [
        SharingRow(
            e.provider.name,
            e.get_basis_display(),
            e.basis == SharingBasis.Basis.CONSENT,
            e.get_lawful_basis_display() if e.lawful_basis else "",
            e.reason,
            e.recorded_by.display_name,
            e.recorded_at,
        )
        for e in sorted(newest.values(), key=lambda e: e.provider.name)
    ]


@dataclass(frozen=True)
class SurvivorPage:
    operation: Operation
    open: bool
    person_id: UUID
    name: str
    status: str
    status_words: str
    plan: ContactPlan | None
    plan_author: str
    plan_approver: str
    checks: list[CheckRow]
    decisions: list[SurvivorDecision] = field(default_factory=list)
    due: SurvivorDecision | None = None  # she agreed to this date, and it has come
    may_record: bool = False
    may_write_plan: bool = False
    may_check: bool = False
    may_approve: bool = False
    may_contact: bool = False
    awaited: list[str] = field(default_factory=list)  # agencies yet to check the plan
    knowledge: Knowledge | None = None  # what each agency knows of her, as the viewer may see
    sharing: list[SharingRow] = field(default_factory=list)
    may_share: bool = False


def _approved(plan: ContactPlan | None) -> bool:
    return plan is not None and plan.approved_at is not None


def survivor_page(viewer: Viewer, operation_id: int, person_id: UUID) -> SurvivorPage:
    """A survivor of the operation, her pre-contact review and her own decisions; anyone
    who is not a survivor of it: the audited 404 of a missing one."""
    route = "survivor_engagement"
    operation = operation_of_member(viewer, operation_id, route=route)
    now = current(operation, person_id)
    if now is None or now.role != "victim":
        raise refused_as_missing(viewer, "operation", operation.pk, route)
    names = names_of(viewer, {person_id})
    plan = (
        operation.plans.filter(person_id=person_id)
        .select_related("author", "approved_by")
        .order_by("-pk")
        .first()
    )
    choices = list(
        operation.choices.filter(person_id=person_id).select_related("recorded_by").order_by("pk")
    )
    due = next(
        (c for c in due_to_come_back(operation, timezone.localdate()) if c.person_id == person_id),
        None,
    )
    audit.record(
        actor=viewer.user,
        verb=Verb.VIEW,
        target_type="operation",
        target_id=str(operation.pk),
        subject_person=str(person_id),
        detail={"route": route, "people": [str(person_id)]},
    )
    case = operation.case
    awaited = checks_awaited(plan) if plan is not None and plan.approved_at is None else []
    may_record = can(viewer, Action.NOMINAL_STATUS_SET, case)
    under_review = now.status == "pre_contact_review"
    checks = (
        [
            CheckRow(c.agency.name, c.checked_by.display_name, c.finding, c.checked_at)
            for c in plan.checks.select_related("agency", "checked_by").order_by("agency__name")
        ]
        if plan
        else []
    )
    return SurvivorPage(
        operation=operation,
        open=case.closed_at is None,
        person_id=person_id,
        name=names.get(person_id, NAME_WITHHELD),
        status=now.status,
        status_words=lifecycles.WORDS.get(now.status, now.status),
        plan=plan,
        plan_author=plan.author.display_name if plan else "",
        plan_approver=plan.approved_by.display_name if plan and plan.approved_by else "",
        checks=checks,
        decisions=list(reversed(choices)),
        due=due,
        may_record=may_record,
        may_write_plan=may_record and under_review,
        may_check=may_record and plan is not None,
        awaited=awaited,
        knowledge=what_agencies_know(viewer, operation, person_id),
        may_approve=(
            plan is not None
            and not awaited
            and plan.approved_at is None
            and plan.author_id != viewer.user_id
            and can(viewer, Action.DECISION_RECORD, case)
        ),
        may_contact=may_record and (now.status not in BEFORE_CONTACT or _approved(plan)),
        sharing=_sharing(operation, person_id),
        may_share=can(viewer, Action.SHARING_BASIS_RECORD, case),
    )
