"""The figures of what agencies report: quick concerns received, by the kind of agency
that passed them on, and return home interviews within 72 hours of a missing child's
return.

A concern is its author's agency's intelligence, and so is its own to see: its author
(whatever their role), the author's agency, and whoever the policy lets see the records
it became. An episode is the
recording agency's general fact: seen as the missing pages see it (`episodes_seen`),
its interview as the interviewer's. The hub of both is that of the user who recorded them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.agencies.models import AgencyType
from safehub.concerns.models import Concern
from safehub.dashboard.queries.scope import (
    Filters,
    Item,
    Row,
    local_day,
    people_q,
    seen_people_q,
    users_in_hub,
)
from safehub.missing.models import RHI_DUE_WITHIN, MissingEpisode
from safehub.missing.queries import episodes_seen, interview_seen
from safehub.network.queries.people import names_of
from safehub.records.models import Event


def _seen_extracts(viewer: Viewer) -> QuerySet[Event, Any]:
    """The extracts holding an event the viewer sees (what a concern or episode became)."""
    return Event.objects.filter(policy.fact_q(viewer, person="people__record__person_id")).values(
        "extract_id"
    )


class Concerns:
    """Concerns received in the week, by the kind of agency of the person who passed them
    on (the partner organisations' own accounts among them). A district is where the
    thing was seen."""

    SERIES = dict(AgencyType.choices)

    def _chosen(self, filters: Filters) -> QuerySet[Concern]:
        concerns = Concern.objects.filter(
            submitted_at__gte=filters.since(), submitted_at__lt=filters.until()
        )
        if filters.hub is not None:
            concerns = concerns.filter(author__in=users_in_hub(filters.hub))
        if filters.district:
            concerns = concerns.filter(postcode__istartswith=f"{filters.district} ")
        return concerns

    def items(self, filters: Filters) -> list[Item]:
        return [
            Item(f"concern:{pk}", kind, local_day(at))
            for pk, kind, at in self._chosen(filters).values_list(
                "pk", "agency__type", "submitted_at"
            )
        ]

    def seen(self, viewer: Viewer, filters: Filters) -> set[str]:
        mine = Q(author_id=viewer.user_id)  # a partner's account too: its own submissions
        if viewer.sees_personal_data:
            mine |= Q(agency_id=viewer.agency_id) | Q(extract_id__in=_seen_extracts(viewer))
        return {
            f"concern:{pk}"
            for pk in self._chosen(filters).filter(mine).values_list("pk", flat=True)
        }

    def rows(self, viewer: Viewer, items: list[Item]) -> list[Row]:
        concerns = {
            f"concern:{c.pk}": c
            for c in Concern.objects.filter(
                pk__in=[i.key.split(":", 1)[1] for i in items]
            ).select_related("agency")
        }
        rows = []
        for item in items:
            concern = concerns.get(item.key)
            if concern is None:
                continue
            href = (
                reverse("concern_detail", kwargs={"reference": concern.reference})
                if concern.author_id == viewer.user_id
                else ""
            )
            detail = f"{concern.agency.name} · seen on {concern.seen_on:%-d %b %Y}"
            rows.append(Row(item.on, concern.reference, href, self.SERIES[item.series], detail))
        return rows


class ReturnInterviews:
    """Children back from a missing episode in the week, and whether a return home
    interview was offered, and held, within 72 hours of their return. A district is the
    child's (by their records)."""

    SERIES = {
        "returned": "Children back from missing",
        "offered": "Interview offered within 72 hours",
        "held": "Interview held within 72 hours",
    }

    def _chosen(self, filters: Filters) -> QuerySet[MissingEpisode]:
        episodes = MissingEpisode.objects.filter(
            people_q(filters, "person_id"),
            returned_at__gte=filters.since(),
            returned_at__lt=filters.until(),
        )
        if filters.hub is not None:
            episodes = episodes.filter(recorded_by__in=users_in_hub(filters.hub))
        return episodes

    def items(self, filters: Filters) -> list[Item]:
        items = []
        for pk, person, back, offered, held, outcome in self._chosen(filters).values_list(
            "pk",
            "person_id",
            "returned_at",
            "interview__offered_at",
            "interview__held_at",
            "interview__outcome",
        ):
            if back is None:  # the filter asks for a return: never, but typed so
                continue
            key, on = f"episode:{pk}", local_day(back)
            items.append(Item(key, "returned", on, person))
            if _in_time(back, offered):
                items.append(Item(key, "offered", on, person))
            if outcome == "held" and _in_time(back, held):
                items.append(Item(key, "held", on, person))
        return items

    def seen(self, viewer: Viewer, filters: Filters) -> set[str]:
        episodes = episodes_seen(
            viewer, self._chosen(filters).filter(seen_people_q(viewer, filters, "person_id"))
        )
        return {f"episode:{pk}" for pk in episodes.values_list("pk", flat=True)}

    def rows(self, viewer: Viewer, items: list[Item]) -> list[Row]:
        episodes = {
            f"episode:{e.pk}": e
            for e in MissingEpisode.objects.filter(
                pk__in=[i.key.split(":", 1)[1] for i in items]
            ).select_related("interview")
        }
        names = names_of(viewer, {i.person_id for i in items if i.person_id})
        rows = []
        for item in items:
            episode = episodes.get(item.key)
            if episode is None or item.person_id not in names:
                continue
            href = reverse("person_missing", kwargs={"person_id": item.person_id})
            words = (
                _interview_words(episode)
                if episode_has_no_interview(episode) or interview_seen(viewer, episode)
                else "Interview recorded by another agency"
            )
            rows.append(
                Row(
                    item.on,
                    names[item.person_id],
                    href,
                    self.SERIES[item.series],
                    words,
                    item.person_id,
                )
            )
        return rows


def _in_time(back: datetime, then: datetime | None) -> bool:
    return then is not None and then <= back + RHI_DUE_WITHIN


def episode_has_no_interview(episode: MissingEpisode) -> bool:
    return getattr(episode, "interview", None) is None


def _interview_words(episode: MissingEpisode) -> str:
    interview = getattr(episode, "interview", None)
    if interview is None or episode.returned_at is None:
        return "No interview recorded"
    hours = int((interview.offered_at - episode.returned_at).total_seconds() // 3600)
    if interview.outcome == "held" and interview.held_at is not None:
        held = int((interview.held_at - episode.returned_at).total_seconds() // 3600)
        return f"Offered {hours} hours after the return; held {held} hours after"
    return f"Offered {hours} hours after the return; declined by the child"
