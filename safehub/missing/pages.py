"""A child's missing page: their Philomena profile, their missing episodes and return home
interviews, for anyone who may open the child — each part as far as they may see it, and
audited as opening the child before it is returned.

Who sees the profile (the Philomena protocol: kept by those who care for the child, given
to the police when the child goes missing): the child's carers — children's social care
holding them, the carer's agency — and the agency that wrote it, always; a police user
while an episode of the child is open (reported, not yet back). Anyone else who may open
the child is told only which agency keeps one. An episode or an interview is its
agency's fact, seen as the policy says; one not seen is "held by <agency>".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.utils import timezone

from safehub.access import policy
from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.access.targets import EpisodeTarget
from safehub.agencies.models import Agency, AgencyType
from safehub.missing.care import carers, child_target, profile_target
from safehub.missing.models import MissingEpisode, PhilomenaProfile, ReturnInterview
from safehub.missing.queries import episodes_seen, interview_seen
from safehub.records.queries.opening import person_opened, record_opening
from safehub.records.queries.visible import display_name, visible_records

PROFILE_LABELS = (
    ("description", "Description"),
    ("photo_reference", "Photograph (where it is kept)"),
    ("associates", "Friends and associates"),
    ("places_frequented", "Places they go"),
    ("previous_episodes", "Previous missing episodes"),
    ("phones", "Phones"),
    ("social_media", "Social media"),
    ("transport", "Transport they use"),
    ("other_information", "Anything else"),
)
RHI_LABELS = (
    ("where_been", "Where they had been"),
    ("where_postcode", "Postcode"),
    ("where_premises_type", "Kind of place"),
    ("with_whom", "With whom"),
    ("how_travelled", "How they travelled"),
    ("vehicle_registration", "Vehicle registration"),
    ("phone", "Phone"),
    ("harm", "Harm"),
    ("account", "In their words"),
)


@dataclass(frozen=True)
class ProfileView:
    agency: str
    written_by: str
    written_at: datetime
    fields: list[tuple[str, str]]  # (label, text), the filled ones
    shared_as_missing: bool  # shown because the child is missing now (police)


@dataclass(frozen=True)
class InterviewView:
    outcome: str
    agency: str
    interviewer: str
    offered_at: datetime
    held_at: datetime | None
    in_time: bool
    fields: list[tuple[str, str]]


@dataclass(frozen=True)
class EpisodeView:
    episode_id: UUID
    agency: str
    reported_at: datetime
    missing_from: str
    from_placement: bool
    returned_at: datetime | None
    found: list[tuple[str, str]]
    due_by: datetime | None
    overdue: bool
    interview: InterviewView | None
    interview_held_by: str  # the agency of an interview the viewer may not see
    may_return: bool
    may_interview: bool


@dataclass(frozen=True)
class MissingPage:
    person_id: UUID
    name: str
    profile: ProfileView | None
    profile_kept_by: list[str]  # agencies keeping a profile the viewer is not shown
    episodes: list[EpisodeView]
    episodes_held_by: list[str]  # agencies of episodes the viewer may not see
    missing_now: bool
    may_edit_profile: bool
    may_report: bool

    @property
    def return_form_for(self) -> EpisodeView | None:
        return next((e for e in self.episodes if e.may_return), None)

    @property
    def interview_form_for(self) -> EpisodeView | None:
        """The longest-waiting episode whose interview the viewer may record."""
        waiting = [e for e in self.episodes if e.may_interview]
        return waiting[-1] if waiting else None


def _filled(row: object, labels: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    return [(label, str(getattr(row, name))) for name, label in labels if getattr(row, name)]


def profile_shown(
    viewer: Viewer, person_id: UUID, missing_now: bool
) -> tuple[PhilomenaProfile | None, bool]:
    """The current profile if the viewer is shown it, and whether only because the child
    is missing now (the police's share)."""
    current = (
        PhilomenaProfile.objects.filter(person_id=person_id)
        .select_related("agency", "written_by")
        .first()
    )
    agency_id = viewer.agency_id
    if current is None or agency_id is None or not viewer.sees_personal_data:
        return None, False
    if agency_id == current.agency_id or agency_id in carers(person_id):
        return current, False
    police = Agency.objects.filter(pk=agency_id, type=AgencyType.POLICE).exists()
    return (current, True) if police and missing_now else (None, False)


def _interview(viewer: Viewer, episode: MissingEpisode) -> tuple[InterviewView | None, str]:
    interview: ReturnInterview | None = getattr(episode, "interview", None)
    if interview is None:
        return None, ""
    if not interview_seen(viewer, episode):
        return None, interview.agency.name
    due_by = episode.rhi_due_by
    return (
        InterviewView(
            interview.get_outcome_display(),
            interview.agency.name,
            interview.interviewer.display_name,
            interview.offered_at,
            interview.held_at,
            due_by is not None and interview.offered_at <= due_by,
            _filled(interview, RHI_LABELS),
        ),
        "",
    )


PROTECTED = "Withheld: this child's placement is a protected detail"


def _missing_from(viewer: Viewer, episode: MissingEpisode) -> str:
    """Where they went missing from is often their placement: of a protected child, only
    for the recording agency and their survivor-side case team (as an address is)."""
    if not episode.missing_from or policy.sees_contact_details(
        viewer,
        agency_id=episode.agency_id,
        person_id=episode.person_id,
        protected=episode.person.protected_details,
    ):
        return episode.missing_from
    return PROTECTED


def _episode(
    viewer: Viewer, episode: MissingEpisode, may_return: bool, may_rhi: bool, now: datetime
) -> EpisodeView:
    interview, held_by = _interview(viewer, episode)
    recorded = interview is not None or bool(held_by)
    due_by = episode.rhi_due_by
    found = [
        (label, value)
        for label, value in (
            ("Found at", episode.found_where),
            ("Postcode", episode.found_postcode),
            ("Kind of place", episode.found_premises_type.replace("_", " ")),
            ("Found with", episode.found_with),
            ("How they came back", episode.how_returned),
        )
        if value
    ]
    return EpisodeView(
        episode.pk,
        episode.agency.name,
        episode.reported_at,
        _missing_from(viewer, episode),
        episode.from_placement,
        episode.returned_at,
        found,
        due_by,
        due_by is not None and not recorded and due_by <= now,
        interview,
        held_by,
        may_return,
        may_rhi and episode.returned_at is not None and not recorded,
    )


def missing_page(viewer: Viewer, person_id: UUID, *, route: str = "person_missing") -> MissingPage:
    """Everything the child's missing page shows the viewer: the 404 (audited) of a
    missing person if they may not open the child; audited as opening them otherwise."""
    opened = person_opened(viewer, person_id, route=route)
    person = opened.person
    every = MissingEpisode.objects.filter(person=person).select_related(
        "agency", "person", "interview__agency", "interview__interviewer"
    )
    seen = list(episodes_seen(viewer, every).select_related("agency"))
    seen_ids = {e.pk for e in seen}
    by_id = {e.pk: e for e in every}
    # The police's share of the profile follows any open episode; the page says "missing
    # now" of the episodes the viewer sees.
    profile, as_missing = profile_shown(
        viewer, person.pk, any(e.returned_at is None for e in by_id.values())
    )
    kept_by = sorted(
        {
            p.agency.name
            for p in PhilomenaProfile.objects.filter(person=person).select_related("agency")
        }
    )
    record_opening(
        viewer,
        opened,
        route=route,
        detail={"profile": profile.pk if profile else None, "episodes": len(seen_ids)},
    )
    target = child_target(viewer, person.pk)
    may_record = can(viewer, Action.EPISODE_RECORD, target)
    # The return is the recording agency's (the rule checks it).
    may_return = {
        e.pk: can(viewer, Action.EPISODE_RETURN, EpisodeTarget(target, e.agency_id))
        for e in seen
        if e.returned_at is None
    }
    may_rhi = can(viewer, Action.RHI_RECORD, target)
    now = timezone.now()
    return MissingPage(
        person_id=person.pk,
        name=display_name(visible_records(viewer, person)),
        profile=None
        if profile is None
        else ProfileView(
            profile.agency.name,
            profile.written_by.display_name,
            profile.written_at,
            _filled(profile, PROFILE_LABELS),
            as_missing,
        ),
        profile_kept_by=[] if profile is not None else kept_by,
        episodes=[
            _episode(viewer, by_id[pk], may_return.get(pk, False), may_rhi, now)
            for pk in _order(seen)
        ],
        episodes_held_by=sorted({e.agency.name for e in by_id.values() if e.pk not in seen_ids}),
        missing_now=any(e.returned_at is None for e in seen),
        may_edit_profile=can(viewer, Action.PROFILE_EDIT, profile_target(viewer, person.pk)),
        # One open episode per agency: its return comes first.
        may_report=may_record
        and not any(e.returned_at is None and e.agency_id == viewer.agency_id for e in seen),
    )


def _order(episodes: list[MissingEpisode]) -> list[UUID]:
    """Newest first."""
    return [e.pk for e in sorted(episodes, key=lambda e: e.reported_at, reverse=True)]
