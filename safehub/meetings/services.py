"""The writes of meetings: convene one, record what it decided for a person, agree an
action, mark an action done or cancelled. Each asks the rule for actions first, then
changes state in one transaction with its audit row (ids, never the words)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from safehub.access.actions import Action, PersonTarget, require
from safehub.access.targets import AgreedAction, MeetingTarget
from safehub.agencies.hubs import hub_of
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.meetings.models import Discussed, Meeting, MeetingAction
from safehub.meetings.queries import may_attend


def as_target(meeting: Meeting) -> MeetingTarget:
    return MeetingTarget(
        meeting.chair_id, frozenset(meeting.attendees.values_list("pk", flat=True))
    )


def meeting_hold(
    *, actor: User, kind: str, held_on: date, attendees: list[User] | None = None
) -> Meeting:
    """A meeting of the actor's hub, which they chair, with its attendees: active users
    of agencies in that hub (the meeting's pages open its agenda and decisions to them)."""
    require(actor, Action.MEETING_HOLD, route="meeting_hold")
    if kind not in Meeting.Kind.values:
        raise ValidationError(f"Not a kind of meeting: {kind!r}.")
    hub_id = hub_of(actor)
    others = _attendees(actor, attendees or [])
    refused = [user for user in others if not may_attend(user, hub_id)]
    if refused:
        who = ", ".join(user.display_name for user in refused)
        raise ValidationError(
            f"{who} cannot attend: a meeting's attendees are active users of an agency in its hub."
        )
    with transaction.atomic():
        meeting = Meeting.objects.create(kind=kind, held_on=held_on, hub_id=hub_id, chair=actor)
        meeting.attendees.add(actor, *others)
        _audit(actor, meeting, "held", attendees=sorted(u.pk for u in meeting.attendees.all()))
    return meeting


def _attendees(chair: User, attendees: list[User]) -> list[User]:
    """The attendees besides the chair, read afresh (an account switched off since the
    form was drawn is switched off now)."""
    ids = sorted({user.pk for user in attendees} - {chair.pk})
    return list(User.objects.filter(pk__in=ids).select_related("team", "agency").order_by("pk"))


def discussed_record(
    *, actor: User, meeting: Meeting, person: PersonTarget, decision: str
) -> Discussed:
    """The meeting's decision for a person it discussed (one per person; a second
    recording replaces the words, and both are audited)."""
    require(actor, Action.MEETING_RECORD, (as_target(meeting), person), route="discussed_record")
    if not decision.strip():
        raise ValidationError("Say what the meeting decided.")
    with transaction.atomic():
        entry, _ = Discussed.objects.update_or_create(
            meeting=meeting,
            person_id=person.person_id,
            defaults={"decision": decision.strip(), "recorded_by": actor},
        )
        _audit(actor, meeting, "discussed", person=person.person_id)
    return entry


def action_agree(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    owner: User,
    due_on: date,
    person: PersonTarget | None = None,
) -> MeetingAction:
    """An action the meeting agreed, owned by a user (and so their agency)."""
    require(actor, Action.MEETING_RECORD, (as_target(meeting), person), route="action_agree")
    if not text.strip() or owner.agency_id is None:
        raise ValidationError("An action needs its words and an owner in an agency.")
    if due_on < meeting.held_on:
        raise ValidationError("An action is due on or after the meeting.")
    with transaction.atomic():
        action = MeetingAction.objects.create(
            meeting=meeting,
            person_id=person.person_id if person else None,
            text=text.strip(),
            owner=owner,
            owner_agency_id=owner.agency_id,
            due_on=due_on,
        )
        _audit(actor, meeting, "action_agreed", action=action.pk, owner=owner.pk)
    return action


def action_status_set(*, actor: User, action: MeetingAction, status: str) -> MeetingAction:
    """Its owner or the meeting's chair marks an action done or cancelled (or reopens it)."""
    target = AgreedAction(action.owner_id, action.meeting.chair_id)
    require(actor, Action.MEETING_ACTION_UPDATE, target, route="action_status_set")
    if status not in MeetingAction.Status.values:
        raise ValidationError(f"Not a status of an action: {status!r}.")
    with transaction.atomic():
        action.status = status
        action.save(update_fields=["status", "updated_at"])
        _audit(actor, action.meeting, "action_status", action=action.pk, status=status)
    return action


def _audit(
    actor: User, meeting: Meeting, step: str, person: UUID | None = None, **ids: object
) -> None:
    audit.record(
        actor=actor,
        verb=Verb.MEETING_RECORDED,
        target_type="meeting",
        target_id=str(meeting.pk),
        subject_person=str(person or ""),
        detail={"step": step, **ids},
    )
