"""The viewer's own case teams that include a person, for that person's page."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import F

from safehub.access.models import CasePerson
from safehub.access.policy import Viewer


@dataclass(frozen=True)
class CaseLink:
    pk: int
    name: str  # its kind and reference
    role: str  # the person's role in it
    closed: bool


def cases_with(viewer: Viewer, person_id: UUID) -> list[CaseLink]:
    """Teams the viewer is a member of that name the person, open ones first. Only the
    viewer's own: that another team names the person is not theirs to know."""
    rows = (
        CasePerson.objects.filter(person_id=person_id, case__members=viewer.user_id)
        .select_related("case")
        .order_by(F("case__closed_at").asc(nulls_first=True), "-case__opened_at", "case__pk")
    )
    return [
        CaseLink(row.case.pk, str(row.case), row.get_role_display(), row.case.closed_at is not None)
        for row in rows
    ]
