"""When a link run finds that two Persons are one — a survivor named in an operation
under one record and discussed at a meeting under another, a suspect with facts recorded
twice — the operation's and the meeting's rows follow the records into the one Person
that remains, through the run's own write (`linking.writes`), and nothing is lost."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from safehub.access.models import CaseRole
from safehub.access.policy import viewer_for
from safehub.agencies.models import Role, User
from safehub.linking import writes
from safehub.linking.assignment import AssignmentPlan
from safehub.meetings.models import Discussed, Meeting, MeetingAction
from safehub.operations.disruptions import disruption_record
from safehub.operations.models import (
    Disruption,
    NominalStatus,
    Operation,
    SuspectFacts,
)
from safehub.operations.pages import nominal_target
from safehub.operations.services import current, nominal_add, nominal_status_set, operation_open
from safehub.records.models import Person, PersonRecord
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _merge(gone: Person, heir: Person) -> None:
    """What a link run writes when it puts `gone`'s records with `heir`'s."""
    records = list(PersonRecord.objects.filter(person=gone).values_list("pk", flat=True))
    target = dict.fromkeys(records, heir.pk)
    plan = AssignmentPlan(target=target, moves={heir.pk: records}, emptied={gone.pk: heir.pk})
    writes.records_move(plan)
    writes.access_rows_follow(plan)
    writes.persons_delete_empty(plan)
    assert not Person.objects.filter(pk=gone.pk).exists()


def _name(operation: Operation, supervisor: User, person: Person, role: CaseRole) -> None:
    nominal_add(
        actor=supervisor,
        operation=operation,
        person=nominal_target(viewer_for(supervisor), person.pk),
        role=role,
        on=date(2026, 1, 5),
    )


def test_an_operations_and_a_meetings_rows_follow_a_merged_person(client: Client) -> None:
    police = f.agency("police")
    supervisor = f.user(police, Role.SUPERVISOR)
    operation = operation_open(
        actor=supervisor,
        name="Operation Alder",
        scope="The flats above the takeaway, 2005-2009",
        senior_officer=supervisor,
        institution="care",
    )
    # One girl as two Persons: "Kayleigh Smith" named in the operation and taken on to
    # traced; "Kay Smyth" discussed at a meeting, which gave an action for her.
    kayleigh = f.record(police, given_names="Kayleigh", family_name="Smith").person
    kay = f.record(police, given_names="Kay", family_name="Smyth").person
    _name(operation, supervisor, kayleigh, CaseRole.VICTIM)
    nominal_status_set(
        actor=supervisor, operation=operation, person_id=kayleigh.pk, status="traced",
        on=date(2026, 1, 9),
    )  # fmt: skip
    # One man as two Persons, both named as suspects: one recorded as deceased, an order
    # served on the other.
    dean = f.record(police, given_names="Dean", family_name="Barker").person
    deano = f.record(police, given_names="Deano", family_name="Barker").person
    _name(operation, supervisor, dean, CaseRole.SUSPECT)
    _name(operation, supervisor, deano, CaseRole.SUSPECT)
    SuspectFacts.objects.create(
        operation=operation, person_id=deano.pk, deceased=True, recorded_by=supervisor
    )
    SuspectFacts.objects.create(
        operation=operation, person_id=dean.pk, public_prominence=False, recorded_by=supervisor
    )
    disruption_record(
        actor=supervisor, operation=operation, person_id=deano.pk, kind="cawn",
        served_on=date(2026, 1, 12),
    )  # fmt: skip
    meeting = Meeting.objects.create(kind="strategy", held_on=date(2026, 1, 20), chair=supervisor)
    meeting.attendees.add(supervisor)
    for person, decision in ((kayleigh, "Refer to the CSE team"), (kay, "ISVA to be offered")):
        Discussed.objects.create(
            meeting=meeting, person_id=person.pk, decision=decision, recorded_by=supervisor
        )
    MeetingAction.objects.create(
        meeting=meeting, person_id=kay.pk, text="Ask the school", owner=supervisor,
        owner_agency=police, due_on=date(2026, 2, 1),
    )  # fmt: skip

    _merge(kay, kayleigh)
    _merge(deano, dean)

    # Her history is hers still, and where she is now; the meeting's decisions and
    # action are hers, both decisions kept.
    now = current(operation, kayleigh.pk)
    assert now is not None
    assert now.status == "traced"
    (discussed,) = Discussed.objects.filter(meeting=meeting)
    assert discussed.person_id == kayleigh.pk
    assert discussed.decision == "Refer to the CSE team\n\nISVA to be offered"
    assert MeetingAction.objects.get().person_id == kayleigh.pk
    # His two histories are one man's; what was recorded of either is true of him.
    assert set(NominalStatus.objects.values_list("person_id", flat=True)) == {
        kayleigh.pk,
        dean.pk,
    }
    (facts,) = SuspectFacts.objects.filter(operation=operation)
    assert (facts.person_id, facts.deceased) == (dean.pk, True)
    assert Disruption.objects.get().person_id == dean.pk
    assert set(operation.case.people.values_list("person_id", flat=True)) == {
        kayleigh.pk,
        dean.pk,
    }
    # The operation's page names the two people that remain.
    sign_in(client, supervisor)
    page = client.get(reverse("operation_detail", kwargs={"operation_id": operation.pk}))
    assert page.status_code == 200
    assert "Kayleigh" in page.content.decode()
    assert "Dean" in page.content.decode()
