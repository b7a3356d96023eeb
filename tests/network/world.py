"""A small hub for the network's tests: a man and the girl at his intelligence report,
his car and another girl seen in it, a clinic's visit with a man the police know nothing
of, and the girl's phone that social care records (she is protected)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safehub.agencies.models import Role, SharingCondition, User
from safehub.records.models import Person, PersonRecord
from tests import factories as f


@dataclass
class World:
    dean: Person
    girl: Person
    jade: Person
    stranger: Person
    analyst: User
    social_worker: User
    dean_record: PersonRecord
    jade_record: PersonRecord


def world() -> World:
    police = f.agency("police")
    csc = f.agency("csc", "social_care")
    health = f.agency("health", "health", record_sensitivity="health")
    f.agreement(csc, police, "general", condition=SharingCondition.ALWAYS)
    dean = f.record(police, given_names="Dean", family_name="Barker", date_of_birth="1985-02-02")
    girl = f.record(police, given_names="Kayleigh", family_name="Smyth", date_of_birth="2011-03-07")
    jade = f.record(police, given_names="Jade", family_name="Moss", date_of_birth="2010-05-05")
    night = f.event(dean, "intelligence_report", role="suspect", occurred_on=date(2025, 1, 5))
    f.event_link(night, girl, "subject")
    f.uses(dean, "vehicle", "AB12 CDE", relation="owns")
    stop = f.event(jade, "police_incident", role="passenger", occurred_on=date(2025, 2, 1))
    f.sees(stop, "vehicle", "AB12CDE")
    # The clinic saw the girl with a man the police know nothing of.
    clinic_girl = f.record(health, person=girl.person, given_names="Kayleigh", family_name="Smyth")
    stranger = f.record(health, given_names="Mo", family_name="Hussain", date_of_birth="1980-01-01")
    visit = f.event(
        clinic_girl, "ae_attendance", sensitivity="health", occurred_on=date(2025, 3, 3)
    )
    f.event_link(visit, stranger, "other")
    # Social care records the girl's phone; she is protected.
    f.uses(f.record(csc, person=girl.person, family_name="Smyth"), "phone", "07700 900123")
    Person.objects.filter(pk=girl.person_id).update(protected_details=True)
    return World(
        dean.person,
        girl.person,
        jade.person,
        stranger.person,
        f.user(police, Role.ANALYST),
        f.user(csc, Role.PRACTITIONER),
        dean,
        jade,
    )
