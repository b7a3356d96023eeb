"""The access policy: own agency, agreements, cases, consent, hubs, grants, break-glass."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from safehub.access.actions import AccessAsk, PersonTarget
from safehub.access.models import AccessRequest, CaseRole, SharingBasis
from safehub.access.policy import record_q, sees, viewer_for
from safehub.access.services import access_requests, agreements, break_glass, cases
from safehub.agencies.models import HubScope, Role, SharingCondition
from safehub.audit.models import AuditEvent, Verb
from safehub.records.models import PersonRecord
from safehub.records.queries.visible import visible_persons
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    police = f.agency("police", "police")
    health = f.agency("health", "health", record_sensitivity="health")
    csc = f.agency("csc", "social_care")
    girl = f.record(health)
    f.record(police, person=girl.person)
    return police, health, csc, girl


def ask_health(police, health, girl) -> AccessAsk:
    """The police officer (who may open the girl: police hold her too) asks health."""
    return AccessAsk(
        PersonTarget(girl.person_id, frozenset({police.pk, health.pk}), openable=True), health.pk
    )


def visible_records(user) -> set[int]:
    return set(PersonRecord.objects.filter(record_q(viewer_for(user))).values_list("pk", flat=True))


def test_own_agency_sees_every_sensitivity_of_its_own(world) -> None:
    _, health, _, girl = world
    nurse = f.user(health)
    for sensitivity in ("general", "health", "sexual_health", "intelligence", "restricted"):
        assert sees(
            viewer_for(nurse),
            agency_id=health.pk,
            sensitivity=sensitivity,
            person_id=girl.person_id,
        )


def test_health_record_hidden_from_police_outside_case(world) -> None:
    police, health, _, girl = world
    f.agreement(health, police, "general", "health", condition=SharingCondition.CASE)
    officer = f.user(police)
    assert girl.pk not in visible_records(officer)
    assert not sees(
        viewer_for(officer), agency_id=health.pk, sensitivity="health", person_id=girl.person_id
    )


def test_a_case_opens_what_the_agreement_allows_for_that_person_only(world) -> None:
    police, health, _, girl = world
    other = f.record(health, given_names="Amy")
    f.agreement(health, police, "general", "health", condition=SharingCondition.CASE)
    officer = f.user(police)
    f.case(officer, people={girl.person_id: "victim"})
    assert girl.pk in visible_records(officer)
    assert other.pk not in visible_records(officer)
    viewer = viewer_for(officer)
    assert sees(viewer, agency_id=health.pk, sensitivity="health", person_id=girl.person_id)
    assert not sees(
        viewer, agency_id=health.pk, sensitivity="sexual_health", person_id=girl.person_id
    )


def test_sexual_health_needs_consent_or_a_recorded_exception(world) -> None:
    _, health, csc, girl = world
    f.agreement(health, csc, "sexual_health", condition=SharingCondition.CONSENT)
    worker = f.user(csc, Role.PRACTITIONER, Role.SUPERVISOR)
    team = f.case(worker, people={girl.person_id: "victim"})
    assert not sees(
        viewer_for(worker),
        agency_id=health.pk,
        sensitivity="sexual_health",
        person_id=girl.person_id,
    )
    cases.sharing_basis_record(
        actor=worker,
        case=team,
        person_id=girl.person_id,
        provider=health,
        basis=SharingBasis.Basis.SAFEGUARDING_EXCEPTION,
        lawful_basis=SharingBasis.LawfulBasis.CHILDREN_ACT_S47,
        reason="Risk of serious harm tonight",
    )
    assert sees(
        viewer_for(worker),
        agency_id=health.pk,
        sensitivity="sexual_health",
        person_id=girl.person_id,
    )


def test_an_always_agreement_shares_without_a_case(world) -> None:
    police, _, csc, girl = world
    f.agreement(police, csc, "general", condition=SharingCondition.ALWAYS)
    worker = f.user(csc)
    police_record = PersonRecord.objects.get(agency=police)
    assert police_record.pk in visible_records(worker)
    assert not sees(
        viewer_for(worker),
        agency_id=police.pk,
        sensitivity="intelligence",
        person_id=girl.person_id,
    )


def test_a_same_hub_agreement_does_not_cross_hubs() -> None:
    north, south = f.hub("north"), f.hub("south")
    csc_north = f.agency("csc-north", "social_care", hub=north)
    school = f.agency("school", "education", hub=north)
    f.agreement(
        csc_north, school, "general", condition=SharingCondition.ALWAYS, scope=HubScope.SAME_HUB
    )
    child = f.record(csc_north)
    teacher_north = f.user(school, team=f.team(north))
    teacher_south = f.user(school, team=f.team(south))
    assert child.pk in visible_records(teacher_north)
    assert child.pk not in visible_records(teacher_south)


def test_an_agreement_revoked_while_signed_in_applies_to_the_next_request(world) -> None:
    police, _, csc, _ = world
    agreement = f.agreement(police, csc, "general", condition=SharingCondition.ALWAYS)
    worker = f.user(csc)
    manager = f.user(police, Role.HUB_MANAGER)
    police_record = PersonRecord.objects.get(agency=police)
    assert police_record.pk in visible_records(worker)
    agreements.agreement_revoke(actor=manager, agreement=agreement)
    assert police_record.pk not in visible_records(worker)


def test_break_glass_needs_a_reason_expires_and_alerts_the_auditor(world) -> None:
    police, health, _, girl = world
    officer = f.user(police)
    with pytest.raises(Exception, match="reason"):
        break_glass.break_glass_start(actor=officer, person_id=girl.person_id, reason=" ")
    with freeze_time(timezone.now()) as clock:
        break_glass.break_glass_start(
            actor=officer, person_id=girl.person_id, reason="Missing overnight, at risk", minutes=15
        )
        assert sees(
            viewer_for(officer),
            agency_id=health.pk,
            sensitivity="sexual_health",
            person_id=girl.person_id,
        )
        clock.tick(timedelta(minutes=16))
        assert not sees(
            viewer_for(officer),
            agency_id=health.pk,
            sensitivity="sexual_health",
            person_id=girl.person_id,
        )
    assert AuditEvent.objects.filter(
        verb=Verb.BREAK_GLASS, actor=officer, justification="Missing overnight, at risk"
    ).exists()
    assert AuditEvent.objects.filter(
        verb=Verb.ALERT, actor=officer, detail__alert="break_glass"
    ).exists()


def test_an_approved_access_request_opens_the_owners_facts_for_its_period(world) -> None:
    police, health, _, girl = world
    officer = f.user(police)
    supervisor = f.user(health, Role.SUPERVISOR)
    request = access_requests.access_request_create(
        actor=officer,
        ask=ask_health(police, health, girl),
        record_pk=girl.pk,
        reason="Joint visit planned this week",
    )
    assert girl.pk not in visible_records(officer)
    other_supervisor = f.user(police, Role.SUPERVISOR)
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied
        access_requests.access_request_decide(actor=other_supervisor, request=request, approve=True)
    access_requests.access_request_decide(actor=supervisor, request=request, approve=True, days=7)
    assert girl.pk in visible_records(officer)
    with freeze_time(timezone.now() + timedelta(days=8)):
        assert girl.pk not in visible_records(officer)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {Verb.ACCESS_REQUESTED, Verb.ACCESS_APPROVED, Verb.REFUSED} <= verbs


def test_a_declined_request_opens_nothing(world) -> None:
    police, health, _, girl = world
    officer = f.user(police)
    request = access_requests.access_request_create(
        actor=officer,
        ask=ask_health(police, health, girl),
        record_pk=girl.pk,
        reason="Joint visit planned this week",
    )
    access_requests.access_request_decide(
        actor=f.user(health, Role.SUPERVISOR),
        request=request,
        approve=False,
        note="Not proportionate",
    )
    assert AccessRequest.objects.get().status == "declined"
    assert girl.pk not in visible_records(officer)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN])
def test_auditors_and_administrators_see_no_personal_data(world, role) -> None:
    police, *_ = world
    assert visible_records(f.user(police, role)) == set()
    assert not visible_persons(viewer_for(f.user(police, role))).exists()


def test_a_disabled_user_sees_nothing(world) -> None:
    police, *_ = world
    officer = f.user(police)
    officer.is_active = False
    officer.save()
    assert visible_records(officer) == set()


def test_case_roles_mark_the_survivor_side(world) -> None:
    police, _, _, girl = world
    officer = f.user(police)
    f.case(officer, people={girl.person_id: CaseRole.VICTIM})
    assert girl.person_id in viewer_for(officer).survivor_side
