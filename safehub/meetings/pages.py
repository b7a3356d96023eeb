"""The reads behind the meetings' pages: the viewer's meetings, and one meeting (its
agenda, the people it discussed with its decisions, its actions) for its chair and
attendees who may see personal data; anyone else gets the audited 404 of a missing one.
People are named only as the access policy lets the viewer see them, and every page
naming them is audited before it is returned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.access.queries import NAME_WITHHELD
from safehub.access.targets import AgreedAction
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.meetings.models import Meeting, MeetingAction
from safehub.network.queries.people import audit_people, names_of
from safehub.operations.models import Operation
from safehub.screening.queue import QueueRow, queue_flags, queue_rows

AGENDA_LONGEST = 30  # flags from the top of the triage queue


def meeting_rows(viewer: Viewer) -> list[Meeting]:
    """The meetings the viewer chaired or attended, newest first (no one named)."""
    mine = Q(chair=viewer.user_id) | Q(attendees=viewer.user_id)
    return list(Meeting.objects.filter(mine).distinct().select_related("chair"))


def meeting_of_attendee(viewer: Viewer, meeting_id: int, *, route: str) -> Meeting:
    """The meeting, to its chair or an attendee who may see personal data; to anyone
    else the audited 404 of a meeting that does not exist."""
    meeting = None
    if viewer.sees_personal_data:
        mine = Q(chair=viewer.user_id) | Q(attendees=viewer.user_id)
        meeting = (
            Meeting.objects.filter(mine, pk=meeting_id).distinct().select_related("chair").first()
        )
    if meeting is None:
        audit.record(
            actor=viewer.user,
            verb=Verb.REFUSED,
            target_type="meeting",
            target_id=str(meeting_id),
            detail={"route": route},
        )
        raise Http404("Not found")
    return meeting


@dataclass(frozen=True)
class DiscussedRow:
    person_id: UUID
    name: str
    openable: bool
    decision: str
    recorded_by: str


@dataclass(frozen=True)
class ActionRow:
    pk: int
    text: str
    about: str
    owner: str
    agency: str
    due_on: date
    status: str
    status_words: str
    overdue: bool
    may_update: bool


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    chair: str
    attendees: list[tuple[str, list[str]]]  # (agency, names)
    agenda: list[QueueRow]
    operations: list[Operation]
    discussed: list[DiscussedRow]
    actions: list[ActionRow]


def _attendees(meeting: Meeting) -> list[tuple[str, list[str]]]:
    by_agency: dict[str, list[str]] = {}
    for user in meeting.attendees.select_related("agency").order_by(
        "agency__name", "last_name", "first_name", "username"
    ):
        by_agency.setdefault(user.agency.name if user.agency else "", []).append(user.display_name)
    return list(by_agency.items())


def meeting_page(viewer: Viewer, meeting_id: int, *, route: str) -> MeetingPage:
    """Everything the meeting's page (or its minutes) shows, audited before it is returned."""
    meeting = meeting_of_attendee(viewer, meeting_id, route=route)
    discussed = list(meeting.discussed.select_related("recorded_by").order_by("pk"))
    actions = list(meeting.actions.select_related("owner", "owner_agency"))
    people = {d.person_id for d in discussed} | {a.person_id for a in actions if a.person_id}
    names = names_of(viewer, people)
    audit_people(
        viewer,
        target_type="meeting",
        target_id=str(meeting.pk),
        route=route,
        people=sorted(str(p) for p in people),
    )
    agenda = queue_rows(viewer, list(queue_flags(viewer)[:AGENDA_LONGEST]))
    operations = list(
        Operation.objects.filter(case__members=viewer.user_id, case__closed_at__isnull=True)
        .distinct()
        .order_by("name")
    )
    today = timezone.localdate()
    return MeetingPage(
        meeting=meeting,
        chair=meeting.chair.display_name,
        attendees=_attendees(meeting),
        agenda=agenda,
        operations=operations,
        discussed=[
            DiscussedRow(
                d.person_id,
                names.get(d.person_id, NAME_WITHHELD),
                d.person_id in names,
                d.decision,
                d.recorded_by.display_name,
            )
            for d in discussed
        ],
        actions=[_action_row(viewer, meeting, a, names, today) for a in actions],
    )


def _action_row(
    viewer: Viewer, meeting: Meeting, action: MeetingAction, names: dict[UUID, str], today: date
) -> ActionRow:
    about = "" if action.person_id is None else names.get(action.person_id, NAME_WITHHELD)
    return ActionRow(
        action.pk,
        action.text,
        about,
        action.owner.display_name,
        action.owner_agency.name,
        action.due_on,
        action.status,
        action.get_status_display(),
        action.status == MeetingAction.Status.OPEN and action.due_on < today,
        can(viewer, Action.MEETING_ACTION_UPDATE, AgreedAction(action.owner_id, meeting.chair_id)),
    )


def action_of(viewer: Viewer, meeting_id: int, action_id: int, *, route: str) -> MeetingAction:
    """The meeting's action, for the rule to judge; a missing one: the audited 404."""
    action = (
        MeetingAction.objects.filter(pk=action_id, meeting_id=meeting_id)
        .select_related("meeting")
        .first()
    )
    if action is None:
        audit.record(
            actor=viewer.user,
            verb=Verb.REFUSED,
            target_type="meeting",
            target_id=str(meeting_id),
            detail={"route": route, "action": action_id},
        )
        raise Http404("Not found")
    return action
