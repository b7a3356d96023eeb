"""An operation's return matches its nominals: figures by where each survivor and
suspect is now, and one row per suspect — by number, never by name — with sex, deceased,
public prominence, the institution, live or closed, and outcome."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.http import Http404

from safehub.access.actions import PersonTarget
from safehub.access.models import CaseRole
from safehub.access.policy import viewer_for
from safehub.agencies.models import Role
from safehub.operations.returns import COLUMNS, operation_return, suspect_facts_set
from safehub.operations.services import nominal_add, nominal_status_set, operation_open
from tests import factories as f

pytestmark = pytest.mark.django_db
DAY = date(2026, 2, 1)


def test_the_return_matches_the_operations_nominals() -> None:
    police = f.agency("police")
    supervisor = f.user(police, Role.SUPERVISOR)
    operation = operation_open(
        actor=supervisor,
        name="Operation Larch",
        scope="Canal Street children's home, 1998-2004",
        senior_officer=f.user(police, Role.HUB_MANAGER),
    )
    operation.institution = "care"
    operation.save(update_fields=["institution"])
    held = frozenset({police.pk})
    men = [
        f.record(police, given_names=name, family_name="Barker", sex="male").person
        for name in ("Dean", "Wayne")
    ]
    girl = f.record(police, given_names="Kayleigh", sex="female").person
    nominal_add(
        actor=supervisor,
        operation=operation,
        role=CaseRole.VICTIM,
        on=DAY,
        person=PersonTarget(girl.pk, held, openable=True),
    )
    for man in men:
        nominal_add(
            actor=supervisor,
            operation=operation,
            role=CaseRole.SUSPECT,
            on=DAY,
            person=PersonTarget(man.pk, held, openable=True),
        )
    for status in ("traced", "arrested", "interviewed", "charged", "convicted"):
        nominal_status_set(
            actor=supervisor, operation=operation, person_id=men[0].pk, status=status, on=DAY
        )
    suspect_facts_set(
        actor=supervisor,
        operation=operation,
        person_id=men[1].pk,
        deceased=True,
        public_prominence=False,
    )

    made = operation_return(viewer_for(supervisor), operation.pk, route="operation_return")

    assert made.figures["suspects_identified"] == 2
    assert made.figures["suspects_convicted"] == 1
    assert made.figures["victims_identified"] == 1
    rows = list(csv.DictReader(io.StringIO(made.csv().decode())))
    assert tuple(rows[0]) == COLUMNS
    outcomes = sorted((r["outcome"], r["deceased"]) for r in rows)
    assert outcomes == [("Convicted", "No"), ("Identified", "Yes")]
    assert {r["sex"] for r in rows} == {"Male"}
    assert {r["institution"] for r in rows} == {"Children's home or care setting"}
    assert {r["operation"] for r in rows} == {"Live"}
    assert "Barker" not in made.csv().decode()


def test_only_the_team_reads_the_return() -> None:
    police = f.agency("police")
    supervisor = f.user(police, Role.SUPERVISOR)
    operation = operation_open(
        actor=supervisor,
        name="Operation Elm",
        scope="Anything since 2001",
        senior_officer=f.user(police, Role.HUB_MANAGER),
    )
    with pytest.raises(Http404):
        operation_return(viewer_for(f.user(police, Role.ANALYST)), operation.pk, route="r")
