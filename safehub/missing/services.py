"""The writes of missing children: a Philomena profile, a missing episode reported and the
child's return, and the return home interview. Each asks the rule for actions first, then
writes in one transaction with its audit row (ids, never the words). An episode and an
interview are also written as an extract of the recording agency (records.py), through
the loader every import goes through; its refusal is the form's error, and nothing of
the write is kept."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import Action, require
from safehub.access.policy import viewer_for
from safehub.access.targets import EpisodeTarget
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.ingest.exchange.issues import ExtractRejected
from safehub.ingest.hub_made import hub_extract_write
from safehub.missing import records
from safehub.missing.care import child_target, profile_target, records_of, rhi_agency_for
from safehub.missing.models import MissingEpisode, PhilomenaProfile, ReturnInterview
from safehub.records import vocabulary
from safehub.records.models import Extract, Person

PROFILE_FIELDS = (
    "description",
    "photo_reference",
    "associates",
    "places_frequented",
    "previous_episodes",
    "phones",
    "social_media",
    "transport",
    "other_information",
)
# A full postcode or its outward code alone ("NV2 9XX", "NV2").
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?( ?[0-9][A-Z]{2})?$")


def _agency_of(actor: User) -> int:
    if actor.agency_id is None:  # the rules admit no one without an agency
        raise ValidationError("You act for no agency.")
    return actor.agency_id


# ---------------------------------------------------------------- the profile


def profile_write(*, actor: User, person_id: uuid.UUID, **fields: str) -> PhilomenaProfile:
    """A new version of the child's Philomena profile, by their social worker or their
    carer's agency (the newest version is the profile)."""
    viewer = viewer_for(actor)
    require(viewer, Action.PROFILE_EDIT, profile_target(viewer, person_id), route="profile_write")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Not a field of the profile: {', '.join(sorted(unknown))}.")
    values = {name: str(fields.get(name, "")).strip() for name in PROFILE_FIELDS}
    if not any(values.values()):
        raise ValidationError({"description": "Describe the child, or fill in another field."})
    profile = PhilomenaProfile(
        person_id=person_id,
        child_records=records_of(person_id),
        agency_id=_agency_of(actor),
        written_by=actor,
        **values,
    )
    profile.full_clean(exclude=["person", "agency", "written_by"])
    with transaction.atomic():
        profile.save()
        audit.record(
            actor=actor,
            verb=Verb.PROFILE_WRITTEN,
            target_type="philomena_profile",
            target_id=str(profile.pk),
            subject_person=str(person_id),
            detail={"fields": sorted(k for k, v in values.items() if v)},
        )
    return profile


# ---------------------------------------------------------------- an episode


def episode_report(
    *,
    actor: User,
    person_id: uuid.UUID,
    reported_at: datetime,
    missing_from: str = "",
    from_placement: bool = False,
) -> MissingEpisode:
    """The child is reported missing: the episode, and its `missing_episode` event in the
    actor's agency's records."""
    viewer = viewer_for(actor)
    require(viewer, Action.EPISODE_RECORD, child_target(viewer, person_id), route="episode_report")
    agency_id = _agency_of(actor)
    _not_after_now(reported_at, "reported_at", "reported")
    still_open = MissingEpisode.objects.filter(
        person_id=person_id, agency_id=agency_id, returned_at__isnull=True
    ).first()
    if still_open is not None:
        raise ValidationError(
            {
                "reported_at": f"Your agency has recorded them missing since "
                f"{timezone.localtime(still_open.reported_at):%d %B %Y %H:%M}: record their "
                "return first."
            }
        )
    episode = MissingEpisode(
        id=uuid.uuid4(),
        person_id=person_id,
        child_records=records_of(person_id),
        agency_id=agency_id,
        recorded_by=actor,
        reported_at=reported_at,
        missing_from=missing_from.strip(),
        from_placement=from_placement,
        rhi_agency_id=rhi_agency_for(person_id, agency_id),
    )
    child = records.child_row(
        viewer,
        agency_id,
        Person.objects.get(pk=person_id),
        f"{records.episode_event_id(episode)}-child",
    )
    episode.record_id = child["record_id"]
    episode.full_clean(exclude=["person", "agency", "recorded_by", "rhi_agency"])

    def write() -> MissingEpisode:
        episode.save()
        episode.extract = _write(actor, episode, "report", records.episode_files(episode, child))
        episode.save(update_fields=["extract"])
        _audit_episode(actor, episode, "reported")
        return episode

    return _whole(write, EPISODE_COLUMNS)


