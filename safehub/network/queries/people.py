"""The people a network page names: only those the viewer may open, by the names their
own visible records give."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import PersonRecord
from safehub.records.queries.visible import display_name, visible_persons


@dataclass(frozen=True)
class Named:
    person_id: UUID
    name: str


def names_of(viewer: Viewer, ids: set[UUID]) -> dict[UUID, str]:
    """The people of `ids` the viewer may open, by the names their visible records give."""
    records: dict[UUID, list[PersonRecord]] = {}
    for record in PersonRecord.objects.filter(
        policy.record_q(viewer), person_id__in=sorted(ids, key=str)
    ).order_by("agency__name", "record_id"):
        records.setdefault(record.person_id, []).append(record)
    openable = visible_persons(viewer).filter(pk__in=sorted(ids, key=str))
    return {pk: display_name(records.get(pk, [])) for pk in openable.values_list("pk", flat=True)}


PEOPLE_PER_ROW = 50  # person ids per audit row (a row's detail is kept to a few kilobytes)


def audit_people(
    viewer: Viewer,
    *,
    target_type: str,
    target_id: str,
    route: str,
    people: list[str],
    detail: dict[str, object] | None = None,
) -> None:
    """One audit row of a view naming `people` (ids), with `detail`; people past the
    first PEOPLE_PER_ROW go in rows of their own, all written before anything is shown."""
    first = {"route": route, **(detail or {}), "people": people[:PEOPLE_PER_ROW]}
    audit.record(
        actor=viewer.user,
        verb=Verb.VIEW,
        target_type=target_type,
        target_id=target_id,
        detail=first,
    )
    audit_more(viewer, target_type=target_type, target_id=target_id, route=route, people=people)


def audit_more(
    viewer: Viewer, *, target_type: str, target_id: str, route: str, people: list[str]
) -> None:
    """The people past the first PEOPLE_PER_ROW of a view's audit row, in rows of their own."""
    for start in range(PEOPLE_PER_ROW, len(people), PEOPLE_PER_ROW):
        audit.record(
            actor=viewer.user,
            verb=Verb.VIEW,
            target_type=f"{target_type}_people",
            target_id=target_id,
            detail={"route": route, "people": people[start : start + PEOPLE_PER_ROW]},
        )
