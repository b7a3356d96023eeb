"""A meeting is its hub's: its agenda holds the flags and operations of that hub only, and
only for attendees who work in it; its page and minutes are audited as the meeting (not
as the triage queue), naming people only as the viewer may see them; and convening
refuses attendees from another hub, switched off, or of no agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from safehub.access.actions import PersonTarget
from safehub.access.models import CaseKind, CaseTeam
from safehub.access.policy import viewer_for
from safehub.access.queries import NAME_WITHHELD
from safehub.agencies.models import Agency, Hub, HubScope, Role, SharingCondition, User
from safehub.audit.models import AuditEvent, Verb
from safehub.meetings.forms import MeetingHoldForm
from safehub.meetings.models import Discussed, Meeting
from safehub.meetings.services import action_agree, discussed_record, meeting_hold
from safehub.network.queries.people import PEOPLE_PER_ROW
from safehub.operations.models import Operation
from safehub.records.models import Person
from safehub.screening.models import Flag
from safehub.screening.queue import queue_flags
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

HELD_ON = date(2026, 3, 2)


@dataclass
class Hubs:
    """Northvale and Southvale; the region's police see both hubs' schools' records."""

    police: Agency
    north_school: Agency
    chair: User  # a police supervisor who works in Northvale
    teacher: User  # of Northvale's school (no team: her agency's hub)
    south_officer: User  # a police officer who works in Southvale
    north_girl: Person  # flagged, known to Northvale's school
    south_girl: Person  # flagged, known to Southvale's school
    boy: Person  # known to the police only


def _hubs() -> Hubs:
    northvale, southvale = f.hub("northvale"), f.hub("southvale")
    police = f.agency("police")  # region-wide: no hub of its own
    north_school = f.agency("nschool", "education", hub=northvale)
    south_school = f.agency("sschool", "education", hub=southvale)
    for school in (north_school, south_school):
        f.agreement(school, police, condition=SharingCondition.ALWAYS, scope=HubScope.ANY_HUB)
    north_girl = f.record(north_school, given_names="Kayleigh", family_name="Doyle").person
    south_girl = f.record(south_school, given_names="Shannon", family_name="Price").person
    for girl in (north_girl, south_girl):
        Flag.objects.create(person=girl, raised_on=date(2026, 3, 1), score=9.0, rules=[])
    return Hubs(
        police=police,
        north_school=north_school,
        chair=f.user(police, Role.SUPERVISOR, team=f.team(northvale)),
        teacher=f.user(north_school, Role.PRACTITIONER),
        south_officer=f.user(police, Role.PRACTITIONER, team=f.team(southvale)),
        north_girl=north_girl,
        south_girl=south_girl,
        boy=f.record(police, given_names="Jay", family_name="Marsh").person,
    )


def _hub_of(user: User) -> Hub:
    assert user.team is not None
    return user.team.hub


def _meeting_page(client: Client, meeting: Meeting, name: str = "meeting_detail") -> str:
    answer = client.get(reverse(name, kwargs={"meeting_id": meeting.pk}))
    assert answer.status_code == 200
    return answer.content.decode()


def _views_since(user: User, last: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor=user, verb=Verb.VIEW, pk__gt=last).order_by("pk"))


def _last_audit() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_meeting_page_is_audited_as_the_meeting_naming_its_people_not_as_the_queue(
    client: Client,
) -> None:
    hubs = _hubs()
    meeting = meeting_hold(actor=hubs.chair, kind="triage", held_on=HELD_ON)
    boy = PersonTarget(hubs.boy.pk, frozenset({hubs.police.pk}), openable=True)
    discussed_record(actor=hubs.chair, meeting=meeting, person=boy, decision="Visit.")
    sign_in(client, hubs.chair)
    last = _last_audit()

    text = _meeting_page(client, meeting)

    assert "Kayleigh Doyle" in text
    assert "Jay Marsh" in text
    views = _views_since(hubs.chair, last)
    assert [(v.target_type, v.target_id, v.detail["route"]) for v in views] == [
        ("meeting", str(meeting.pk), "meeting_detail")
    ]
    assert set(views[0].detail["people"]) == {str(hubs.north_girl.pk), str(hubs.boy.pk)}
    every = AuditEvent.objects.filter(pk__gt=last).values_list("detail", flat=True)
    assert "triage_queue" not in str(list(every))

    # Many people: in rows of PEOPLE_PER_ROW, the first the meeting's, as audit_people writes.
    many = [uuid4() for _ in range(PEOPLE_PER_ROW + 5)]
    Discussed.objects.bulk_create(
        Discussed(meeting=meeting, person_id=p, decision="Seen.", recorded_by=hubs.chair)
        for p in many
    )
    last = _last_audit()
    _meeting_page(client, meeting, "meeting_minutes")
    views = _views_since(hubs.chair, last)
    assert [(v.target_type, v.detail["route"]) for v in views] == [
        ("meeting", "meeting_minutes"),
        ("meeting_people", "meeting_minutes"),
    ]
    assert {v.target_id for v in views} == {str(meeting.pk)}
    listed = [p for v in views for p in v.detail["people"]]
    assert len(listed) == len(set(listed)) == PEOPLE_PER_ROW + 7
    assert set(listed) >= {str(p) for p in many}


