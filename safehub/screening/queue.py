"""The triage queue for the hub's daily meeting: flags waiting for a decision — new, with
new evidence, or monitored and due for review — harm first, then score.

Only flags of young people the viewer may open are listed, and every filter reads only
records the viewer may see (a filter on another agency's hidden record would tell who
holds it). Each row carries its reasons: no score without the rules behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network.models import NetworkMember
from safehub.network.queries.overview import tied_within
from safehub.records.models import PersonRecord
from safehub.records.queries.visible import visible_persons
from safehub.screening import evidence
from safehub.screening.models import Flag, Screening

# Age today, from a record the viewer may see: the meeting acts for children now.
AGE_BANDS = {"under-13": (0, 13), "13-15": (13, 16), "16-17": (16, 18), "18-plus": (18, 150)}


@dataclass(frozen=True)
class Filters:
    hub: int | None = None
    district: str = ""  # a postcode district (outward code), e.g. "M14"
    agency: int | None = None  # agency holding a record the viewer may see
    age: str = ""  # a key of AGE_BANDS


@dataclass(frozen=True)
class QueueRow:
    flag_id: int
    person_id: UUID
    name: str
    date_of_birth: str
    status: str  # new, new evidence, review due
    harm: bool
    score: float
    reasons: list[str]  # the rules' words, as the viewer may be told them (evidence.reasons)
    raised_on: date
    new_evidence: int  # matches since the last decision
    # A member of a network around suspects in the last build, tied to another member
    # by what the viewer may see.
    in_network: bool = False


NOT_NOW = "No longer reaches review under the current rules (see the decisions)"


def waiting(today: date) -> Q:
    return Q(status__in=Flag.OPEN) | Q(status=Flag.Status.MONITOR, review_on__lte=today)


def queue_flags(viewer: Viewer, filters: Filters = Filters()) -> QuerySet[Flag]:
    """The flags waiting for the viewer's meeting, in the order it takes them."""
    today = timezone.localdate()
    flags = Flag.objects.filter(waiting(today), person__in=visible_persons(viewer))
    seen = PersonRecord.objects.filter(policy.record_q(viewer), person_id=OuterRef("person_id"))
    if filters.hub is not None:
        flags = flags.filter(Exists(seen.filter(agency__hub_id=filters.hub)))
    if filters.agency is not None:
        flags = flags.filter(Exists(seen.filter(agency_id=filters.agency)))
    if filters.district:
        contact = (
            Q(person__protected_details=False)
            | Q(agency_id=viewer.agency_id)
            | Q(person_id__in=sorted(viewer.survivor_side, key=str))
        )
        flags = flags.filter(
            Exists(seen.filter(contact, postcode__istartswith=f"{filters.district} "))
        )
    if filters.age in AGE_BANDS:
        flags = flags.filter(Exists(seen.filter(_age_q(filters.age, today))))
    return flags.order_by("-harm", "-score", "raised_on", "pk")


def _age_q(band: str, today: date) -> Q:
    """A full date of birth putting the person in the band today (ISO dates compare as
    text; a partial date of birth says too little to filter by)."""
    low, high = AGE_BANDS[band]
    youngest, oldest = _years_before(today, low), _years_before(today, high)
    return Q(date_of_birth__regex=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$") & Q(
        date_of_birth__lte=youngest.isoformat(), date_of_birth__gt=oldest.isoformat()
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def queue_rows(viewer: Viewer, flags: list[Flag], *, route: str = "triage_queue") -> list[QueueRow]:
    """The rows the viewer sees for `flags` (names and dates of birth from their visible
    records); audited as a view of those people."""
    ids = [flag.person_id for flag in flags]
    records = PersonRecord.objects.filter(policy.record_q(viewer), person_id__in=ids)
    names: dict[UUID, tuple[str, str]] = {}
    # The viewer's own agency's spelling first: the one they know.
    for r in sorted(records, key=lambda r: (r.agency_id != viewer.agency_id, r.pk)):
        name = f"{r.given_names} {r.family_name}".strip()
        if r.person_id not in names or (name and not names[r.person_id][0]):
            names[r.person_id] = (name, r.date_of_birth)
    if ids:
        audit.record(
            actor=viewer.user,
            verb=Verb.VIEW,
            target_type="person_list",
            detail={"route": route, "persons": [str(i) for i in ids]},
        )
    today = timezone.localdate()
    told = evidence.reasons(viewer, Screening.objects.filter(person_id__in=ids))
    members = NetworkMember.objects.filter(person_id__in=ids).values_list("node", flat=True)
    # Marked only where the viewer sees her tied to another member: being in a network
    # is itself a tie, not to be told from facts they may not see.
    networked = {
        UUID(node.removeprefix("person:"))
        for _, node in (tied_within(viewer, set(members)) if members else set())
    }
    return [
        QueueRow(
            flag.pk,
            flag.person_id,
            names.get(flag.person_id, ("", ""))[0] or "Name withheld",
            names.get(flag.person_id, ("", ""))[1],
            _status(flag, today),
            flag.harm,
            flag.score,
            told.get(flag.person_id, [NOT_NOW]),
            flag.raised_on,
            len(flag.new_evidence),
            flag.person_id in networked,
        )
        for flag in flags
    ]


def _status(flag: Flag, today: date) -> str:
    if flag.status == Flag.Status.MONITOR:
        return "Review due"
    return str(flag.get_status_display())
