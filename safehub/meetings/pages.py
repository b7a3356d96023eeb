"""The reads behind the meetings' pages: the viewer's meetings, and one meeting (its
agenda, the people it discussed with its decisions, its actions) for its chair and
attendees who may see personal data; anyone else gets the audited 404 of a missing one.
People are named only as the access policy lets the viewer see them, and every page
naming them is audited, as that page and before it is returned.

The agenda is the meeting's hub's: the flags of the viewer's triage queue in that hub
(the queue's own hub filter: a record the viewer sees, held by an agency of the hub) and
the viewer's open operations of that hub — and only to an attendee who works in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Q
from django.utils import timezone

from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.access.queries import NAME_WITHHELD
from safehub.access.refusals import refused_as_missing
from safehub.access.targets import AgreedAction
from safehub.agencies.hubs import hub_of
from safehub.meetings.models import Meeting, MeetingAction
from safehub.network.queries.people import audit_people, names_of
from safehub.operations.models import Operation
from safehub.screening import evidence
from safehub.screening.models import Flag, Screening
from safehub.screening.queue import NOT_NOW, Filters, queue_flags

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
        raise refused_as_missing(viewer, "meeting", meeting_id, route)
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
class AgendaRow:
    """A flag of the meeting's hub waiting in the viewer's triage queue."""

    flag_id: int
    person_id: UUID
    name: str
    status: str  # new, new evidence, review due
    harm: bool
    reasons: list[str]  # as the viewer may be told them (evidence.reasons)


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    chair: str
    attendees: list[tuple[str, list[str]]]  # (agency, names)
    in_hub: bool  # the viewer works in the meeting's hub: the agenda is for them
    agenda: list[AgendaRow]
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


def _in_hub(viewer: Viewer, meeting: Meeting) -> bool:
    return meeting.hub_id is not None and hub_of(viewer.user) == meeting.hub_id


def _agenda_flags(viewer: Viewer, meeting: Meeting, in_hub: bool) -> list[Flag]:
    """The top of the viewer's triage queue, filtered to the meeting's hub as the queue
    filters by hub. Read only: `queue_rows` would audit them as route `triage_queue`,
    so the rows are made here (`_agenda`) and the page audits them as the meeting."""
    if not in_hub:
        return []
    return list(queue_flags(viewer, Filters(hub=meeting.hub_id))[:AGENDA_LONGEST])


def _agenda(viewer: Viewer, flags: list[Flag], names: dict[UUID, str]) -> list[AgendaRow]:
    told = evidence.reasons(
        viewer, Screening.objects.filter(person_id__in=[f.person_id for f in flags])
    )
    return [
        AgendaRow(
            flag.pk,
            flag.person_id,
            names.get(flag.person_id, NAME_WITHHELD),
            "Review due" if flag.status == Flag.Status.MONITOR else flag.get_status_display(),
            flag.harm,
            told.get(flag.person_id, [NOT_NOW]),
        )
        for flag in flags
    ]


def _operations(viewer: Viewer, meeting: Meeting, in_hub: bool) -> list[Operation]:
    """The viewer's open operations of the meeting's hub."""
    if not in_hub or meeting.hub_id is None:
        return []
    return list(
        Operation.objects.filter(
            case__members=viewer.user_id,
            case__closed_at__isnull=True,
            case__hub_id=meeting.hub_id,
        )
        .distinct()
        .order_by("name")
    )


def meeting_page(viewer: Viewer, meeting_id: int, *, route: str) -> MeetingPage:
    """Everything the meeting's page (or its minutes: `route`) shows: the people it names
    are audited as a view of the meeting under `route`, in rows as `audit_people` writes
    them, before it is returned."""
    meeting = meeting_of_attendee(viewer, meeting_id, route=route)
    in_hub = _in_hub(viewer, meeting)
    flags = _agenda_flags(viewer, meeting, in_hub)
    discussed = list(meeting.discussed.select_related("recorded_by").order_by("pk"))
    actions = list(meeting.actions.select_related("owner", "owner_agency"))
    people = (
        {d.person_id for d in discussed}
        | {a.person_id for a in actions if a.person_id}
        | {flag.person_id for flag in flags}
    )
    names = names_of(viewer, people)
    audit_people(
        viewer,
        target_type="meeting",
        target_id=str(meeting.pk),
        route=route,
        people=sorted(str(p) for p in people),
    )
    today = timezone.localdate()
    return MeetingPage(
        meeting=meeting,
        chair=meeting.chair.display_name,
        attendees=_attendees(meeting),
        in_hub=in_hub,
        agenda=_agenda(viewer, flags, names),
        operations=_operations(viewer, meeting, in_hub),
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
        raise refused_as_missing(viewer, "meeting", meeting_id, route, action=action_id)
    return action
