"""A person's timeline filtered by agency, kind of event and period, with counts.

Everything here works on the events the viewer may see (`events.visible_events`), and
only on them: a count is of events shown, never of events withheld, and an agency or a
kind is offered as a filter only when the viewer sees one of its events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from safehub.records.queries.events import EventView, event_label


@dataclass(frozen=True)
class TimelineFilter:
    agency: str = ""  # an agency's code; "": every agency
    kind: str = ""  # an event type; "": every kind
    date_from: date | None = None  # events on or after
    date_to: date | None = None  # events on or before

    @property
    def active(self) -> bool:
        return bool(self.agency or self.kind or self.date_from or self.date_to)

    def _chosen(self) -> list[tuple[str, str]]:
        values = (
            ("agency", self.agency),
            ("kind", self.kind),
            ("date_from", self.date_from),
            ("date_to", self.date_to),
        )
        return [(name, str(value)) for name, value in values if value]

    def as_detail(self) -> dict[str, str]:
        """For the audit row: which filters, no personal data."""
        return dict(self._chosen())

    def as_query(self) -> str:
        """The filters as a page's query string (dates ISO), for links that keep them."""
        return urlencode(self._chosen())

    def in_period(self, event: EventView) -> bool:
        return (self.date_from is None or event.occurred_on >= self.date_from) and (
            self.date_to is None or event.occurred_on <= self.date_to
        )

    def of_agency(self, event: EventView) -> bool:
        return not self.agency or event.source.agency == self.agency

    def of_kind(self, event: EventView) -> bool:
        return not self.kind or event.event_type == self.kind


@dataclass(frozen=True)
class Facet:
    """One choice of a filter: how many of the events shown it would leave."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Timeline:
    events: list[EventView]  # the events that pass the filter, in the order given
    total: int  # the events the viewer may see, unfiltered
    agencies: list[Facet]
    kinds: list[Facet]
    chosen: TimelineFilter

    @property
    def filter_summary(self) -> str:
        """The filters in words ("Northvale Police, crime, from 1 March 2024"), so a
        printed page says what it leaves out; "" when nothing is filtered."""
        chosen = self.chosen
        agencies = {f.value: f.label for f in self.agencies}
        words = [agencies.get(chosen.agency, chosen.agency)] if chosen.agency else []
        if chosen.kind:
            words.append(event_label(chosen.kind))
        period = " ".join(
            f"{word} {day.day} {day:%B %Y}"
            for word, day in (("from", chosen.date_from), ("to", chosen.date_to))
            if day is not None
        )
        return ", ".join([*words, period] if period else words)


def filtered_timeline(events: list[EventView], chosen: TimelineFilter) -> Timeline:
    """The events that pass `chosen`, and the counts of each filter's choices.

    Each choice is counted among the events the *other* filters leave (choosing an
    agency changes the counts of kinds, a period both), as a filter's numbers are read:
    "how many would I see if I chose this"."""
    in_period = [e for e in events if chosen.in_period(e)]
    agencies = _facets(
        events,
        [e for e in in_period if chosen.of_kind(e)],
        key=lambda e: e.source.agency,
        label=lambda e: e.source.agency_name,
    )
    kinds = _facets(
        events,
        [e for e in in_period if chosen.of_agency(e)],
        key=lambda e: e.event_type,
        label=lambda e: event_label(e.event_type),
    )
    shown = [e for e in in_period if chosen.of_agency(e) and chosen.of_kind(e)]
    return Timeline(shown, len(events), agencies, kinds, chosen)


def _facets(
    every: list[EventView],
    counted: list[EventView],
    *,
    key: Callable[[EventView], str],
    label: Callable[[EventView], str],
) -> list[Facet]:
    """A choice for each value among all the events the viewer may see (so a choice
    made stays offered when other filters leave none of it), counted among `counted`."""
    labels = {key(e): label(e) for e in every}
    counts = Counter(key(e) for e in counted)
    return [
        Facet(value, labels[value], counts[value])
        for value in sorted(labels, key=lambda v: labels[v].lower())
    ]
