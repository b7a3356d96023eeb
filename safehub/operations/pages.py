"""The reads behind the operations' pages: the viewer's operations, one operation for its
team, and a survivor's engagement. An operation is for the members of its case team who
may see personal data; anyone else gets the audited 404 of a missing one. Its people are
named only as the access policy lets the viewer see them, and every page naming them is
audited before it is returned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from safehub.access.actions import Action, PersonTarget, can
from safehub.access.policy import Viewer
from safehub.access.queries import NAME_WITHHELD
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network.queries.people import audit_people, names_of
from safehub.operations import lifecycles
from safehub.operations.engagement import due_to_come_back
from safehub.operations.models import ContactPlan, Decision, Operation, SurvivorDecision
from safehub.operations.queries import operation_figures
from safehub.operations.services import current
from safehub.records.models import Person
from safehub.records.queries.visible import visible_persons
from safehub.records.services import person_target

BEFORE_CONTACT = frozenset({"identified", "traced", "pre_contact_review"})
ROLE_HEADINGS = (("victim", "Survivors"), ("suspect", "Suspects"), ("witness", "Witnesses"))


# ---------------------------------------------------------------- the list


@dataclass(frozen=True)
class OperationRow:
    operation: Operation
    senior_officer: str
    open: bool
    figures: dict[str, int]


def operation_rows(viewer: Viewer) -> list[OperationRow]:
    """The operations whose team the viewer is a member of, open ones first: names,
    senior officers and figures (counts), no one named — so nothing to audit."""
    operations = (
        Operation.objects.filter(case__members=viewer.user_id)
        .select_related("case", "senior_officer")
        .order_by(F("case__closed_at").desc(nulls_first=True), "-opened_at", "-pk")
    )
    return [
        OperationRow(
            op, op.senior_officer.display_name, op.case.closed_at is None, operation_figures(op)
        )
        for op in operations
    ]


def operation_of_member(viewer: Viewer, operation_id: int, *, route: str) -> Operation:
    """The operation, to a member of its team who may see personal data; to anyone else
    the audited 404 of an operation that does not exist."""
    operation = None
    if viewer.sees_personal_data:
        operation = (
            Operation.objects.filter(pk=operation_id, case__members=viewer.user_id)
            .select_related("case", "senior_officer", "opened_by")
            .first()
        )
    if operation is None:
        audit.record(
            actor=viewer.user,
            verb=Verb.REFUSED,
            target_type="operation",
            target_id=str(operation_id),
            detail={"route": route},
        )
        raise Http404("Not found")
    return operation


def nominal_target(viewer: Viewer, person_id: UUID) -> PersonTarget:
    """A person named by id as the target of adding them: who holds them, and whether the
    viewer may open them (a stranger found by id: held by no one, not openable)."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return PersonTarget(person_id, frozenset(), openable=False)
    held = person_target(person)
    openable = visible_persons(viewer).filter(pk=person.pk).exists()
    return PersonTarget(person.pk, held.held_by, openable)


# ---------------------------------------------------------------- one operation


@dataclass(frozen=True)
class NominalRow:
    person_id: UUID
    name: str
    openable: bool
    role: str
    status: str
    status_words: str
    since: date
    onward: list[tuple[str, str]]  # (status, words) where they may go next


@dataclass(frozen=True)
class DecisionRow:
    seq: int
    code: str
    kind: str
    author: str
    agency: str
    at: datetime
    rationale: str
    about: str


@dataclass(frozen=True)
class OperationPage:
    operation: Operation
    open: bool
    members: list[tuple[str, str]]  # (name, agency)
    figures: dict[str, int]
    nominals: list[tuple[str, list[NominalRow]]]  # by role, with its heading
    decisions: list[DecisionRow]
    closure: DecisionRow | None
    may_set: bool
    may_decide: bool
    may_add: bool
    may_close: bool


def _nominals(operation: Operation) -> dict[UUID, tuple[str, str, date]]:
    now: dict[UUID, tuple[str, str, date]] = {}
    for person, role, status, on in operation.statuses.order_by("pk").values_list(
        "person_id", "role", "status", "on"
    ):
        now[person] = (role, status, on)
    return now


def operation_page(viewer: Viewer, operation_id: int) -> OperationPage:
    """Everything the operation's page shows a member, audited before it is returned."""
    operation = operation_of_member(viewer, operation_id, route="operation_detail")
    now = _nominals(operation)
    names = names_of(viewer, set(now))
    entries = list(operation.decisions.select_related("author").order_by("seq"))
    audit_people(
        viewer,
        target_type="operation",
        target_id=str(operation.pk),
        route="operation_detail",
        people=[str(p) for p in now],
    )
    rows = [
        NominalRow(
            person,
            names.get(person, NAME_WITHHELD),
            person in names,
            role,
            status,
            lifecycles.WORDS.get(status, status),
            on,
            [(s, lifecycles.WORDS[s]) for s in sorted(lifecycles.BY_ROLE[role][status])],
        )
        for person, (role, status, on) in now.items()
    ]
    decisions = [_decision_row(entry, names) for entry in entries]
    closure = next((d for d in reversed(decisions) if d.code == Decision.Kind.CLOSURE), None)
    members = operation.case.members.select_related("agency").order_by("agency__name", "username")
    case = operation.case
    return OperationPage(
        operation=operation,
        open=case.closed_at is None,
        members=[(u.display_name, u.agency.name if u.agency else "") for u in members],
        figures=operation_figures(operation),
        nominals=[
            (heading, sorted((r for r in rows if r.role == role), key=lambda r: r.name.casefold()))
            for role, heading in ROLE_HEADINGS
        ],
        decisions=decisions,
        closure=closure if case.closed_at is not None else None,
        may_set=can(viewer, Action.NOMINAL_STATUS_SET, case),
        may_decide=can(viewer, Action.DECISION_RECORD, case),
        may_add=can(viewer, Action.CASE_EDIT, case),  # supervisors, hub managers of the team
        may_close=can(viewer, Action.CASE_EDIT, case),
    )


def _decision_row(entry: Decision, names: dict[UUID, str]) -> DecisionRow:
    subject = entry.subject_person
    return DecisionRow(
        entry.seq,
        entry.kind,
        entry.get_kind_display(),
        entry.author.display_name,
        entry.author_agency,
        entry.at,
        entry.rationale,
        "" if subject is None else names.get(subject, NAME_WITHHELD),
    )


# ---------------------------------------------------------------- a survivor's engagement


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


def _approved(plan: ContactPlan | None) -> bool:
    return plan is not None and plan.approved_at is not None


def survivor_page(viewer: Viewer, operation_id: int, person_id: UUID) -> SurvivorPage:
    """A survivor of the operation, her pre-contact review and her own decisions; anyone
    who is not a survivor of it: the audited 404 of a missing one."""
    route = "survivor_engagement"
    operation = operation_of_member(viewer, operation_id, route=route)
    now = current(operation, person_id)
    if now is None or now.role != "victim":
        audit.record(
            actor=viewer.user,
            verb=Verb.REFUSED,
            target_type="operation",
            target_id=str(operation.pk),
            detail={"route": route},
        )
        raise Http404("Not found")
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
        may_approve=(
            plan is not None
            and plan.approved_at is None
            and plan.author_id != viewer.user_id
            and can(viewer, Action.DECISION_RECORD, case)
        ),
        may_contact=may_record and (now.status not in BEFORE_CONTACT or _approved(plan)),
    )
