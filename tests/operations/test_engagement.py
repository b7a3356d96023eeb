"""A survivor walked from identified, through the pre-contact review and its approval by
a supervisor who did not write it, to "not now" — and no list prompts contact with her —
then back to engaged and support in place, at her own pace."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from safehub.access.actions import PersonTarget
from safehub.access.models import CaseRole
from safehub.agencies.models import Role, User
from safehub.operations.engagement import (
    agency_check_record,
    contact_record,
    due_to_come_back,
    plan_approve,
    plan_write,
)
from safehub.operations.models import Operation
from safehub.operations.services import current, nominal_add, nominal_status_set, operation_open
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db
PLAN = {
    "risks_and_needs": "Two young children; lives two streets from a suspect's takeaway.",
    "contact_by": "The ISVA, with a detective she has met",
    "contact_how": "A letter first, then a call on a weekday morning",
    "name_to_use": "Kay",
    "avoid": "No home visit without asking; never mention the takeaway by name first.",
    "support_offer": ["ISVA", "counselling"],
}


def reviewed() -> tuple[Operation, User, User, PersonTarget]:
    police, health = f.agency("police"), f.agency("health", "health")
    author = f.user(police, Role.SUPERVISOR)
    approver = f.user(police, Role.SUPERVISOR)
    nurse = f.user(health, Role.PRACTITIONER)
    operation = operation_open(
        actor=author,
        name="Operation Larch",
        scope="Canal Street, 2003-2009",
        senior_officer=approver,
        members=[nurse],
    )
    survivor = f.record(police, given_names="Kayleigh").person
    target = PersonTarget(survivor.pk, frozenset({police.pk}), openable=True)
    nominal_add(
        actor=author, operation=operation, person=target, role=CaseRole.VICTIM, on=date(2026, 1, 5)
    )
    for status in ("traced", "pre_contact_review"):
        nominal_status_set(
            actor=author,
            operation=operation,
            person_id=survivor.pk,
            status=status,
            on=date(2026, 1, 6),
        )
    plan = plan_write(actor=author, operation=operation, person_id=survivor.pk, **PLAN)
    agency_check_record(actor=nurse, plan=plan, finding="Health checked: nothing relevant.")
    agency_check_record(actor=author, plan=plan, finding="Police: two reports in 2008.")
    return operation, author, approver, target


def test_the_plan_waits_for_every_agency_of_the_team_to_check() -> None:
    operation, _author, approver, _survivor = reviewed()
    council = f.agency("council", "social_care")
    worker = f.user(council, Role.PRACTITIONER)
    operation.case.members.add(worker)
    plan = operation.plans.get()
    with pytest.raises(ValidationError, match="waiting for Northvale Council"):
        plan_approve(actor=approver, plan=plan)
    agency_check_record(actor=worker, plan=plan, finding="Social care: nothing relevant.")
    assert plan_approve(actor=approver, plan=plan).approved_at is not None


def test_no_contact_before_a_second_supervisor_approves_the_plan() -> None:
    operation, author, approver, survivor = reviewed()
    with pytest.raises(ValidationError, match="plan is approved"):
        contact_record(
            actor=author,
            operation=operation,
            person_id=survivor.person_id,
            contact_on=date(2026, 1, 10),
            contact_how="letter",
            decision="engaged",
        )
    plan = operation.plans.get()
    with pytest.raises(ValidationError, match="did not write it"):
        plan_approve(actor=author, plan=plan)
    plan_approve(actor=approver, plan=plan)
    findings = sorted(plan.checks.values_list("finding", flat=True))
    assert findings == ["Health checked: nothing relevant.", "Police: two reports in 2008."]


def test_not_now_without_a_date_prompts_no_one_and_the_door_stays_open() -> None:
    operation, author, approver, survivor = reviewed()
    plan_approve(actor=approver, plan=operation.plans.get())
    contact_record(
        actor=author,
        operation=operation,
        person_id=survivor.person_id,
        contact_on=date(2026, 1, 10),
        contact_how="letter",
        decision="not_now",
        their_words="Not while my youngest is starting school.",
    )
    assert due_to_come_back(operation, date(2030, 1, 1)) == []  # no reminder, ever
    # She comes back in her own time.
    contact_record(
        actor=author,
        operation=operation,
        person_id=survivor.person_id,
        contact_on=date(2026, 9, 1),
        contact_how="she called the ISVA",
        decision="engaged",
    )
    nominal_status_set(
        actor=author,
        operation=operation,
        person_id=survivor.person_id,
        status="support_in_place",
        on=date(2026, 9, 15),
    )
    now = current(operation, survivor.person_id)
    assert now is not None
    assert now.status == "support_in_place"


def test_a_date_to_come_back_is_kept_only_when_she_agreed_to_one() -> None:
    operation, author, approver, survivor = reviewed()
    plan_approve(actor=approver, plan=operation.plans.get())
    with pytest.raises(ValidationError, match="only for 'not now' or 'unsure'"):
        contact_record(
            actor=author,
            operation=operation,
            person_id=survivor.person_id,
            contact_on=date(2026, 1, 10),
            contact_how="call",
            decision="declined",
            come_back_on=date(2026, 6, 1),
        )
    contact_record(
        actor=author,
        operation=operation,
        person_id=survivor.person_id,
        contact_on=date(2026, 1, 10),
        contact_how="call",
        decision="not_now",
        come_back_on=date(2026, 6, 1),
    )
    assert due_to_come_back(operation, date(2026, 5, 31)) == []
    assert [c.person_id for c in due_to_come_back(operation, date(2026, 6, 1))] == [
        survivor.person_id
    ]


def test_the_home_page_lists_only_a_date_she_agreed_to(client: Client) -> None:
    operation, author, approver, survivor = reviewed()
    plan_approve(actor=approver, plan=operation.plans.get())
    contact_record(
        actor=author,
        operation=operation,
        person_id=survivor.person_id,
        contact_on=date(2026, 1, 10),
        contact_how="letter",
        decision="not_now",
    )
    sign_in(client, author)
    assert 'id="come-back"' not in client.get(reverse("home")).content.decode()
    contact_record(
        actor=author,
        operation=operation,
        person_id=survivor.person_id,
        contact_on=date(2026, 2, 10),
        contact_how="she rang back",
        decision="unsure",
        come_back_on=date(2026, 3, 1),  # she chose it; the date has come (today is later)
    )
    home = client.get(reverse("home")).content.decode()
    assert 'id="come-back"' in home
    assert "A survivor of Operation Larch" in home
    assert "Kayleigh" not in home  # no one named on the home page
