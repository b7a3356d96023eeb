"""`safehub screen` over the hub's own records: a child's facts from two agencies add up
to one flag on the linked Person, with its evidence; a re-run duplicates nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pandas as pd
import pytest
from django.core.management import call_command

from safehub.audit.models import AuditEvent
from safehub.linking import tasks as link_tasks
from safehub.linking.models import LinkRun
from safehub.records.models import Person
from safehub.screening import services
from safehub.screening.core import rules, scoring
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


def test_a_finished_link_run_screens_everyone_again(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    police = f.agency("police")
    child = f.record(police, date_of_birth="2012-02-02")
    f.event(child, "disclosure", occurred_on=date(2025, 1, 1))
    finished = LinkRun.objects.create(kind=LinkRun.Kind.FULL, status=LinkRun.Status.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        link_tasks.follow_up(finished)
    run = ScreeningRun.objects.get()
    assert run.trigger == "link"
    assert Screening.objects.get().harm is True
    failed = LinkRun.objects.create(kind=LinkRun.Kind.FULL, status=LinkRun.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        link_tasks.follow_up(failed)
    assert ScreeningRun.objects.count() == 1


def test_a_run_that_finishes_after_a_later_one_does_not_overwrite_it() -> None:
    police = f.agency("police")
    child = f.record(police, date_of_birth="2012-02-02")
    f.event(child, "disclosure", occurred_on=date(2025, 1, 1))
    earlier = ScreeningRun.objects.create(rules_version=rules.VERSION, trigger="cli")
    screen()  # a later run, finished first
    later = Screening.objects.get()
    counts = {"facts": 1, "persons": 1, "flagged": 0, "harm": 0}
    nothing = pd.DataFrame(columns=list(scoring.FLAG_COLUMNS))
    no_evidence = pd.DataFrame(columns=list(scoring.EVIDENCE_COLUMNS))
    empty = scoring.Screened(
        nothing, no_evidence, pd.DataFrame(columns=list(scoring.LATEST_COLUMNS)), no_evidence
    )
    services._write(earlier, empty, counts, "cli")
    earlier.refresh_from_db()
    assert earlier.status == ScreeningRun.Status.SUPERSEDED
    assert Screening.objects.get().pk == later.pk
