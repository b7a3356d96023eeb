"""The events of one person that the viewer may see, each once, newest first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, QuerySet

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.records.models import Event, EventPerson, Person
from safehub.records.queries.sources import Source, SourceBook

# Labels a practitioner would write, where the vocabulary's own words read badly.
EVENT_LABELS = {"ae_attendance": "A&E attendance"}


def event_label(event_type: str) -> str:
    return EVENT_LABELS.get(event_type, event_type.replace("_", " "))


@dataclass(frozen=True)
class EventView:
    event_type: str
    label: str
    occurred_on: date
    occurred_at: datetime | None
    ended_on: date | None
    role: str  # the person's roles in it, comma-separated
    summary: str
    sensitivity: str
    grading: str
    location: str  # "": none, or withheld (protected details)
    source: Source
    event_id: str  # the agency's own reference for the event
    # The agency's record of the person the event is filed under, when the viewer may
    # see that record; "" otherwise (naming it would say a hidden record exists).
    record_id: str

    @property
    def role_label(self) -> str:
        return self.role.replace("_", " ")

    @property
    def sensitivity_label(self) -> str:
        return self.sensitivity.replace("_", " ")


def visible_event_links(viewer: Viewer, person: Person) -> QuerySet[EventPerson]:
    """The person's event links whose event the viewer may see."""
    event_filter = policy.fact_q(
        viewer,
        agency="event__agency_id",
        sensitivity="event__sensitivity",
        person_id=person.pk,
    )
    return EventPerson.objects.filter(event_filter, record__person=person)


def _newest_first(viewer: Viewer, person: Person) -> list[EventPerson]:
    return list(
        visible_event_links(viewer, person)
        .select_related("event", "event__location")
        .order_by(
            "-event__occurred_on",
            F("event__occurred_at").desc(nulls_last=True),
            "event__event_id",
            "pk",
        )
    )


def visible_events(
    viewer: Viewer,
    person: Person,
    *,
    record_ids: dict[int, str],
    book: SourceBook,
    contact_allowed: Callable[[int], bool],
) -> list[EventView]:
    """One view per event (an event filed under two of the person's records is one
    event, with both roles); a location only where the contact rule allows it.
    `record_ids`: the agency's ids of the person's records the viewer may see, by pk."""
    links = _newest_first(viewer, person)
    book.learn(link.event for link in links)
    by_event: dict[int, list[EventPerson]] = {}
    for link in links:
        by_event.setdefault(link.event_id, []).append(link)
    return [_view(group, record_ids, book, contact_allowed) for group in by_event.values()]


def _view(
    links: list[EventPerson],
    record_ids: dict[int, str],
    book: SourceBook,
    contact_allowed: Callable[[int], bool],
) -> EventView:
    e: Event = links[0].event
    location = ""
    if e.location is not None and contact_allowed(e.agency_id):
        location = e.location.name or e.location.postcode
    roles = list(dict.fromkeys(link.role for link in links if link.role))
    record_id = next(
        (record_ids[link.record_id] for link in links if link.record_id in record_ids), ""
    )
    return EventView(
        event_type=e.event_type,
        label=event_label(e.event_type),
        occurred_on=e.occurred_on,
        occurred_at=e.occurred_at,
        ended_on=e.ended_on,
        role=", ".join(roles),
        summary=e.summary,
        sensitivity=e.sensitivity,
        grading=e.grading,
        location=location,
        source=book.source(e),
        event_id=e.event_id,
        record_id=record_id,
    )
