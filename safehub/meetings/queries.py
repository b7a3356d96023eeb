"""The reads of meetings: a user's overdue actions (for their home page), and who may
attend a meeting (a meeting is its hub's: its attendees and its agenda are that hub's)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from safehub.agencies.hubs import hub_of
from safehub.agencies.models import User
from safehub.meetings.models import MeetingAction


def overdue_actions(user: User, today: date) -> QuerySet[MeetingAction]:
    """The open actions `user` owns whose date has passed, the longest overdue first.
    Their words only: an action names no person (its person is a reference)."""
    return MeetingAction.objects.filter(
        owner=user, status=MeetingAction.Status.OPEN, due_on__lt=today
    ).select_related("meeting")


def may_attend(user: User, hub_id: int | None) -> bool:
    """An active user of an agency, who works in the meeting's hub."""
    return (
        user.is_active
        and user.agency_id is not None
        and hub_id is not None
        and hub_of(user) == hub_id
    )
