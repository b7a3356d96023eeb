"""An operation's returns: its figures (survivors identified, traced, contacted,
engaged, supported; suspects identified, arrested, charged, convicted) and a national
non-recent-abuse style return of its suspects — sex, deceased, public prominence, the
institution, live or closed, outcome — one row per suspect, by number, never by name.
Read by the operation's team (pages.operation_of_member) and audited; the suspect's sex
is the one their records the reader may see give most often."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from safehub.access import policy
from safehub.access.actions import Action, require
from safehub.access.policy import Viewer
from safehub.access.queries import NAME_WITHHELD
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network.queries.people import audit_people, names_of
from safehub.operations import lifecycles
from safehub.operations.models import Operation, SuspectFacts
from safehub.operations.pages import operation_of_member
from safehub.operations.queries import operation_figures
from safehub.operations.services import current
from safehub.records.chronology_csv import spreadsheet_safe
from safehub.records.models import PersonRecord

SEX_WORDS = {"male": "Male", "female": "Female", "other": "Other"}
COLUMNS = (
    "suspect",
    "sex",
    "deceased",
    "public_prominence",
    "institution",
    "operation",
    "outcome",
)


@dataclass(frozen=True)
class SuspectLine:
    number: int
    person_id: UUID  # for the team's page; never in the file
    name: str  # as the reader may see them, on the page; empty in the file
    sex: str  # Male, Female, or Not known
    deceased: bool
    public_prominence: bool
    outcome: str  # the suspect's status now, in words


@dataclass(frozen=True)
class Return:
    operation: Operation
    figures: dict[str, int]
    institution: str
    live: bool
    suspects: list[SuspectLine]

    def csv(self) -> bytes:
        """The return as CSV (UTF-8), one row per suspect; cells a spreadsheet would run
        are written as text."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for line in self.suspects:
            writer.writerow(
                spreadsheet_safe(str(cell))
                for cell in (
                    line.number,
                    line.sex,
                    "Yes" if line.deceased else "No",
                    "Yes" if line.public_prominence else "No",
                    self.institution or "None",
                    "Live" if self.live else "Closed",
                    line.outcome,
                )
            )
        return out.getvalue().encode("utf-8")


def suspect_facts_set(
    *, actor: User, operation: Operation, person_id: UUID, deceased: bool, public_prominence: bool
) -> SuspectFacts:
    """Record whether a suspect of the operation has died or is publicly prominent."""
    require(actor, Action.NOMINAL_STATUS_SET, operation.case, route="suspect_facts_set")
    now = current(operation, person_id)
    if now is None or now.role != "suspect":
        raise ValidationError("These facts are recorded for a suspect of the operation.")
    with transaction.atomic():
        facts, _ = SuspectFacts.objects.update_or_create(
            operation=operation,
            person_id=person_id,
            defaults={
                "deceased": deceased,
                "public_prominence": public_prominence,
                "recorded_by": actor,
            },
        )
        audit.record(
            actor=actor,
            verb=Verb.NOMINAL_STATUS_SET,
            target_type="operation",
            target_id=str(operation.pk),
            subject_person=str(person_id),
            detail={"step": "suspect_facts", "deceased": deceased, "prominent": public_prominence},
        )
    return facts


def operation_return(
    viewer: Viewer, operation_id: int, *, route: str, export: bool = False
) -> Return:
    """The operation's return, for its team (anyone else: the audited 404); audited as
    an export when it leaves the system as a file."""
    operation = operation_of_member(viewer, operation_id, route=route)
    suspects = sorted({s.person_id for s in operation.statuses.filter(role="suspect")}, key=str)
    facts = {f.person_id: f for f in operation.suspects.all()}
    sexes = _sexes(viewer, suspects)
    names = {} if export else names_of(viewer, set(suspects))
    lines = []
    for number, person_id in enumerate(suspects, start=1):
        now = current(operation, person_id)
        known = facts.get(person_id)
        lines.append(
            SuspectLine(
                number,
                person_id,
                "" if export else names.get(person_id, NAME_WITHHELD),
                sexes.get(person_id, "Not known"),
                bool(known and known.deceased),
                bool(known and known.public_prominence),
                lifecycles.WORDS.get(now.status, now.status) if now else "",
            )
        )
    if export:
        audit.record(
            actor=viewer.user,
            verb=Verb.EXPORT,
            target_type="operation_return",
            target_id=str(operation.pk),
            detail={"route": route, "suspects": len(lines), "format": "csv"},
        )
    else:  # the page names the suspects the reader may see
        audit_people(
            viewer,
            target_type="operation_return",
            target_id=str(operation.pk),
            route=route,
            people=[str(p) for p in names],
            detail={"suspects": len(lines)},
        )
    return Return(
        operation,
        operation_figures(operation),
        operation.get_institution_display() if operation.institution else "",
        operation.case.closed_at is None,
        lines,
    )


def _sexes(viewer: Viewer, people: list[UUID]) -> dict[UUID, str]:
    counted: dict[UUID, Counter[str]] = {}
    for person_id, sex in PersonRecord.objects.filter(
        policy.record_q(viewer), person_id__in=people
    ).values_list("person_id", "sex"):
        if sex in SEX_WORDS:
            counted.setdefault(person_id, Counter())[SEX_WORDS[sex]] += 1
    return {p: c.most_common(1)[0][0] for p, c in counted.items()}
