"""The reads of meetings: a user's overdue actions (for their home page)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from safehub.agencies.models import User
from safehub.meetings.models import MeetingAction


def overdue_actions(user: User, today: date) -> QuerySet[MeetingAction]:
    """The open actions `user` owns whose date has passed, the longest overdue first.
    Their words only: an action names no person (its person is a reference)."""
    return MeetingAction.objects.filter(
        owner=user, status=MeetingAction.Status.OPEN, due_on__lt=today
    ).select_related("meeting")
