"""A small hub for the missing-children tests: a girl held by children's social care and
the police (who share their general facts with each other), and by a school that shares
nothing; a social worker, a police officer and a teacher. Everyone is made up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from safehub.agencies.models import Agency, Role, SharingCondition, User
from safehub.missing import services
from safehub.missing.models import MissingEpisode
from safehub.records.models import Person, PersonRecord
from tests import factories as f


@dataclass(frozen=True)
class World:
    csc: Agency
    police: Agency
    school: Agency
    social_worker: User  # csc practitioner
    officer: User  # police practitioner
    teacher: User  # school practitioner: may open the girl (their record), sees no one else's
    girl: Person
    csc_record: PersonRecord

    def report_and_return(
        self, *, by: User | None = None, back: timedelta = timedelta(hours=80), **found: str
    ) -> MissingEpisode:
        """An episode of the girl, reported a night before she came back `back` ago."""
        returned_at = timezone.now() - back
        episode = services.episode_report(
            actor=by or self.officer,
            person_id=self.girl.pk,
            reported_at=returned_at - timedelta(hours=20),
            missing_from="Oak House children's home",
            from_placement=True,
        )
        return services.episode_return(
            actor=by or self.officer, episode=episode, returned_at=returned_at, **found
        )


def world() -> World:
    northvale = f.hub("northvale")
    csc = f.agency("csc", "social_care", hub=northvale)
    police = f.agency("police", "police", hub=northvale)
    school = f.agency("school", "education", hub=northvale)
    for provider, recipient in ((police, csc), (csc, police)):
        f.agreement(provider, recipient, "general", condition=SharingCondition.ALWAYS)
    csc_record = f.record(
        csc, given_names="Jade", family_name="Orrin", date_of_birth="2011-05-02", sex="female"
    )
    girl = csc_record.person
    f.record(police, person=girl, given_names="Jade", family_name="Orrin", date_of_birth="2011")
    f.record(school, person=girl, given_names="Jade", family_name="Orrin")
    team = f.team(northvale)
    return World(
        csc=csc,
        police=police,
        school=school,
        social_worker=f.user(csc, Role.PRACTITIONER, team=team),
        officer=f.user(police, Role.PRACTITIONER, team=team),
        teacher=f.user(school, Role.PRACTITIONER, team=team),
        girl=girl,
        csc_record=csc_record,
    )


def ago(**delta: float) -> datetime:
    return timezone.now() - timedelta(**delta)
