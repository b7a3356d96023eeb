"""The people a network page names: only those the viewer may open, by the names their
own visible records give."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from safehub.access import policy
from safehub.access.policy import Viewer
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
