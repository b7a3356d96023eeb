"""The reads of missing children beyond one child's page: an episode for an action, the
overdue return home interviews of a user's children (their home page), and the hub's
episodes and interviews by agency (the missing page).

An episode is its recording agency's fact, an interview its interviewer's (of general
sensitivity, as the records they become): the policy says who sees them. Lists hold only
episodes the viewer sees of children they may open; a figure counts every episode, and
is exact only when the viewer sees everyone behind it (or it is 0) — else 1 to 4 is
"fewer than 5" and more is rounded to 5, so figures and lists cannot be subtracted to
give a small number (docs/security.md #30). Every page naming people is audited first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from django.db.models import CharField, Q, QuerySet, Value

from safehub.access import policy
from safehub.access.policy import Viewer, viewer_for
from safehub.access.queries import NAME_WITHHELD
from safehub.access.refusals import refused_as_missing
from safehub.access.suppression import FEWER, Shown, count_shown
from safehub.agencies.models import Sensitivity, User
from safehub.missing.models import RHI_DUE_WITHIN, MissingEpisode
from safehub.network.queries.people import audit_people, names_of
from safehub.records.queries.visible import visible_persons

# The overview and the home page look back a year: older episodes are history, not work.
LOOK_BACK = timedelta(days=365)


# ---------------------------------------------------------------- what the viewer sees


def episodes_seen(viewer: Viewer, episodes: QuerySet[MissingEpisode]) -> QuerySet[MissingEpisode]:
    """The episodes the viewer sees (their agency's facts, of general sensitivity) of
    children they may open."""
    if not viewer.sees_personal_data:
        return episodes.none()
    general = Value(Sensitivity.GENERAL, output_field=CharField())
    return episodes.annotate(fact_sensitivity=general).filter(
        policy.fact_q(viewer, sensitivity="fact_sensitivity", person="person_id"),
        person__in=visible_persons(viewer),
    )


def interview_seen(viewer: Viewer, episode: MissingEpisode) -> bool:
    interview = getattr(episode, "interview", None)
    return interview is not None and policy.sees(
        viewer,
        agency_id=interview.agency_id,
        sensitivity=Sensitivity.GENERAL,
        person_id=episode.person_id,
    )


def episode_for(viewer: Viewer, episode_id: UUID, *, route: str) -> MissingEpisode:
    """The episode, if the viewer sees it; else the audited 404 of a missing one."""
    episode = (
        episodes_seen(viewer, MissingEpisode.objects.filter(pk=episode_id))
        .select_related("agency", "person")
        .first()
    )
    if episode is None:
        raise refused_as_missing(viewer, "missing_episode", episode_id, route)
    return episode


def overdue_q(now: datetime) -> Q:
    """Back more than 72 hours (in the last year), and no interview recorded."""
    return Q(
        returned_at__lte=now - RHI_DUE_WITHIN,
        returned_at__gte=now - LOOK_BACK,
        interview__isnull=True,
    )


def due_q(now: datetime) -> Q:
    """Back less than 72 hours ago, and no interview recorded yet."""
    return Q(returned_at__gt=now - RHI_DUE_WITHIN, returned_at__lte=now, interview__isnull=True)


# ---------------------------------------------------------------- lines naming children


@dataclass(frozen=True)
class EpisodeLine:
    episode_id: UUID
    person_id: UUID
    name: str
    recorded_by: str  # the agency that recorded the episode
    rhi_agency: str  # the agency to offer the interview
    reported_at: datetime
    returned_at: datetime | None
    due_by: datetime | None


def _lines(viewer: Viewer, episodes: Iterable[MissingEpisode]) -> list[EpisodeLine]:
    rows = list(episodes)
    names = names_of(viewer, {e.person_id for e in rows})
    return [
        EpisodeLine(
            e.pk,
            e.person_id,
            names.get(e.person_id, NAME_WITHHELD),
            e.agency.name,
            e.rhi_agency.name,
            e.reported_at,
            e.returned_at,
            e.rhi_due_by,
        )
        for e in rows
    ]


def _audited(viewer: Viewer, lines: list[EpisodeLine], *, route: str) -> list[EpisodeLine]:
    audit_people(
        viewer,
        target_type="missing_episodes",
        target_id=route,
        route=route,
        people=sorted({str(line.person_id) for line in lines}),
        detail={"episodes": len(lines)},
    )
    return lines


def overdue_rhis_for(user: User, now: datetime) -> list[EpisodeLine]:
    """The home page's list: overdue return home interviews of children in the user's
    open case teams or whose record their agency holds, that they may open and whose
    episode they see; the longest overdue first. Audited when it names anyone."""
    viewer = viewer_for(user)
    if not viewer.sees_personal_data:
        return []
    theirs = Q(person_id__in=sorted(viewer.case_people, key=str)) | Q(
        person__records__agency_id=viewer.agency_id
    )
    episodes = (
        episodes_seen(viewer, MissingEpisode.objects.filter(overdue_q(now)).filter(theirs))
        .select_related("agency", "rhi_agency")
        .distinct()
        .order_by("returned_at")
    )
    lines = _lines(viewer, episodes)
    return _audited(viewer, lines, route="home") if lines else []


# ---------------------------------------------------------------- the hub's figures


def share_words(part: Shown, whole: Shown) -> str:
    """`part` of `whole` as a percentage of the figures as shown (telling nothing more)."""
    if whole.value == 0:
        return "none due yet"
    if part.value is None or whole.value is None:
        return f"not shown ({FEWER} due)"
    percent = round(100 * part.value / whole.value)
    return f"{percent}%" if part.exact and whole.exact else f"about {percent}%"


@dataclass
class _Tally:
    missing_now: list[UUID] = field(default_factory=list)
    overdue: list[UUID] = field(default_factory=list)
    due: list[UUID] = field(default_factory=list)
    were_due: list[UUID] = field(default_factory=list)  # interview recorded, or 72 h past
    in_time: list[UUID] = field(default_factory=list)  # offered within 72 hours


@dataclass(frozen=True)
class AgencyFigures:
    agency: str
    missing_now: Shown
    overdue: Shown
    due: Shown
    in_time: Shown
    were_due: Shown
    share_in_time: str


@dataclass(frozen=True)
class Overview:
    since: datetime
    by_agency: list[AgencyFigures]
    missing_now: list[EpisodeLine]
    overdue: list[EpisodeLine]
    due: list[EpisodeLine]


def _tally(episode: MissingEpisode, now: datetime, tally: _Tally) -> None:
    due_by = episode.rhi_due_by
    interview = getattr(episode, "interview", None)
    if due_by is None:
        tally.missing_now.append(episode.pk)
        return
    if interview is None:
        (tally.overdue if due_by <= now else tally.due).append(episode.pk)
    if interview is not None or due_by <= now:
        tally.were_due.append(episode.pk)
        if interview is not None and interview.offered_at <= due_by:
            tally.in_time.append(episode.pk)


def _figures(agency: str, tally: _Tally, seen: set[UUID]) -> AgencyFigures:
    def shown(ids: list[UUID]) -> Shown:
        return count_shown(len(ids), complete=seen.issuperset(ids))

    in_time, were_due = shown(tally.in_time), shown(tally.were_due)
    return AgencyFigures(
        agency,
        shown(tally.missing_now),
        shown(tally.overdue),
        shown(tally.due),
        in_time,
        were_due,
        share_words(in_time, were_due),
    )


def missing_overview(viewer: Viewer, now: datetime) -> Overview:
    """Children missing now, and the return home interviews overdue and due, for the
    children the viewer may open; each agency's figures (by the agency to offer the
    interview) and its share offered within 72 hours, over the last year. Audited as a
    view naming the children listed, before it is returned."""
    since = now - LOOK_BACK
    recent = MissingEpisode.objects.filter(
        Q(returned_at__isnull=True, reported_at__lte=now) | Q(returned_at__gte=since)
    )
    seen_ones = list(
        episodes_seen(viewer, recent).select_related("agency", "rhi_agency").order_by("reported_at")
    )
    seen = {e.pk for e in seen_ones}
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for episode in recent.select_related("rhi_agency", "interview"):
        _tally(episode, now, tallies[episode.rhi_agency.name])
    lines = {line.episode_id: line for line in _lines(viewer, seen_ones)}
    by_id = {e.pk: e for e in seen_ones}

    def listed(ids: Iterable[UUID]) -> list[EpisodeLine]:
        chosen = [by_id[pk] for pk in ids if pk in by_id]
        return [lines[e.pk] for e in sorted(chosen, key=lambda e: e.returned_at or e.reported_at)]

    everyone = list(tallies.values())
    overview = Overview(
        since=since,
        by_agency=[_figures(name, tallies[name], seen) for name in sorted(tallies)],
        missing_now=listed(pk for t in everyone for pk in t.missing_now),
        overdue=listed(pk for t in everyone for pk in t.overdue),
        due=listed(pk for t in everyone for pk in t.due),
    )
    _audited(
        viewer,
        [*overview.missing_now, *overview.overdue, *overview.due],
        route="missing_overview",
    )
    return overview
