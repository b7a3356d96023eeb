"""What the dashboard's filters select, and what of it a viewer may see.

A figure counts everything the hub holds (a count is not a disclosure of anyone; small
ones are suppressed), so its filters read every record: a young person is in a hub when
an agency of that hub holds a record of them, and in a postcode district when one of
their records has an address there. A list of the people behind a figure names only
those the viewer may open, and puts them in a district only by a record the viewer may
see (with its address: a protected person's only for their own agency or survivor-side
case team), as the triage queue does — a district read from a hidden record would say
what that record holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.agencies.hubs import in_hub_q
from safehub.agencies.models import Agency, User
from safehub.dashboard.periods import Period
from safehub.records.models import PersonRecord
from safehub.records.queries.visible import visible_persons


@dataclass(frozen=True)
class Filters:
    period: Period
    hub: int | None = None  # None: every hub of the partnership
    district: str = ""  # a postcode district (outward code), upper case: "NV3"

    def since(self) -> datetime:
        """The period's first moment, in the hub's time zone."""
        return _midnight(self.period.start)

    def until(self) -> datetime:
        """The moment after the period's last day."""
        return _midnight(self.period.end + timedelta(days=1))


@dataclass(frozen=True)
class Item:
    """One thing a figure counts: a flag, a person, an episode, a concern, an action."""

    key: str  # what is counted once per column: "flag:12", "person:<uuid>", …
    series: str
    on: date
    person_id: UUID | None = None
    category: str = ""  # the column of a figure that is not over time (an agency's id)
    value: float | None = None  # a measure, for a median (days)
    # What the viewer must be able to see for this item to be theirs (defaults to `key`):
    # a nominal's operation and person, say.
    seen_as: str = ""

    @property
    def witness(self) -> str:
        return self.seen_as or self.key


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def people_q(filters: Filters, path: str) -> Q:
    """The things whose person (at `path`) is in the filters' hub and district, by any
    record. Things with no person pass the hub filter (it is theirs to apply) and fail a
    district. (Asked per thing, by the records' index on their person: a figure's things
    are few beside the hub's records.)"""
    selected = Q()
    records = PersonRecord.objects.filter(person_id=OuterRef(path))
    if filters.hub is not None:
        agencies = Agency.objects.filter(hub_id=filters.hub).values_list("pk", flat=True)
        selected &= Q(Exists(records.filter(agency_id__in=list(agencies))))
    if filters.district:
        selected &= Q(Exists(records.filter(postcode__istartswith=f"{filters.district} ")))
    return selected


def seen_people_q(viewer: Viewer, filters: Filters, path: str) -> Q:
    """Things whose person (at `path`) the viewer may open and, given a district, puts
    there by a record they see with its address."""
    if not viewer.sees_personal_data:
        return policy.NONE
    seen = Q(Exists(visible_persons(viewer).filter(pk=OuterRef(path))))
    if filters.district:
        contact = (
            Q(person__protected_details=False)
            | Q(agency_id=viewer.agency_id)
            | Q(person_id__in=sorted(viewer.survivor_side, key=str))
        )
        there = PersonRecord.objects.filter(
            policy.record_q(viewer), contact, postcode__istartswith=f"{filters.district} "
        )
        seen &= Q(**{f"{path}__in": there.values("person_id")})
    return seen


def users_in_hub(hub_id: int) -> QuerySet[User]:
    """The users who work in the hub (agencies.hubs: their team's, or their agency's)."""
    return User.objects.filter(in_hub_q(hub_id))


@dataclass(frozen=True)
class Row:
    """One line of a figure's list, as the viewer may see it."""

    on: date
    name: str  # a person as the viewer's records name them, a concern's reference, …
    href: str  # where to open it; "" when it is not the viewer's to open
    what: str  # the series' words
    detail: str = ""
    person_id: UUID | None = None  # the person it names, for the audit


class Source(Protocol):
    """The things behind one figure: all of them (to count), the ones the viewer may
    see (as `Item.witness` keys), and the lines of a list naming some of those."""

    SERIES: dict[str, str]  # the series it counts, and their words, in the figure's order

    def items(self, filters: Filters) -> list[Item]: ...

    def seen(self, viewer: Viewer, filters: Filters) -> set[str]: ...

    def rows(self, viewer: Viewer, items: list[Item]) -> list[Row]: ...


class Categorised(Source, Protocol):
    """A source whose figure's columns are categories (agencies), not weeks."""

    def labels(self, categories: set[str]) -> dict[str, str]: ...
