"""Possible duplicates: reviewers' decisions that two records of one agency are one
person, fed back to that agency as a list it can export (issue 10 item 4).

An agency's reviewers (supervisors, analysts, linkage officers: the roles of
`Action.LINK_DECIDE`) see the pairs of *their own agency's* records whose latest decision
is "the same person", whoever decided it. A later "different people" or "not sure" takes
the pair off the list. The list shows what the agency already holds of each record (its
reference, name and date of birth) and who decided; never the reviewer's note, which may
speak of other agencies' records, nor anything of another agency's records. Every showing
and every export is audited.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.linking.models import LinkDecision, Verdict
from safehub.linking.queries import require_reviewer
from safehub.records.chronology_csv import spreadsheet_safe
from safehub.records.models import PersonRecord

HEADER = (
    "Decided on",
    "First record reference",
    "First record name",
    "First record date of birth",
    "Second record reference",
    "Second record name",
    "Second record date of birth",
    "Decided by",
    "Reviewer's agency",
)


@dataclass(frozen=True)
class OwnRecord:
    record_id: str
    name: str
    date_of_birth: str


@dataclass(frozen=True)
class PossibleDuplicate:
    decision_pk: int
    decided_at: datetime
    first: OwnRecord
    second: OwnRecord
    decided_by: str
    reviewer_agency: str


def _own(record: PersonRecord) -> OwnRecord:
    name = f"{record.given_names} {record.family_name}".strip()
    return OwnRecord(record.record_id, name, record.date_of_birth)


def possible_duplicates_query(viewer: Viewer) -> QuerySet[LinkDecision]:
    """The latest decisions "the same person" on two of the viewer's agency's records
    whose identity they may see, newest first. No audit: `shown` audits what is shown."""
    if viewer.agency_id is None:
        return LinkDecision.objects.none()
    return (
        LinkDecision.objects.filter(
            superseded_by__isnull=True,  # the pair's latest decision
            verdict=Verdict.SAME,
            left__agency_id=viewer.agency_id,
            right__agency_id=F("left__agency_id"),
        )
        .filter(policy.identity_q(viewer, prefix="left__"))
        .filter(policy.identity_q(viewer, prefix="right__"))
        .select_related("left", "right", "decided_by__agency")
        .order_by("-decided_at", "-pk")
    )


def possible_duplicates_for(viewer: Viewer, *, route: str) -> QuerySet[LinkDecision]:
    """The list, for the agency's reviewers; for anyone else the audited 404."""
    require_reviewer(viewer, route=route)
    return possible_duplicates_query(viewer)


def shown(
    viewer: Viewer, decisions: list[LinkDecision], *, route: str, export: bool = False
) -> list[PossibleDuplicate]:
    """The decisions as the list shows them, audited as a view (or an export)."""
    rows = [
        PossibleDuplicate(
            decision.pk,
            decision.decided_at,
            _own(decision.left),
            _own(decision.right),
            decision.decided_by.display_name,
            decision.decided_by.agency.name if decision.decided_by.agency else "",
        )
        for decision in decisions
    ]
    if rows or export:
        audit.record(
            actor=viewer.user,
            verb=Verb.EXPORT if export else Verb.VIEW,
            target_type="possible_duplicates",
            detail={"route": route, "decisions": [row.decision_pk for row in rows]},
        )
    return rows


def possible_duplicates_csv(rows: list[PossibleDuplicate]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(
            spreadsheet_safe(value)
            for value in (
                timezone.localtime(row.decided_at).date().isoformat(),
                row.first.record_id,
                row.first.name,
                row.first.date_of_birth,
                row.second.record_id,
                row.second.name,
                row.second.date_of_birth,
                row.decided_by,
                row.reviewer_agency,
            )
        )
    return out.getvalue()
