"""A person's addresses: the current one apart from the previous ones, each with its
dates, and the other places they are linked to (a school, a place they frequent).

The dates are those of the person_locations rows (`valid_from`, `valid_to`: an agency's
"from" and "to"); a Location itself has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from safehub.records.queries.sources import Source

# The relations of a person to a place that are where they live.
ADDRESS_RELATIONS = ("home", "placement")


class DatedLink(Protocol):
    """A person_locations row the viewer may see (the profile's LinkView)."""

    @property
    def relation(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def source(self) -> Source: ...


@dataclass(frozen=True)
class PlaceLine:
    """A place, once, with every source that gives it with these dates."""

    relation: str
    label: str
    valid_from: date | None
    valid_to: date | None
    sources: tuple[Source, ...]

    @property
    def agency_names(self) -> list[str]:
        return list(dict.fromkeys(s.agency_name for s in self.sources))


@dataclass(frozen=True)
class Addresses:
    current: PlaceLine | None = None
    previous: list[PlaceLine] = field(default_factory=list)
    other_places: list[PlaceLine] = field(default_factory=list)


def addresses_from(links: Sequence[DatedLink], today: date) -> Addresses:
    """The person's addresses (homes and placements) and other places, from `links`.

    The *current* address is, of the addresses that have started (no start date, or one
    on or before `today`) and not ended (no end date, or one on or after `today`), the
    one that started latest; an address with no start date counts as the oldest. With
    no such address there is no current one. Every other address is *previous*, latest
    start first: agencies seldom record the end of an address when someone moves, so an
    older address with no end is taken as left, not as a second current one (the page
    says its end is not recorded). One recorded as starting after `today` is listed
    there too, with its dates."""
    homes = _lines(link for link in links if link.relation in ADDRESS_RELATIONS)
    live = [line for line in homes if _live(line, today)]
    current = max(live, key=_start) if live else None
    previous = sorted((line for line in homes if line is not current), key=_start, reverse=True)
    others = sorted(
        _lines(link for link in links if link.relation not in ADDRESS_RELATIONS),
        key=lambda line: (line.relation, _start(line)),
    )
    return Addresses(current, previous, others)


def _start(line: PlaceLine) -> date:
    return line.valid_from or date.min


def _live(line: PlaceLine, today: date) -> bool:
    started = line.valid_from is None or line.valid_from <= today
    return started and (line.valid_to is None or line.valid_to >= today)


def _lines(links: Iterable[DatedLink]) -> list[PlaceLine]:
    """One line per place and dates, with the sources of every row that gives it."""
    grouped: dict[tuple[str, str, date | None, date | None], list[Source]] = {}
    for link in links:
        key = (link.relation, link.label, link.valid_from, link.valid_to)
        grouped.setdefault(key, []).append(link.source)
    return [PlaceLine(*key, sources=tuple(sources)) for key, sources in grouped.items()]
