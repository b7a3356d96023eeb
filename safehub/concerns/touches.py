"""Quick concerns in the triage queue: the recent ones that touch what the hub knows — a
young person screening has flagged, a known suspect, or a place or thing tied to either.

A concern is listed to a viewer only when they may see its record, and each reason only
when they may see the facts it rests on: the flag of a young person they may open, a
suspect's role in an event they may see, a person's tie to a vehicle or phone they may
see, someone's presence at a place they may see. A reason the viewer may not see is
simply absent (saying "something you may not see" would say who holds it). Read after
each link run has put the concern's records with the hub's people and things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from django.db.models import Q

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import Event, EventObject, EventPerson, PersonObject
from safehub.records.queries.visible import visible_persons
from safehub.screening.models import Flag
from safehub.screening.sections import Section
from safehub.things import SHARED_PREMISES

RECENT = timedelta(days=30)
MOST = 100


@dataclass
class ConcernRow:
    event_pk: int
    reference: str
    agency: str
    occurred_on: date
    summary: str
    reasons: list[str] = field(default_factory=list)
    # People the viewer may open that the concern names: (person id, why), for links.
    people: list[tuple[UUID, str]] = field(default_factory=list)


def _event_seen(viewer: Viewer, prefix: str = "") -> Q:
    return policy.fact_q(
        viewer,
        agency=f"{prefix}agency_id",
        sensitivity=f"{prefix}sensitivity",
        person=f"{prefix}people__record__person_id",
    )


def _link_seen(viewer: Viewer) -> Q:
    """An event's link to a person, seen as the event is (about that person)."""
    return policy.fact_q(
        viewer,
        agency="event__agency_id",
        sensitivity="event__sensitivity",
        person="record__person_id",
    )


def _known(viewer: Viewer) -> tuple[set[UUID], set[UUID]]:
    """(flagged, suspects): young people with a flag the viewer may open, and people the
    viewer sees named as a suspect in an event."""
    flagged = set(
        Flag.objects.filter(person__in=visible_persons(viewer)).values_list("person_id", flat=True)
    )
    suspects = set(
        EventPerson.objects.filter(_link_seen(viewer), role="suspect")
        .values_list("record__person_id", flat=True)
        .distinct()
    )
    return flagged, suspects


def _who(person_id: UUID, flagged: set[UUID], suspects: set[UUID]) -> str:
    if person_id in suspects:
        return "a known suspect"
    return "a young person screening has flagged" if person_id in flagged else ""


def concerns_touching(viewer: Viewer, today: date) -> list[ConcernRow]:
    """The viewer's view of the recent concerns that touch what the hub knows, newest first."""
    if not viewer.sees_personal_data:
        return []
    events = list(
        Event.objects.filter(
            _event_seen(viewer),
            event_type="community_concern",
            extract__concern__isnull=False,
            occurred_on__gte=today - RECENT,
        )
        .select_related("agency", "location")
        .distinct()
        .order_by("-occurred_on", "-pk")[:MOST]
    )
    if not events:
        return []
    flagged, suspects = _known(viewer)
    rows = []
    for event in events:
        row = ConcernRow(event.pk, event.event_id, event.agency.name, event.occurred_on,
                         event.summary[:300])  # fmt: skip
        _people(row, event, flagged, suspects)
        _things(viewer, row, event, flagged, suspects)
        _place(viewer, row, event, flagged, suspects)
        if row.reasons:
            rows.append(row)
    return rows


def _people(row: ConcernRow, event: Event, flagged: set[UUID], suspects: set[UUID]) -> None:
    named = EventPerson.objects.filter(event=event).values_list("record__person_id", flat=True)
    for person_id in named:
        who = _who(person_id, flagged, suspects)
        if who:
            row.reasons.append(f"Names {who}")
            row.people.append((person_id, who))


def _things(
    viewer: Viewer, row: ConcernRow, event: Event, flagged: set[UUID], suspects: set[UUID]
) -> None:
    seen = EventObject.objects.filter(event=event).select_related("object")
    for link in seen:
        thing = link.object
        if not thing.normalized_value:
            continue
        same = Q(object__object_type=thing.object_type,
                 object__normalized_value=thing.normalized_value)  # fmt: skip
        holders = set(
            PersonObject.objects.filter(
                same,
                policy.fact_q(
                    viewer, sensitivity="record__sensitivity", person="record__person_id"
                ),
                record__person_id__in=sorted(flagged | suspects, key=str),
            ).values_list("record__person_id", flat=True)
        )
        at_crimes = EventPerson.objects.filter(
            _link_seen(viewer),
            role="suspect",
            event__object_links__object__object_type=thing.object_type,
            event__object_links__object__normalized_value=thing.normalized_value,
        ).exclude(event=event)
        label = thing.get_object_type_display()
        if holders & suspects or at_crimes.exists():
            row.reasons.append(f"The {label} {thing.value} is tied to a known suspect")
        elif holders & flagged:
            row.reasons.append(
                f"The {label} {thing.value} is tied to a young person screening has flagged"
            )


def _place(
    viewer: Viewer, row: ConcernRow, event: Event, flagged: set[UUID], suspects: set[UUID]
) -> None:
    place = event.location
    if place is None or place.premises_type not in SHARED_PREMISES or not place.postcode:
        return
    code = "".join(place.postcode.split()).upper()
    spellings = {code, f"{code[:-3]} {code[-3:]}"}
    there = set(
        EventPerson.objects.filter(
            _link_seen(viewer),
            event__location__premises_type=place.premises_type,
            event__location__postcode__in=sorted(spellings),
            record__person_id__in=sorted(flagged | suspects, key=str),
        )
        .exclude(event=event)
        .values_list("record__person_id", flat=True)
    )
    if there & suspects:
        row.reasons.append("At a place where a known suspect has been")
    elif there & flagged:
        row.reasons.append("At a place where a young person screening has flagged has been")


def triage_section(viewer: Viewer, today: date) -> Section | None:
    """The queue's section of concerns; audited with the concerns and people it shows."""
    rows = concerns_touching(viewer, today)
    if not rows:
        return None
    audit.record(
        actor=viewer.user,
        verb=Verb.VIEW,
        target_type="concern_triage",
        detail={
            "concerns": [row.reference for row in rows][:50],
            "people": sorted({str(p) for row in rows for p, _ in row.people})[:50],
        },
    )
    return Section(template="concerns/_triage.html", context={"concern_rows": rows})