EPISODE_COLUMNS = {
    ("events", "occurred_at"): "reported_at",
    ("events", "ended_at"): "returned_at",
    ("locations", "name"): "found_where",
    ("locations", "postcode"): "found_postcode",
    ("locations", "premises_type"): "found_premises_type",
}


def episode_return(
    *,
    actor: User,
    episode: MissingEpisode,
    returned_at: datetime,
    found_where: str = "",
    found_postcode: str = "",
    found_premises_type: str = "",
    found_with: str = "",
    how_returned: str = "",
) -> MissingEpisode:
    """The child is back: when, where they were found, with whom, how they came back.
    The agency that recorded the episode records its return (its event, sent again)."""
    viewer = viewer_for(actor)
    episode = MissingEpisode.objects.select_related("agency", "person").get(pk=episode.pk)
    target = EpisodeTarget(child_target(viewer, episode.person_id), episode.agency_id)
    require(viewer, Action.EPISODE_RETURN, target, route="episode_return")
    if episode.returned_at is not None:
        raise ValidationError({"returned_at": "Their return is already recorded."})
    _not_after_now(returned_at, "returned_at", "returned")
    if returned_at < episode.reported_at:
        raise ValidationError({"returned_at": "They returned before they were reported missing."})
    episode.returned_at = returned_at
    episode.found_where = found_where.strip()
    episode.found_postcode = _postcode(found_postcode, "found_postcode")
    episode.found_premises_type = _premises(found_premises_type, "found_premises_type")
    episode.found_with = found_with.strip()
    episode.how_returned = how_returned.strip()
    episode.full_clean(exclude=["person", "agency", "recorded_by", "rhi_agency"])
    child = records.child_row(viewer, episode.agency_id, episode.person, episode.record_id)

    def write() -> MissingEpisode:
        episode.extract = _write(actor, episode, "return", records.episode_files(episode, child))
        episode.save()
        _audit_episode(actor, episode, "returned")
        return episode

    return _whole(write, EPISODE_COLUMNS)


def _audit_episode(actor: User, episode: MissingEpisode, step: str) -> None:
    audit.record(
        actor=actor,
        verb=Verb.EPISODE_RECORDED,
        target_type="missing_episode",
        target_id=str(episode.pk),
        subject_person=str(episode.person_id),
        detail={"step": step, "extract": episode.extract_id},
    )


# ---------------------------------------------------------------- the interview

RHI_CONTENT = (
    "where_been",
    "where_postcode",
    "where_premises_type",
    "with_whom",
    "how_travelled",
    "vehicle_registration",
    "phone",
    "harm",
    "account",
)
RHI_COLUMNS = {
    ("events", "occurred_at"): "held_at",
    ("locations", "name"): "where_been",
    ("locations", "postcode"): "where_postcode",
    ("locations", "premises_type"): "where_premises_type",
    ("objects", "value"): "vehicle_registration",
}


def rhi_record(
    *,
    actor: User,
    episode: MissingEpisode,
    outcome: str,
    offered_at: datetime,
    held_at: datetime | None = None,
    **content: str,
) -> ReturnInterview:
    """The return home interview of an episode: held (what the child said, in structured
    fields) or declined by the child; and its `return_home_interview` event in the actor's
    agency's records."""
    viewer = viewer_for(actor)
    target = child_target(viewer, episode.person_id)
    require(viewer, Action.RHI_RECORD, target, route="rhi_record")
    interview = _interview(
        actor=actor,
        episode=episode,
        outcome=outcome,
        offered_at=offered_at,
        held_at=held_at,
        content=content,
    )
    agency_id = _agency_of(actor)
    record_id = (
        episode.record_id
        if agency_id == episode.agency_id
        else f"{records.rhi_event_id(episode)}-child"
    )
    child = records.child_row(viewer, agency_id, episode.person, record_id)

    def write() -> ReturnInterview:
        interview.save()
        interview.extract = _write(actor, episode, "rhi", records.rhi_files(interview, child))
        interview.save(update_fields=["extract"])
        audit.record(
            actor=actor,
            verb=Verb.RHI_RECORDED,
            target_type="missing_episode",
            target_id=str(episode.pk),
            subject_person=str(episode.person_id),
            detail={"outcome": outcome, "extract": interview.extract_id},
        )
        return interview

    return _whole(write, RHI_COLUMNS)


