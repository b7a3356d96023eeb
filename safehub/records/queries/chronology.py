"""The multi-agency chronology of one person: what happened, in date order, from every
agency — only what the viewer may see (the events of their timeline, by the same rule and
the same filters). Opening it is audited as its own verb; downloading it, as an export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.utils import timezone

from safehub.access.policy import Viewer
from safehub.audit.models import Verb
from safehub.records.queries.events import EventView, visible_events
from safehub.records.queries.opening import person_opened, record_opening
from safehub.records.queries.sources import SourceBook
from safehub.records.queries.timeline import Timeline, TimelineFilter, filtered_timeline
from safehub.records.queries.visible import contact_allowed, display_name, visible_records


@dataclass(frozen=True)
class ChronologyRow:
    occurred_on: date
    occurred_at: datetime | None
    ended_on: date | None
    agency_name: str
    label: str  # the kind of event, in words
    role: str  # the person's part in it
    summary: str
    location: str  # "": none, or withheld
    event_id: str  # the agency's reference for the event
    record_id: str  # the agency's record of the person, "" when the viewer may not see it

    @property
    def role_label(self) -> str:
        return self.role.replace("_", " ")


@dataclass(frozen=True)
class Chronology:
    person_id: UUID
    display_name: str
    rows: list[ChronologyRow]  # oldest first
    timeline: Timeline  # the filters and their counts (rows: its events)
    produced_for: str  # the viewer, by name, and their agency
    produced_at: datetime


def person_chronology(
    viewer: Viewer, person_id: UUID, chosen: TimelineFilter, *, export: bool = False
) -> Chronology:
    """The chronology as the viewer may see it, filtered by `chosen`; a person the viewer
    may not open is the 404 of a missing one (audited as a refusal). Audited, before it is
    returned, as `chronology_viewed` or (`export`) `export`, with the filters and the
    number of rows (never their content)."""
    route = "person_chronology_csv" if export else "person_chronology"
    opened = person_opened(viewer, person_id, route=route)
    person = opened.person
    records = visible_records(viewer, person)
    book = SourceBook()
    events = visible_events(
        viewer,
        person,
        record_ids={r.pk: r.record_id for r in records},
        book=book,
        contact_allowed=lambda agency_id: contact_allowed(viewer, person, agency_id),
    )
    timeline = filtered_timeline(events, chosen)
    rows = [_row(e) for e in sorted(timeline.events, key=_date_order)]
    record_opening(
        viewer,
        opened,
        route=route,
        verb=Verb.EXPORT if export else Verb.CHRONOLOGY_VIEWED,
        detail={"filters": chosen.as_detail(), "rows": len(rows)}
        | ({"format": "csv"} if export else {}),
    )
    return Chronology(
        person.pk, display_name(records), rows, timeline, _who(viewer), timezone.now()
    )


def _who(viewer: Viewer) -> str:
    user = viewer.user
    name = user.display_name
    return f"{name}, {user.agency.name}" if user.agency is not None else name


def _date_order(event: EventView) -> tuple[date, bool, float, str]:
    """By date; on one day, an event with no time first, then by time."""
    at = event.occurred_at
    return (event.occurred_on, at is not None, at.timestamp() if at else 0.0, event.event_id)


def _row(event: EventView) -> ChronologyRow:
    return ChronologyRow(
        occurred_on=event.occurred_on,
        occurred_at=event.occurred_at,
        ended_on=event.ended_on,
        agency_name=event.source.agency_name,
        label=event.label,
        role=event.role,
        summary=event.summary,
        location=event.location,
        event_id=event.event_id,
        record_id=event.record_id,
    )
