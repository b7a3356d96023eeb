"""A strategy meeting as the hub holds it: convened by a supervisor, a decision for the
girl discussed, actions agreed with owners and dates — one overdue, on its owner's home
page until it is done — and nobody outside the meeting recording for it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safehub.access.actions import ActionRefused, PersonTarget
from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent
from safehub.meetings.models import MeetingAction
from safehub.meetings.services import (
    action_agree,
    action_status_set,
    discussed_record,
    meeting_hold,
)
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_a_meeting_decides_and_its_overdue_action_waits_on_the_owners_home_page(
    client: Client,
) -> None:
    northvale = f.hub("northvale")
    police, school = f.agency("police"), f.agency("school", "education", hub=northvale)
    chair = f.user(police, Role.SUPERVISOR, team=f.team(northvale))
    teacher = f.user(school, Role.PRACTITIONER)
    girl = f.record(school, given_names="Kayleigh").person
    held_on = timezone.localdate() - timedelta(days=10)
    meeting = meeting_hold(actor=chair, kind="strategy", held_on=held_on, attendees=[teacher])
    target = PersonTarget(girl.pk, frozenset({school.pk}), openable=True)
    discussed_record(
        actor=teacher,
        meeting=meeting,
        person=target,
        decision="Refer to the complex safeguarding team; school to share attendance weekly.",
    )
    late = action_agree(
        actor=chair,
        meeting=meeting,
        text="Share the attendance records since September",
        owner=teacher,
        due_on=held_on + timedelta(days=2),
        person=target,
    )
    action_agree(
        actor=chair,
        meeting=meeting,
        text="Check the taxi firm's licence",
        owner=chair,
        due_on=timezone.localdate() + timedelta(days=5),
    )
    sign_in(client, teacher)
    home = client.get("/").content.decode()
    assert "Share the attendance records since September" in home
    assert "Check the taxi firm" not in home  # not hers, and not overdue
    action_status_set(actor=teacher, action=late, status=MeetingAction.Status.DONE)
    assert "Share the attendance records" not in client.get("/").content.decode()
    details = AuditEvent.objects.filter(verb="meeting_recorded").values_list("detail", flat=True)
    assert "attendance" not in str(list(details))  # the words stay out of the audit log


def test_only_who_was_there_records_for_the_meeting() -> None:
    police = f.agency("police")
    chair = f.user(police, Role.SUPERVISOR)
    meeting = meeting_hold(actor=chair, kind="mace", held_on=date(2026, 3, 1))
    absent = f.user(police, Role.SUPERVISOR)
    girl = f.record(police).person
    with pytest.raises(ActionRefused):
        discussed_record(
            actor=absent,
            meeting=meeting,
            person=PersonTarget(girl.pk, frozenset({police.pk}), openable=True),
            decision="Monitor.",
        )
    with pytest.raises(ActionRefused):
        meeting_hold(
            actor=f.user(police, Role.PRACTITIONER), kind="triage", held_on=date(2026, 3, 1)
        )


def test_an_action_is_due_on_or_after_its_meeting_and_owned_in_an_agency() -> None:
    police = f.agency("police")
    chair = f.user(police, Role.SUPERVISOR)
    meeting = meeting_hold(actor=chair, kind="triage", held_on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="on or after the meeting"):
        action_agree(
            actor=chair, meeting=meeting, text="Visit", owner=chair, due_on=date(2026, 2, 1)
        )
    stranger = f.user(police, Role.PRACTITIONER)
    action = action_agree(
        actor=chair, meeting=meeting, text="Visit", owner=stranger, due_on=date(2026, 3, 2)
    )
    with pytest.raises(ActionRefused):  # neither its owner nor the chair
        action_status_set(actor=f.user(police, Role.SUPERVISOR), action=action, status="done")
