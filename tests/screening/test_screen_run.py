"""`safehub screen` over the hub's own records: a child's facts from two agencies add up
to one flag on the linked Person, with its evidence; a re-run duplicates nothing."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from safehub.audit.models import AuditEvent
from safehub.records.models import Person
from safehub.screening.core import rules
from safehub.screening.models import Screening, ScreeningRun
from tests import factories as f

pytestmark = pytest.mark.django_db


def screen() -> str:
    out = StringIO()
    call_command("screen", "--no-progress", stdout=out)
    return out.getvalue()


def test_facts_from_two_agencies_flag_the_linked_person_once() -> None:
    police, school = f.agency("police"), f.agency("school", "education")
    girl = Person.objects.create()
    nominal = f.record(police, person=girl, date_of_birth="2011-03-07")
    pupil = f.record(school, person=girl, date_of_birth="2011-03-07")
    # Her brother has the same missing night: not enough alone.
    brother = f.record(police, given_names="Kyle", date_of_birth="2009-01-01")
    night, morning = date(2025, 3, 1), date(2025, 3, 2)
    car = f.event(
        nominal,
        role="missing_person",
        summary="Seen getting into a car",
        occurred_on=night,
        ended_on=morning,
    )
    f.event(
        brother,
        role="missing_person",
        summary="Seen getting into a car",
        occurred_on=night,
        ended_on=morning,
    )
    concern = f.event(
        pupil, "school_concern", summary="Talks of an older boyfriend", occurred_on=date(2025, 4, 2)
    )
    found = f.event(
        nominal,
        role="missing_person",
        summary="Found at a hotel",
        occurred_on=date(2025, 5, 10),
        ended_on=date(2025, 5, 11),
    )

    assert "1 young people flagged" in screen()

    screening = Screening.objects.get()
    assert screening.person == girl
    # The police night and the school's concern together reach review; the later night
    # at a hotel is not part of why she was first flagged.
    assert screening.first_flagged_on == date(2025, 4, 2)
    assert screening.rules_version == rules.VERSION
    shown = {(e["rule"], e["event"]) for e in screening.evidence}
    assert ("older-boyfriend", concern.pk) in shown
    assert ("vehicles-unknown-adults", car.pk) in shown
    assert found.pk not in {event for _rule, event in shown}
    run = ScreeningRun.objects.get()
    assert run.status == ScreeningRun.Status.DONE
    assert AuditEvent.objects.filter(verb="screening_run", target_id=str(run.pk)).exists()

    screen()
    assert Screening.objects.count() == 1
    assert ScreeningRun.objects.count() == 2


def test_an_adults_facts_are_not_screened() -> None:
    police = f.agency("police")
    man = f.record(police, given_names="Dean", date_of_birth="1980-01-01")
    f.event(man, "disclosure", occurred_on=date(2025, 1, 1))
    screen()
    assert not Screening.objects.exists()
