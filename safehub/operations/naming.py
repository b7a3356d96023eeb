"""Naming a person in an operation from wherever they were found — trace search, the
network chart, a screening flag, their page: the person (if the viewer may open them)
and the viewer's open operations where the rule for actions lets them name this person."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.operations.models import Operation
from safehub.operations.pages import nominal_target
from safehub.operations.services import current
from safehub.records.queries.visible import display_name, person_for, visible_records


@dataclass(frozen=True)
class Naming:
    person_id: UUID
    name: str
    operations: list[Operation]  # where the viewer may name them, not yet a nominal
    already: list[Operation]  # the viewer's operations that already name them


def naming(viewer: Viewer, person_id: UUID, *, route: str) -> Naming:
    """The page's content; a person the viewer may not open is the audited 404."""
    person = person_for(viewer, person_id, route=route)
    target = nominal_target(viewer, person.pk)
    mine = Operation.objects.filter(
        case__members=viewer.user_id, case__closed_at__isnull=True
    ).select_related("case")
    may, already = [], []
    for operation in mine.order_by("name"):
        if current(operation, person.pk) is not None:
            already.append(operation)
        elif can(viewer, Action.CASE_ADD_PERSON, (operation.case, target)):
            may.append(operation)
    audit.record(
        actor=viewer.user,
        verb=Verb.VIEW,
        target_type="person",
        target_id=str(person.pk),
        subject_person=str(person.pk),
        detail={"route": route},
    )
    return Naming(person.pk, display_name(visible_records(viewer, person)), may, already)