def _interview(
    *,
    actor: User,
    episode: MissingEpisode,
    outcome: str,
    offered_at: datetime,
    held_at: datetime | None,
    content: Mapping[str, str],
) -> ReturnInterview:
    """The interview checked, unsaved: each problem names its field."""
    unknown = set(content) - set(RHI_CONTENT)
    if unknown:
        raise ValidationError(f"Not a field of the interview: {', '.join(sorted(unknown))}.")
    if episode.returned_at is None:
        raise ValidationError("Record the child's return before their return home interview.")
    if ReturnInterview.objects.filter(episode=episode).exists():
        raise ValidationError("This episode's return home interview is already recorded.")
    if outcome not in ReturnInterview.Outcome.values:
        raise ValidationError({"outcome": "Choose whether the interview was held or declined."})
    _not_after_now(offered_at, "offered_at", "offered")
    if offered_at < episode.returned_at:
        raise ValidationError({"offered_at": "It was offered before the child returned."})
    values = {name: str(content.get(name, "")).strip() for name in RHI_CONTENT}
    if outcome == ReturnInterview.Outcome.HELD:
        if held_at is None:
            raise ValidationError({"held_at": "Enter when the interview was held."})
        _not_after_now(held_at, "held_at", "held")
        if held_at < offered_at:
            raise ValidationError({"held_at": "It was held before it was offered."})
    else:
        said = next((name for name, value in values.items() if value), None)
        if said is not None or held_at is not None:
            raise ValidationError(
                {said or "held_at": "A declined interview holds no account: record it as held."}
            )
    values["where_postcode"] = _postcode(values["where_postcode"], "where_postcode")
    values["where_premises_type"] = _premises(values["where_premises_type"], "where_premises_type")
    interview = ReturnInterview(
        episode=episode,
        agency_id=_agency_of(actor),
        interviewer=actor,
        offered_at=offered_at,
        held_at=held_at,
        outcome=outcome,
        **values,
    )
    interview.full_clean(exclude=["episode", "agency", "interviewer"])
    return interview


# ---------------------------------------------------------------- shared


def _not_after_now(moment: datetime, field: str, verb: str) -> None:
    """A time of this century, and not in the future."""
    if moment > timezone.now():
        raise ValidationError({field: f"The time it was {verb} cannot be in the future."})
    if moment < EARLIEST:
        raise ValidationError({field: f"Enter the time it was {verb}, since 2000."})


def _postcode(value: str, field: str) -> str:
    code = " ".join(value.upper().split())
    if code and POSTCODE.match(code) is None:
        raise ValidationError({field: "Enter a postcode like NV2 9XX, or its first part."})
    compact = code.replace(" ", "")
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


def _premises(value: str, field: str) -> str:
    if value and value not in vocabulary.PREMISES_TYPES:
        raise ValidationError({field: "Choose the kind of place from the list."})
    return value


def _write(actor: User, episode: MissingEpisode, step: str, files: records.Files) -> Extract:
    """The rows as an extract of the actor's agency, inside the caller's transaction."""
    assert actor.agency is not None
    outcome = hub_extract_write(
        actor=actor,
        agency=actor.agency,
        extract_id=f"{records.episode_event_id(episode)}-{step}",
        source_system=records.SOURCE_SYSTEM,
        files=files,
    )
    return outcome.extract


def _whole[T](write: Callable[[], T], columns: Mapping[tuple[str, str], str]) -> T:
    """`write` in one transaction; the loader's refusal as the form's errors, with
    nothing of it kept."""
    try:
        with transaction.atomic():
            return write()
    except ExtractRejected as rejected:
        raise records.as_form_errors(rejected, columns) from None
