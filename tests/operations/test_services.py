"""An operation as its team runs it: opened by a supervisor with a senior officer,
nominals named and walked through their lifecycles — a survivor at her own pace (not now,
then engaged), a suspect to charge — every change checked, dated and audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from safehub.access.actions import ActionRefused, PersonTarget
from safehub.access.models import CaseKind, CaseRole
from safehub.access.policy import viewer_for
from safehub.agencies.models import Role, User
from safehub.audit.models import AuditEvent
from safehub.operations.models import Operation
from safehub.operations.queries import operation_figures
from safehub.operations.services import (
    current,
    nominal_add,
    nominal_status_set,
    operation_open,
)
from tests import factories as f

pytestmark = pytest.mark.django_db
DAY = date(2026, 1, 5)


def opened() -> tuple[Operation, User, PersonTarget, PersonTarget]:
    police = f.agency("police")
    supervisor = f.user(police, Role.SUPERVISOR)
    officer = f.user(police, Role.HUB_MANAGER)
    operation = operation_open(
        actor=supervisor,
        name="Operation Larch",
        scope="Exploitation around the Canal Street takeaways, 2003-2009",
        senior_officer=officer,
    )
    survivor = f.record(police, given_names="Kayleigh", date_of_birth="1992-03-07").person
    suspect = f.record(police, given_names="Dean", family_name="Barker").person
    held = frozenset({police.pk})
    return (
        operation,
        supervisor,
        PersonTarget(survivor.pk, held, openable=True),
        PersonTarget(suspect.pk, held, openable=True),
    )


def test_an_operation_is_a_case_team_with_its_senior_officer() -> None:
    operation, supervisor, _, _ = opened()
    assert operation.case.kind == CaseKind.OPERATION
    assert set(operation.case.members.all()) == {supervisor, operation.senior_officer}
    assert AuditEvent.objects.filter(verb="operation_opened", target_id=str(operation.pk)).exists()


def test_a_practitioner_may_not_open_an_operation() -> None:
    police = f.agency("police")
    with pytest.raises(ActionRefused):
        operation_open(
            actor=f.user(police, Role.PRACTITIONER),
            name="Operation Elm",
            scope="Anything",
            senior_officer=f.user(police, Role.HUB_MANAGER),
        )
    assert not Operation.objects.exists()


def test_a_survivor_is_not_contacted_before_her_review_is_approved() -> None:
    operation, supervisor, survivor, _ = opened()
    nominal_add(
        actor=supervisor, operation=operation, person=survivor, role=CaseRole.VICTIM, on=DAY
    )
    assert survivor.person_id in viewer_for(supervisor).case_people  # the team may see her
    for status in ("traced", "pre_contact_review"):
        nominal_status_set(
            actor=supervisor,
            operation=operation,
            person_id=survivor.person_id,
            status=status,
            on=DAY,
            note="Traced through the council's old housing records.",
        )
    with pytest.raises(ValidationError, match="plan is approved"):
        nominal_status_set(
            actor=supervisor,
            operation=operation,
            person_id=survivor.person_id,
            status="contacted",
            on=DAY,
        )
    now = current(operation, survivor.person_id)
    assert now is not None
    assert now.status == "pre_contact_review"
    audited = AuditEvent.objects.filter(verb="nominal_status_set").values_list("detail", flat=True)
    assert "housing" not in str(list(audited))  # the note stays out of the audit log


def test_a_step_the_lifecycle_does_not_allow_is_refused_with_where_she_may_go() -> None:
    operation, supervisor, survivor, _ = opened()
    nominal_add(
        actor=supervisor, operation=operation, person=survivor, role=CaseRole.VICTIM, on=DAY
    )
    with pytest.raises(ValidationError, match="From Identified a victim may go to Traced"):
        nominal_status_set(
            actor=supervisor,
            operation=operation,
            person_id=survivor.person_id,
            status="contacted",
            on=DAY,
        )


def test_a_suspect_from_identified_to_charged_and_the_figures_follow() -> None:
    operation, supervisor, survivor, suspect = opened()
    nominal_add(
        actor=supervisor, operation=operation, person=survivor, role=CaseRole.VICTIM, on=DAY
    )
    nominal_add(
        actor=supervisor, operation=operation, person=suspect, role=CaseRole.SUSPECT, on=DAY
    )
    for status in ("traced", "arrested", "interviewed", "charged"):
        nominal_status_set(
            actor=supervisor,
            operation=operation,
            person_id=suspect.person_id,
            status=status,
            on=DAY,
        )
    figures = operation_figures(operation)
    assert figures["victims_identified"] == 1
    assert figures["suspects_identified"] == 1
    assert figures["suspects_arrested"] == 1
    assert figures["suspects_charged"] == 1
    assert figures["suspects_convicted"] == 0
    assert figures["victims_traced"] == 0


def test_only_the_team_records_a_status() -> None:
    operation, supervisor, survivor, _ = opened()
    nominal_add(
        actor=supervisor, operation=operation, person=survivor, role=CaseRole.VICTIM, on=DAY
    )
    outsider = f.user(f.agency("csc", "social_care"), Role.SUPERVISOR)
    with pytest.raises(ActionRefused):
        nominal_status_set(
            actor=outsider,
            operation=operation,
            person_id=survivor.person_id,
            status="traced",
            on=DAY,
        )
    now = current(operation, survivor.person_id)
    assert now is not None
    assert now.status == "identified"


def test_a_date_before_the_last_status_is_refused() -> None:
    operation, supervisor, survivor, _ = opened()
    nominal_add(
        actor=supervisor, operation=operation, person=survivor, role=CaseRole.VICTIM, on=DAY
    )
    with pytest.raises(ValidationError, match="must not be before"):
        nominal_status_set(
            actor=supervisor,
            operation=operation,
            person_id=survivor.person_id,
            status="traced",
            on=date(2025, 1, 1),
        )
