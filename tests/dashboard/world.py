"""A small partnership for the dashboard's tests: one hub with the police, children's
social care, a health trust that shares nothing, and a partner organisation; another hub
with its own council. Helpers put flags, decisions, episodes, concerns, nominals and
actions in it, dated this week unless told."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.utils import timezone

from safehub.agencies.models import Agency, Hub, Role, User
from safehub.concerns.models import Concern
from safehub.meetings.models import Meeting, MeetingAction
from safehub.missing.models import MissingEpisode, ReturnInterview
from safehub.operations.models import NominalStatus, Operation
from safehub.records.models import PersonRecord
from safehub.screening.models import Flag, FlagDecision
from tests import factories as f

_refs = itertools.count(1)


@dataclass
class World:
    north: Hub
    south: Hub
    police: Agency
    csc: Agency
    trust: Agency
    partner: Agency
    council: Agency  # the south hub's
    analyst: User  # the police's
    supervisor: User  # the police's: decides flags
    partner_user: User


def world() -> World:
    north, south = f.hub("north"), f.hub("south")
    police = f.agency("police", "police", hub=north)
    csc = f.agency("csc", "social_care", hub=north)
    trust = f.agency("trust", "health", record_sensitivity="health", hub=north)
    partner = f.agency("hotels", "partner", hub=north)
    council = f.agency("council", "social_care", hub=south)
    return World(
        north,
        south,
        police,
        csc,
        trust,
        partner,
        council,
        f.user(police, Role.ANALYST),
        f.user(police, Role.SUPERVISOR),
        f.user(partner, Role.PARTNER),
    )


def child(of: Agency, *, postcode: str = "NV1 2AB") -> PersonRecord:
    return f.record(of, given_names=f"Child{next(_refs)}", family_name="Test", postcode=postcode)


def flag(record: PersonRecord, *, raised: datetime | None = None) -> Flag:
    made = Flag.objects.create(person_id=record.person_id, raised_on=date(2026, 1, 1), score=9.0)
    if raised is not None:
        Flag.objects.filter(pk=made.pk).update(raised_at=raised)
        made.refresh_from_db()
    return made


def decide(made: Flag, by: User, outcome: str, *, at: datetime | None = None) -> FlagDecision:
    decision = FlagDecision.objects.create(
        flag=made, outcome=outcome, reason="Discussed", score=9.0, decided_by=by
    )
    if at is not None:
        FlagDecision.objects.filter(pk=decision.pk).update(decided_at=at)
    return decision


def episode(
    record: PersonRecord,
    by: User,
    *,
    back: datetime,
    offered_after: timedelta | None = None,
    held: bool = True,
) -> MissingEpisode:
    made = MissingEpisode.objects.create(
        person_id=record.person_id,
        agency=record.agency,
        record_id=record.record_id,
        rhi_agency=record.agency,
        recorded_by=by,
        reported_at=back - timedelta(hours=20),
        returned_at=back,
    )
    if offered_after is not None:
        offered = back + offered_after
        ReturnInterview.objects.create(
            episode=made,
            agency=record.agency,
            interviewer=by,
            offered_at=offered,
            held_at=offered if held else None,
            outcome="held" if held else "declined",
        )
    return made


def concern(by: User, *, postcode: str = "NV1 3CD") -> Concern:
    assert by.agency is not None
    return Concern.objects.create(
        reference=f"QC-{next(_refs)}",
        author=by,
        agency=by.agency,
        postcode=postcode,
        seen_on=timezone.localdate(),
        what_seen="A girl getting into a car outside the hotel",
    )


def nominal(operation: Operation, person_id: UUID, role: str, *statuses: tuple[str, date]) -> None:
    for status, on in statuses:
        NominalStatus.objects.create(
            operation=operation,
            person_id=person_id,
            role=role,
            status=status,
            on=on,
            recorded_by=operation.opened_by,
        )


def operation(member: User, hub: Hub) -> Operation:
    team = f.case(member, kind="operation")
    team.hub = hub
    team.save(update_fields=["hub"])
    return Operation.objects.create(
        case=team,
        name=f"Operation {team.reference}",
        scope="Test",
        senior_officer=member,
        opened_by=member,
    )


def action(
    chair: User,
    owner: User,
    hub: Hub,
    *,
    due: date,
    person_id: UUID | None = None,
    text: str = "Visit the school",
) -> MeetingAction:
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.STRATEGY, held_on=due - timedelta(days=7), chair=chair, hub=hub
    )
    meeting.attendees.add(chair)
    assert owner.agency is not None
    return MeetingAction.objects.create(
        meeting=meeting,
        person_id=person_id,
        text=text,
        owner=owner,
        owner_agency=owner.agency,
        due_on=due,
    )
