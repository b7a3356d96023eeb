"""The meetings' API as a hub uses it: a supervisor convenes a meeting with a colleague,
records what it decided for a girl and agrees an action the colleague owns, who marks it
done; anyone who neither chaired nor attended gets the JSON 404 of a missing meeting, and
an action they neither own nor chaired the 404 of a missing action; bad input is refused
naming the field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.meetings.models import Meeting, MeetingAction
from tests import factories as f
from tests.api.conftest import bearer, token_for
from tests.api.test_schema import _assert_matches

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v1/meetings/"


@dataclass
class Room:
    police: Agency
    chair: User
    attendee: User
    outsider: User


@pytest.fixture
def room(db: None) -> Room:
    police = f.agency("police", hub=f.hub("northvale"))
    return Room(
        police,
        f.user(police, Role.SUPERVISOR),
        f.user(police, Role.PRACTITIONER),
        f.user(police, Role.PRACTITIONER),
    )


def _post(user: User, url: str, body: Any) -> Any:
    return Client().post(
        url, body, content_type="application/json", headers=bearer(token_for(user))
    )


def _get(user: User, url: str) -> Any:
    return Client().get(url, headers=bearer(token_for(user)))


def _hold(room: Room) -> Meeting:
    answer = _post(
        room.chair,
        MEETINGS,
        {"kind": "strategy", "held_on": "2026-01-05", "attendees": [room.attendee.pk]},
    )
    assert answer.status_code == 201, answer.json()
    return Meeting.objects.get(pk=answer.json()["id"])


def _agree(room: Room, meeting: Meeting, **body: Any) -> Any:
    return _post(
        room.chair,
        f"{MEETINGS}{meeting.pk}/actions/",
        {"text": "Share the attendance records", "owner": room.attendee.pk, **body},
    )


def test_a_meeting_records_its_decisions_and_actions_through_the_api(room: Room) -> None:
    meeting = _hold(room)
    girl = f.record(room.police, given_names="Kayleigh").person_id
    discussed = _post(
        room.chair,
        f"{MEETINGS}{meeting.pk}/discussed/",
        {"person": str(girl), "decision": "Refer to the CSE team"},
    )
    assert discussed.status_code == 201
    agreed = _agree(room, meeting, due_on="2026-01-09", person=str(girl))
    assert agreed.status_code == 201, agreed.json()
    action = agreed.json()["id"]

    listed = _get(room.attendee, MEETINGS).json()
    assert [row["id"] for row in listed["results"]] == [meeting.pk]
    page = _get(room.attendee, f"{MEETINGS}{meeting.pk}/")
    assert page.status_code == 200
    body = page.json()
    assert [(d["name"].split()[0], d["decision"]) for d in body["discussed"]] == [
        ("Kayleigh", "Refer to the CSE team")
    ]
    assert [(a["id"], a["may_update"]) for a in body["actions"]] == [(action, True)]
    schema = SchemaGenerator().get_schema(request=None, public=True)
    _assert_matches(schema, "/api/v1/meetings/{meeting_id}/", "get", 200, body)
    assert AuditEvent.objects.filter(
        actor=room.attendee, verb=Verb.VIEW, target_type="meeting"
    ).exists()

    done = _post(room.attendee, f"/api/v1/actions/{action}/status/", {"status": "done"})
    assert done.status_code == 200
    assert MeetingAction.objects.get(pk=action).status == "done"


def test_someone_who_did_not_attend_gets_the_404_of_a_missing_meeting(room: Room) -> None:
    meeting = _hold(room)
    action = _agree(room, meeting, due_on="2026-01-09").json()["id"]
    missing = meeting.pk + 1000
    refused = _get(room.outsider, f"{MEETINGS}{meeting.pk}/")
    absent = _get(room.outsider, f"{MEETINGS}{missing}/")
    assert refused.status_code == absent.status_code == 404
    assert refused.json() == absent.json() == {"detail": "Not found"}
    girl = f.record(room.police).person_id
    body = {"person": str(girl), "decision": "Close"}
    assert _post(room.outsider, f"{MEETINGS}{meeting.pk}/discussed/", body).status_code == 404
    assert not meeting.discussed.exists()

    # An action they neither own nor chaired: as one that does not exist.
    theirs = _post(room.outsider, f"/api/v1/actions/{action}/status/", {"status": "done"})
    nobodys = _post(room.outsider, f"/api/v1/actions/{action + 1000}/status/", {"status": "done"})
    assert theirs.status_code == nobodys.status_code == 404
    assert theirs.json() == nobodys.json()
    assert MeetingAction.objects.get(pk=action).status == "open"
    assert _get(room.outsider, MEETINGS).json()["results"] == []


def test_bad_input_is_refused_naming_the_field(room: Room) -> None:
    meeting = _hold(room)
    not_an_owner = _agree(room, meeting, due_on="2026-01-09", owner=room.outsider.pk)
    assert not_an_owner.status_code == 404  # as a missing user
    assert "owner" in not_an_owner.json()["detail"]
    not_a_date = _agree(room, meeting, due_on="next week")
    assert not_a_date.status_code == 400
    assert set(not_a_date.json()) == {"due_on"}
    before_the_meeting = _agree(room, meeting, due_on="2025-12-01")
    assert before_the_meeting.status_code == 422
    assert "on or after the meeting" in before_the_meeting.json()["non_field_errors"][0]

    action = _agree(room, meeting, due_on="2026-01-09").json()["id"]
    not_a_status = _post(room.chair, f"/api/v1/actions/{action}/status/", {"status": "half"})
    assert not_a_status.status_code == 400
    assert set(not_a_status.json()) == {"status"}


def test_a_practitioner_cannot_convene_a_meeting(room: Room) -> None:
    answer = _post(room.attendee, MEETINGS, {"kind": "triage", "held_on": "2026-01-05"})
    assert answer.status_code == 404
    assert not Meeting.objects.exists()
