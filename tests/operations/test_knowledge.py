"""The pre-contact review's "what each agency knows about her": a police officer of the
team sees police records in full and a clinic attendance only as "held by" the health
agency, with no service or kind named; an agreement opens the shared agency's facts; a
small count of withheld events is a band; a suspect is flagged as living with or near her
only when the viewer sees both addresses; and the read is audited with everyone it
consulted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.http import Http404
from django.template.loader import render_to_string

from safehub.access.models import CaseRole
from safehub.access.policy import viewer_for
from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.operations.knowledge import (
    SAME_ADDRESS,
    SAME_DISTRICT,
    Knowledge,
    what_agencies_know,
)
from safehub.operations.models import Operation
from safehub.operations.pages import nominal_target
from safehub.operations.services import nominal_add, operation_open
from safehub.records.models import Person, PersonRecord
from tests import factories as f

pytestmark = pytest.mark.django_db


@dataclass
class World:
    police: Agency
    health: Agency
    officer: User
    operation: Operation
    survivor: Person
    police_record: PersonRecord
    health_record: PersonRecord


def _name(operation: Operation, person: Person, role: CaseRole, by: User) -> None:
    nominal_add(
        actor=by,
        operation=operation,
        person=nominal_target(viewer_for(by), person.pk),
        role=role,
        on=date(2026, 1, 5),
    )


def _world() -> World:
    police = f.agency("police")
    health = f.agency("health", "health", record_sensitivity="health")
    supervisor = f.user(police, Role.SUPERVISOR)
    officer = f.user(police, Role.PRACTITIONER)
    operation = operation_open(
        actor=supervisor,
        name="Operation Alder",
        scope="Parties at a flat above the arcade, 2005-2007",
        senior_officer=supervisor,
        members=[officer],
    )
    mine = f.record(
        police,
        given_names="Jade",
        family_name="Hollis",
        date_of_birth="2008-04-02",
        address="12 Mill Lane",
        postcode="NV1 2AB",
    )
    f.event(mine, "missing_episode", summary="Missing overnight from home")
    theirs = f.record(health, person=mine.person, given_names="Jade", family_name="Hollis")
    f.event(
        theirs,
        "sexual_health_attendance",
        sensitivity="sexual_health",
        summary="Seen at the SH clinic",
    )
    _name(operation, mine.person, CaseRole.VICTIM, supervisor)
    return World(police, health, officer, operation, mine.person, mine, theirs)


def _know(world: World, user: User | None = None) -> tuple[Knowledge, str]:
    knowledge = what_agencies_know(
        viewer_for(user or world.officer), world.operation, world.survivor.pk
    )
    return knowledge, render_to_string("operations/_knowledge.html", {"knowledge": knowledge})


def _suspect(world: World, address: str = "", postcode: str = "") -> PersonRecord:
    """A suspect of the operation, known to the police (so the team could name him)."""
    record = f.record(
        world.police, given_names="Dean", family_name="Barker", address=address, postcode=postcode
    )
    supervisor = world.operation.senior_officer
    _name(world.operation, record.person, CaseRole.SUSPECT, supervisor)
    return record


def test_police_see_their_records_in_full_and_the_clinic_only_as_held_by_health() -> None:
    world = _world()
    knowledge, text = _know(world)
    police, health = knowledge.agencies[1], knowledge.agencies[0]
    assert (health.agency_name, police.agency_name) == ("Northvale Health", "Northvale Police")
    assert [r.name for r in police.records] == ["Jade Hollis"]
    assert police.records[0].date_of_birth == "2008-04-02"
    assert police.records[0].address == "12 Mill Lane NV1 2AB"
    assert [e.label for e in police.events] == ["missing episode"]
    assert "Missing overnight from home" in text
    assert "2008-04-02" in text
    assert not health.sees_anything
    assert health.held
    assert "Held by Northvale Health" in text
    lowered = text.lower()
    for named in ("sexual", "clinic", "attendance", "seen at"):
        assert named not in lowered, named
    # The sensitive event is not counted either: no number of withheld events at all.
    assert health.held_events == 0
    assert "Events you may not see" not in text


def test_an_agreement_opens_what_the_shared_agency_holds() -> None:
    world = _world()
    f.agreement(world.health, world.police, "general", "health")
    f.event(world.health_record, "ae_attendance", sensitivity="health", summary="Cut hand")
    knowledge, text = _know(world)
    health = next(a for a in knowledge.agencies if a.agency == "health")
    assert [r.record_id for r in health.records] == [world.health_record.record_id]
    assert [e.label for e in health.events] == ["A&E attendance"]
    assert "Cut hand" in text
    assert [(n.topic, n.kinds) for n in knowledge.needs] == [("Health", ("A&E attendance",))]
    # The clinic's attendance is still not the agreement's: held, and still unnamed.
    assert health.held
    assert "sexual" not in text.lower()
    assert "clinic" not in text.lower()


def test_a_few_withheld_events_are_a_band_and_many_a_number() -> None:
    world = _world()
    social = f.agency("social", "social_care")
    theirs = f.record(social, person=world.survivor, given_names="Jade", family_name="Hollis")
    for day in range(1, 4):
        f.event(theirs, "school_concern", occurred_on=date(2024, 5, day))
    knowledge, text = _know(world)
    social_card = next(a for a in knowledge.agencies if a.agency == "social")
    assert social_card.held_events == 3
    assert "Events you may not see, of general sensitivity: fewer than 5." in text
    assert "school concern" not in text.lower()
    for day in range(4, 10):
        f.event(theirs, "school_concern", occurred_on=date(2024, 5, day))
    _, text = _know(world)
    assert "Events you may not see, of general sensitivity: 9." in text


def test_the_latest_events_are_listed_and_the_rest_counted_with_a_link() -> None:
    world = _world()
    for month in range(1, 8):
        f.event(world.police_record, "police_incident", occurred_on=date(2025, month, 3))
    knowledge, text = _know(world)
    police = next(a for a in knowledge.agencies if a.agency == "police")
    assert [e.occurred_on for e in police.events] == [date(2025, m, 3) for m in (7, 6, 5, 4, 3)]
    assert police.more_events == 3  # two more incidents and the missing episode
    assert "and 3 more" in text
    assert f"/people/{world.survivor.pk}/chronology/" in text


def test_a_suspect_at_her_address_is_flagged_only_when_the_viewer_sees_both() -> None:
    world = _world()
    social = f.agency("social", "social_care")
    suspect = _suspect(world)
    f.record(social, person=suspect.person, address="12 Mill Lane", postcode="NV1 2AB")
    knowledge, text = _know(world)
    assert knowledge.near_suspects == []  # his address is social care's, not shared
    assert "Dean Barker" not in text
    assert "You may see no address of this operation\N{RIGHT SINGLE QUOTATION MARK}s" in text

    suspect.address, suspect.postcode = "12 Mill Lane.", "nv1 2ab"
    suspect.save()
    knowledge, text = _know(world)
    assert [(s.name, s.nearness) for s in knowledge.near_suspects] == [
        ("Dean Barker", SAME_ADDRESS)
    ]
    assert "Lives at the same address as a suspect" in text
    assert "Dean Barker" in text


def test_a_suspect_in_her_postcode_district_is_near_but_not_through_an_address_she_hides() -> None:
    world = _world()
    world.police_record.address, world.police_record.postcode = "", ""
    world.police_record.save()
    suspect = _suspect(world)
    f.lives_at(suspect, f.location(world.police, name="3 Canal Street", postcode="NV1 9ZZ"))
    # Her home as the health agency records it: not the viewer's to see.
    f.lives_at(world.health_record, f.location(world.health, postcode="NV1 2AB"))
    knowledge, text = _know(world)
    assert knowledge.near_suspects == []
    assert not knowledge.her_address_seen
    assert "You may see no current address of hers" in text

    f.lives_at(world.police_record, f.location(world.police, name="8 Mill Lane"))
    knowledge, text = _know(world)
    assert knowledge.suspects_compared == 1
    assert [(s.nearness, s.her_address, s.his_address) for s in knowledge.near_suspects] == [
        (SAME_DISTRICT, "8 Mill Lane · NV1 2AB", "3 Canal Street · NV1 9ZZ")
    ]
    assert "Lives in the same postcode district as a suspect" in text
    police = next(a for a in knowledge.agencies if a.agency == "police")
    assert police.addresses.current is not None
    assert police.addresses.current.label == "8 Mill Lane · NV1 2AB"


def test_her_children_are_listed_from_a_parent_relation() -> None:
    world = _world()
    child = f.record(world.police, given_names="Mia", family_name="Hollis")
    f.associate(child, world.police_record, "parent")  # Jade is the parent of Mia
    knowledge, text = _know(world)
    assert [(c.name, c.person_id) for c in knowledge.children] == [("Mia Hollis", child.person_id)]
    assert "Own children" in text
    assert "Mia Hollis" in text
    row = AuditEvent.objects.get(verb=Verb.VIEW, detail__route="survivor_knowledge")
    assert row.detail["people"] == [str(world.survivor.pk), str(child.person_id)]


def test_the_read_is_audited_with_the_suspects_it_compared() -> None:
    world = _world()
    suspect = _suspect(world, address="12 Mill Lane", postcode="NV1 2AB")
    _know(world)
    row = AuditEvent.objects.get(
        actor=world.officer, verb=Verb.VIEW, detail__route="survivor_knowledge"
    )
    assert row.target_type == "operation"
    assert row.target_id == str(world.operation.pk)
    assert row.detail["people"] == [str(world.survivor.pk), str(suspect.person_id)]
    assert row.detail["near_suspects"] == 1


def test_someone_not_a_survivor_of_it_is_the_audited_404_of_a_missing_one() -> None:
    world = _world()
    suspect = _suspect(world)
    with pytest.raises(Http404):
        what_agencies_know(viewer_for(world.officer), world.operation, suspect.person_id)
    outsider = f.user(world.police, Role.SUPERVISOR)
    with pytest.raises(Http404):
        what_agencies_know(viewer_for(outsider), world.operation, world.survivor.pk)
    refusals = AuditEvent.objects.filter(verb=Verb.REFUSED, detail__route="survivor_knowledge")
    assert refusals.count() == 2
