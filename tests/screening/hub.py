"""A small hub with one flagged girl: a missing night in a car (police) and an older
boyfriend (school) add up to review in April 2025. Screened through the hub's own run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safehub.agencies.models import Agency, Role, User
from safehub.records.models import Event, Person, PersonRecord
from safehub.screening.models import Flag
from safehub.screening.services import screen_run
from tests import factories as f


@dataclass
class FlaggedHub:
    police: Agency
    school: Agency
    girl: Person
    nominal: PersonRecord  # the police's record of her
    pupil: PersonRecord  # the school's
    car: Event  # police
    concern: Event  # school
    supervisor: User  # police

    def flag(self) -> Flag:
        return Flag.objects.get(person=self.girl)

    def new_fact(self, summary: str = "Found at a hotel in the early hours") -> Event:
        """A later police missing night at a hotel: new evidence."""
        hotel = f.location(self.police, name="Canal Hotel", postcode="NV2 9XX")
        hotel.premises_type = "hotel"
        hotel.save(update_fields=["premises_type"])
        return f.event(
            self.nominal,
            role="missing_person",
            summary=summary,
            location=hotel,
            occurred_on=date(2025, 6, 20),
            ended_on=date(2025, 6, 21),
        )


def flagged_hub() -> FlaggedHub:
    police, school = f.agency("police"), f.agency("school", "education")
    girl = Person.objects.create()
    nominal = f.record(police, person=girl, date_of_birth="2011-03-07", postcode="NV1 2AB")
    pupil = f.record(school, person=girl, date_of_birth="2011-03-07")
    car = f.event(
        nominal,
        role="missing_person",
        summary="Seen getting into a car with two men",
        occurred_on=date(2025, 3, 1),
        ended_on=date(2025, 3, 2),
    )
    concern = f.event(
        pupil, "school_concern", summary="Talks of an older boyfriend", occurred_on=date(2025, 4, 2)
    )
    screen_run(trigger="cli")
    return FlaggedHub(
        police, school, girl, nominal, pupil, car, concern, f.user(police, Role.SUPERVISOR)
    )
