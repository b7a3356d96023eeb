"""The reads behind the operations' pages: the viewer's operations, one operation for its
team, and a survivor's engagement. An operation is for the members of its case team who
may see personal data; anyone else gets the audited 404 of a missing one. Its people are
named only as the access policy lets the viewer see them, and every page naming them is
audited before it is returned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.db.models import F
from django.utils import timezone

from safehub.access.actions import Action, PersonTarget, can
from safehub.access.policy import Viewer
from safehub.access.queries import NAME_WITHHELD
from safehub.access.refusals import refused_as_missing
from safehub.network.queries.people import audit_people, names_of
from safehub.operations import lifecycles
from safehub.operations.models import Decision, Operation
from safehub.operations.queries import operation_figures
from safehub.records.models import Person
from safehub.records.queries.visible import visible_persons
from safehub.records.services import person_target

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
        raise refused_as_missing(viewer, "operation", operation_id, route)
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
class DisruptionRow:
    suspect: str
    kind: str
    served_on: date
    ends_on: date | None
    in_force: bool
    note: str


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
    suspects: list[tuple[str, str]] = field(default_factory=list)  # (id, name) for forms
    disruptions: list[DisruptionRow] = field(default_factory=list)


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
    today = timezone.localdate()
    disruptions = [
        DisruptionRow(
            names.get(d.person_id, NAME_WITHHELD),
            d.get_kind_display(),
            d.served_on,
            d.ends_on,
            d.served_on <= today and (d.ends_on is None or d.ends_on >= today),
            d.note,
        )
        for d in operation.disruptions.all()
    ]
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
        suspects=_suspects(now, names),
        disruptions=disruptions,
    )


def _suspects(
    now: dict[UUID, tuple[str, str, date]], names: dict[UUID, str]
) -> list[tuple[str, str]]:
    """The operation's suspects as choices of a form, named as the viewer may see them
    (one withheld is still a suspect of the team's: told apart by their number)."""
    suspects = sorted((p for p, (role, _, _) in now.items() if role == "suspect"), key=str)
    return [
        (str(p), names.get(p, f"{NAME_WITHHELD} (suspect {number})"))
        for number, p in enumerate(suspects, start=1)
    ]


def suspect_choices(viewer: Viewer, operation: Operation) -> list[tuple[str, str]]:
    """The suspects a disruption form offers (a POST's check of what it was sent)."""
    now = _nominals(operation)
    return _suspects(now, names_of(viewer, {p for p, (r, _, _) in now.items() if r == "suspect"}))


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