def test_a_meeting_of_one_hub_shows_no_flag_or_operation_of_another(client: Client) -> None:
    hubs = _hubs()
    # Not vacuous: the chair's own triage queue holds both hubs' girls.
    chair_sees = set(queue_flags(viewer_for(hubs.chair)).values_list("person_id", flat=True))
    assert chair_sees == {hubs.north_girl.pk, hubs.south_girl.pk}
    for name, hub in (("Op North", _hub_of(hubs.chair)), ("Op South", _hub_of(hubs.south_officer))):
        case = CaseTeam.objects.create(kind=CaseKind.OPERATION, reference=name, hub=hub)
        case.members.add(hubs.chair)
        Operation.objects.create(
            case=case, name=name, scope="CSE", senior_officer=hubs.chair, opened_by=hubs.chair
        )
    meeting = meeting_hold(actor=hubs.chair, kind="triage", held_on=HELD_ON)
    assert meeting.hub == _hub_of(hubs.chair)
    sign_in(client, hubs.chair)

    text = _meeting_page(client, meeting)

    assert "Kayleigh Doyle" in text
    assert str(hubs.north_girl.pk) in text
    assert "Shannon Price" not in text
    assert str(hubs.south_girl.pk) not in text
    assert "Op North" in text
    assert "Op South" not in text
    views = AuditEvent.objects.filter(actor=hubs.chair, verb=Verb.VIEW, target_type="meeting")
    assert str(hubs.south_girl.pk) not in str(list(views.values_list("detail", flat=True)))


def test_an_attendee_of_another_hub_sees_no_queue_through_the_meeting(client: Client) -> None:
    hubs = _hubs()
    # A meeting from before convening checked its attendees: a Southvale officer in it.
    meeting = Meeting.objects.create(
        kind="triage", held_on=HELD_ON, hub=_hub_of(hubs.chair), chair=hubs.chair
    )
    meeting.attendees.add(hubs.chair, hubs.south_officer)
    officer_sees = queue_flags(viewer_for(hubs.south_officer)).values_list("person_id", flat=True)
    assert hubs.north_girl.pk in set(officer_sees)  # on his own queue, through agreements
    sign_in(client, hubs.south_officer)

    text = _meeting_page(client, meeting)

    assert "Kayleigh Doyle" not in text
    assert "Shannon Price" not in text
    assert "shown to attendees who work in that hub" in text
    views = AuditEvent.objects.filter(actor=hubs.south_officer, target_type="meeting")
    assert [v.detail["people"] for v in views] == [[]]


def test_convening_refuses_attendees_of_another_hub_switched_off_or_of_no_agency(
    client: Client,
) -> None:
    hubs = _hubs()
    asleep = f.user(hubs.north_school, Role.PRACTITIONER, username="asleep")
    asleep.first_name, asleep.last_name, asleep.is_active = "Ada", "Sleep", False
    asleep.save()
    nobody = f.user(None, Role.PRACTITIONER, team=hubs.chair.team, username="nobody")
    hubs.south_officer.first_name, hubs.south_officer.last_name = "Sam", "South"
    hubs.south_officer.save()
    for stranger, name in (
        (hubs.south_officer, "Sam South"),
        (asleep, "Ada Sleep"),
        (nobody, "nobody"),
    ):
        with pytest.raises(ValidationError, match=f"{name} cannot attend: a meeting's attendees"):
            meeting_hold(
                actor=hubs.chair,
                kind="strategy",
                held_on=HELD_ON,
                attendees=[hubs.teacher, stranger],
            )
    assert not Meeting.objects.exists()

    offered = MeetingHoldForm(chair=hubs.chair).fields["attendees"].queryset  # type: ignore[attr-defined]
    assert list(offered) == [hubs.teacher]
    sign_in(client, hubs.chair)
    refused = client.post(
        reverse("meeting_hold"),
        {"kind": "strategy", "held_on": "2026-03-02", "attendees": [hubs.south_officer.pk]},
    )
    assert refused.status_code == 422
    assert "Choose attendees who work in your hub" in refused.content.decode()
    assert not Meeting.objects.exists()

    meeting = meeting_hold(
        actor=hubs.chair, kind="strategy", held_on=HELD_ON, attendees=[hubs.teacher]
    )
    assert set(meeting.attendees.all()) == {hubs.chair, hubs.teacher}


def test_the_minutes_withhold_a_name_the_reader_may_not_see(client: Client) -> None:
    hubs = _hubs()
    meeting = meeting_hold(
        actor=hubs.chair, kind="strategy", held_on=HELD_ON, attendees=[hubs.teacher]
    )
    boy = PersonTarget(hubs.boy.pk, frozenset({hubs.police.pk}), openable=True)
    discussed_record(actor=hubs.chair, meeting=meeting, person=boy, decision="Disrupt.")
    action_agree(
        actor=hubs.chair,
        meeting=meeting,
        text="Serve the notice",
        owner=hubs.chair,
        due_on=HELD_ON,
        person=boy,
    )
    sign_in(client, hubs.chair)
    assert "Jay Marsh" in _meeting_page(client, meeting, "meeting_minutes")
    client.logout()
    sign_in(client, hubs.teacher)  # the school sees nothing of the police's

    for name in ("meeting_minutes", "meeting_detail"):
        last = _last_audit()
        text = _meeting_page(client, meeting, name)
        assert "Jay" not in text
        assert "Marsh" not in text
        assert str(hubs.boy.pk) not in text
        assert f"For {NAME_WITHHELD}" in text
        assert "Disrupt." in text
        assert "Kayleigh Doyle" in text  # her own school's girl: on her hub's agenda
        (view,) = _views_since(hubs.teacher, last)
        assert (view.target_type, view.target_id, view.detail["route"]) == (
            "meeting",
            str(meeting.pk),
            name,
        )
