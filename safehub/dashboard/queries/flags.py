"""The screening figures: flags raised and reviewed, the time from a flag to its first
triage outcome, and the young people the meeting identified and safeguarded.

A flag is counted in the week it reached the hub's triage (`raised_at`: on a hub that
screens daily, the day screening first reached review; a first screening of old records
raises its backlog on the day it ran), a review in the week of the decision. A flag is
the viewer's to see when they may open its young person (the triage queue's rule)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Min
from django.urls import reverse

from safehub.access.policy import Viewer
from safehub.dashboard.queries.scope import (
    Filters,
    Item,
    Row,
    local_day,
    people_q,
    seen_people_q,
)
from safehub.network.queries.people import names_of
from safehub.screening.models import Flag, FlagDecision

# Outcomes that say the meeting found a young person at risk (all but no further action),
# and the one that puts work with them in place.
IDENTIFIED = tuple(o for o in FlagDecision.Outcome if o != FlagDecision.Outcome.NFA)
SAFEGUARDED = (FlagDecision.Outcome.OPEN_TO_CST,)


def _key(flag_id: int) -> str:
    return f"flag:{flag_id}"


def _seen_flags(viewer: Viewer, filters: Filters) -> set[str]:
    flags = Flag.objects.filter(seen_people_q(viewer, filters, "person_id"))
    return {_key(pk) for pk in flags.values_list("pk", flat=True)}


def _flag_rows(viewer: Viewer, items: list[Item], words: dict[str, str]) -> list[Row]:
    names = names_of(viewer, {i.person_id for i in items if i.person_id})
    return [
        Row(
            item.on,
            names[item.person_id],
            reverse("person_screening", kwargs={"person_id": item.person_id}),
            words[item.series],
            "" if item.value is None else f"{item.value:g} days",
            item.person_id,
        )
        for item in items
        if item.person_id in names
    ]


class FlagsRaisedReviewed:
    SERIES = {"raised": "Flags raised", "reviewed": "Flags reviewed at triage"}

    def items(self, filters: Filters) -> list[Item]:
        chosen = people_q(filters, "person_id")
        raised = Flag.objects.filter(
            chosen, raised_at__gte=filters.since(), raised_at__lt=filters.until()
        ).values_list("pk", "person_id", "raised_at")
        reviewed = FlagDecision.objects.filter(
            people_q(filters, "flag__person_id"),
            decided_at__gte=filters.since(),
            decided_at__lt=filters.until(),
        ).values_list("flag_id", "flag__person_id", "decided_at")
        return [
            *(Item(_key(pk), "raised", local_day(at), person) for pk, person, at in raised),
            *(Item(_key(pk), "reviewed", local_day(at), person) for pk, person, at in reviewed),
        ]

    def seen(self, viewer: Viewer, filters: Filters) -> set[str]:
        return _seen_flags(viewer, filters)

    def rows(self, viewer: Viewer, items: list[Item]) -> list[Row]:
        return _flag_rows(viewer, items, self.SERIES)


class TriageTime:
    """Days from a flag reaching triage to its first outcome, by the week of the outcome."""

    SERIES = {"days": "First triage outcome"}

    def items(self, filters: Filters) -> list[Item]:
        decided = (
            Flag.objects.filter(people_q(filters, "person_id"))
            .annotate(first=Min("decisions__decided_at"))
            .filter(first__gte=filters.since(), first__lt=filters.until())
            .values_list("pk", "person_id", "raised_at", "first")
        )
        items = []
        for pk, person, raised_at, first in decided:
            on = local_day(first)
            days = max(0, (on - local_day(raised_at)).days)
            items.append(Item(_key(pk), "days", on, person, value=float(days)))
        return items

    def seen(self, viewer: Viewer, filters: Filters) -> set[str]:
        return _seen_flags(viewer, filters)

    def rows(self, viewer: Viewer, items: list[Item]) -> list[Row]:
        return _flag_rows(viewer, items, self.SERIES)


class YoungPeople:
    """Young people the meeting identified as at risk (a first outcome other than no
    further action) and safeguarded (opened to the complex safeguarding team), each in
    the week it was first decided."""

    SERIES = {
        "identified": "Identified at risk at triage",
        "safeguarded": "Opened to the complex safeguarding team",
    }

    def items(self, filters: Filters) -> list[Item]:
        return [
            *self._first("identified", IDENTIFIED, filters),
            *self._first("safeguarded", SAFEGUARDED, filters),
        ]

    def _first(self, series: str, outcomes: Iterable[str], filters: Filters) -> list[Item]:
        firsts = (
            FlagDecision.objects.filter(
                people_q(filters, "flag__person_id"), outcome__in=list(outcomes)
            )
            .values("flag_id", "flag__person_id")
            .annotate(first=Min("decided_at"))
            .filter(first__gte=filters.since(), first__lt=filters.until())
            .values_list("flag_id", "flag__person_id", "first")
        )
        return [Item(_key(pk), series, local_day(first), person) for pk, person, first in firsts]

    def seen(self, viewer: Viewer, filters: Filters) -> set[str]:
        return _seen_flags(viewer, filters)

    def rows(self, viewer: Viewer, items: list[Item]) -> list[Row]:
        return _flag_rows(viewer, items, self.SERIES)
