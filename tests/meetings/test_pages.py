"""The meetings' pages: a supervisor convenes a strategy meeting with a teacher from the
school, the teacher records the decision for the girl discussed, an action is agreed and
marked done, the minutes hold both — and someone who was not there gets the 404 of a
meeting that does not exist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent, Verb
from safehub.meetings.models import Meeting, MeetingAction
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_a_meeting_is_convened_decides_agrees_an_action_and_prints_its_minutes(
    client: Client,
) -> None:
    northvale = f.hub("northvale")
    police = f.agency("police", hub=northvale)
    school = f.agency("school", "education", hub=northvale)
    chair = f.user(police, Role.SUPERVISOR, team=f.team(northvale))
    teacher = f.user(school, Role.PRACTITIONER, username="teacher")
    girl = f.record(school, given_names="Kayleigh", family_name="Doyle").person
    today = timezone.localdate()

    sign_in(client, chair)
    listed = client.get(reverse("meeting_list"))
    assert listed.status_code == 200
    assert "Convene a meeting" in listed.content.decode()
    held = client.post(
        reverse("meeting_hold"),
        {"kind": "strategy", "held_on": today.isoformat(), "attendees": [teacher.pk]},
    )
    meeting = Meeting.objects.get(chair=chair)
    assert held.status_code == 302
    assert held["Location"] == reverse("meeting_detail", kwargs={"meeting_id": meeting.pk})
    assert set(meeting.attendees.all()) == {chair, teacher}

    client.logout()
    sign_in(client, teacher)
    assert reverse("meeting_detail", kwargs={"meeting_id": meeting.pk}) in (
        client.get(reverse("meeting_list")).content.decode()
    )
    decided = client.post(
        reverse("discussed_record", kwargs={"meeting_id": meeting.pk}),
        {"person": str(girl.pk), "decision": "Refer to the complex safeguarding team."},
    )
    assert decided.status_code == 302
    page = client.get(reverse("meeting_detail", kwargs={"meeting_id": meeting.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kayleigh Doyle" in text
    assert "Refer to the complex safeguarding team." in text
    viewed = AuditEvent.objects.filter(actor=teacher, verb=Verb.VIEW, target_type="meeting")
    assert str(girl.pk) in str(list(viewed.values_list("detail", flat=True)))

    agreed = client.post(
        reverse("action_agree", kwargs={"meeting_id": meeting.pk}),
        {
            "text": "Share attendance since September",
            "owner": teacher.pk,
            "due_on": (today + timedelta(days=7)).isoformat(),
            "person": str(girl.pk),
        },
    )
    assert agreed.status_code == 302
    action = MeetingAction.objects.get(meeting=meeting)
    assert action.owner == teacher
    assert action.owner_agency == school
    done = client.post(
        reverse("action_status_set", kwargs={"meeting_id": meeting.pk, "action_id": action.pk}),
        {"status": "done"},
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == MeetingAction.Status.DONE

    minutes = client.get(reverse("meeting_minutes", kwargs={"meeting_id": meeting.pk}))
    text = minutes.content.decode()
    assert minutes.status_code == 200
    assert "Refer to the complex safeguarding team." in text
    assert "Share attendance since September" in text
    assert "Kayleigh Doyle" in text
    assert "<form" not in text.split('id="main-content"')[-1]  # no forms on the minutes


def test_someone_who_was_not_there_gets_the_404_of_a_missing_meeting(client: Client) -> None:
    police = f.agency("police")
    chair = f.user(police, Role.SUPERVISOR)
    stranger = f.user(police, Role.SUPERVISOR)
    sign_in(client, chair)
    client.post(reverse("meeting_hold"), {"kind": "mace", "held_on": "2026-03-01"})
    meeting = Meeting.objects.get(chair=chair)
    client.logout()
    sign_in(client, stranger)
    for name in ("meeting_detail", "meeting_minutes"):
        refused = client.get(reverse(name, kwargs={"meeting_id": meeting.pk}))
        missing = client.get(reverse(name, kwargs={"meeting_id": meeting.pk + 1000}))
        assert refused.status_code == missing.status_code == 404
    assert AuditEvent.objects.filter(actor=stranger, verb=Verb.REFUSED).count() == 4


def test_a_bad_action_is_shown_in_the_error_summary(client: Client) -> None:
    police = f.agency("police")
    chair = f.user(police, Role.SUPERVISOR)
    sign_in(client, chair)
    client.post(reverse("meeting_hold"), {"kind": "triage", "held_on": "2026-03-01"})
    meeting = Meeting.objects.get(chair=chair)
    answer = client.post(
        reverse("action_agree", kwargs={"meeting_id": meeting.pk}),
        {"text": "Visit", "owner": chair.pk, "due_on": "2026-02-01"},
    )
    assert answer.status_code == 422
    assert "govuk-error-summary" in answer.content.decode()
    assert "due on or after the meeting" in answer.content.decode()
    assert not MeetingAction.objects.exists()
