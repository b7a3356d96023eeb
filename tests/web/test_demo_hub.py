"""The demo hub: need-to-know at work (a case of survivors, and what stays withheld),
everyone screened and the network built, a historic operation with its decision log
and the strategy meeting that discussed a survivor; and a second run that makes
nothing more. One demo build, every part checked in turn: a build is a quarter of a
minute of the suite's."""

from __future__ import annotations

from uuid import UUID

import pytest
from django.core.management import call_command
from django.utils import timezone

from safehub.access.models import CasePerson, CaseTeam
from safehub.access.policy import viewer_for
from safehub.agencies.models import SharingAgreement, User
from safehub.audit.models import AuditEvent
from safehub.meetings.models import Discussed, Meeting, MeetingAction
from safehub.meetings.queries import overdue_actions
from safehub.network.models import NetworkMember, NetworkRun
from safehub.operations.models import (
    AgencyCheck,
    ContactPlan,
    Decision,
    Disruption,
    NominalStatus,
    Operation,
    SurvivorDecision,
)
from safehub.operations.services import current
from safehub.records.models import Event, PersonRecord
from safehub.records.queries.profile import person_profile
from safehub.screening.models import Flag, Screening, ScreeningRun
from safehub.web.demo_operations import NAME

pytestmark = pytest.mark.django_db


def test_the_demo_hub_and_a_second_run(tmp_path, settings, capsys) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", "--no-serve", "--young-people", "400")
    assert f"Made the demo operation {NAME}" in capsys.readouterr().out
    case = CaseTeam.objects.get(reference="CSE-DEMO-1")
    _a_review_of_survivors_with_every_agencys_records(case)
    _outside_the_case_a_practitioner_sees_only_their_own_agency(case)
    _every_young_person_screened()
    _flags_raised_for_triage_and_the_network_built()

    operation = Operation.objects.get(name=NAME)
    _its_team(operation)
    _its_nominals(operation)
    _its_decision_log(operation)
    _its_meeting(operation)

    _a_second_run_makes_nothing_more(capsys)


def _a_second_run_makes_nothing_more(capsys) -> None:
    # The newest row's id, not the count: ids are not reused (PostgreSQL's sequences).
    audited = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    statuses = NominalStatus.objects.count()
    call_command("demo", "--no-serve", "--young-people", "400")
    assert f"Found the demo operation {NAME}" in capsys.readouterr().out
    assert Operation.objects.count() == 1
    assert NominalStatus.objects.count() == statuses
    assert Decision.objects.count() == 2
    assert Meeting.objects.count() == 1
    assert MeetingAction.objects.count() == 2
    assert not AuditEvent.objects.filter(
        pk__gt=audited, target_type__in=["operation", "meeting"]
    ).exists()


def _a_review_of_survivors_with_every_agencys_records(demo_hub) -> None:
    assert demo_hub.people.count() == 3
    assert SharingAgreement.objects.filter(
        condition="consent_or_exception", sensitivities=["sexual_health"]
    ).exists()
    worker = User.objects.get(username="csc-practitioner")
    for entry in demo_hub.people.all():
        profile = person_profile(viewer_for(worker), entry.person_id)
        assert {"csc", "health"} <= {r.source.agency for r in profile.records}
        assert profile.protected_details
        # Sexual health stays with health: it shows only as "held by".
        assert all(e.sensitivity != "sexual_health" for e in profile.events)
        held = Event.objects.filter(
            people__record__person_id=entry.person_id, sensitivity="sexual_health"
        ).exists()
        assert not held or "health" in {w.agency for w in profile.withheld}


def _outside_the_case_a_practitioner_sees_only_their_own_agency(demo_hub) -> None:
    outsider = User.objects.get(username="police-analyst")
    person_id = next(
        entry.person_id
        for entry in demo_hub.people.all()
        if PersonRecord.objects.filter(person_id=entry.person_id, agency__code="police").exists()
    )
    profile = person_profile(viewer_for(outsider), person_id)
    assert {r.source.agency for r in profile.records} == {"police"}
    assert {w.agency for w in profile.withheld} >= {"csc", "health"}


def _every_young_person_screened() -> None:
    run = ScreeningRun.objects.get(trigger="demo")
    assert run.status == ScreeningRun.Status.DONE
    assert run.counts["facts"] > 0
    assert Screening.objects.filter(run=run).count() == run.counts["flagged"]


def _flags_raised_for_triage_and_the_network_built() -> None:
    run = ScreeningRun.objects.get(trigger="demo")
    assert Flag.objects.count() == run.counts["flagged"]
    built = NetworkRun.objects.get(trigger="demo")
    assert built.status == NetworkRun.Status.DONE
    assert NetworkMember.objects.filter(run=built).exists()


def _now(operation: Operation, person_id: UUID) -> NominalStatus:
    status = current(operation, person_id)
    assert status is not None
    return status


def _statuses(operation: Operation, role: str) -> list[str]:
    people = {s.person_id for s in operation.statuses.filter(role=role)}
    return sorted(_now(operation, p).status for p in people)


def _its_team(demo_hub: Operation) -> None:
    assert demo_hub.opened_by.username == "police-supervisor"
    assert demo_hub.senior_officer.agency_id == demo_hub.opened_by.agency_id
    assert demo_hub.institution == Operation.Institution.CARE
    agencies = set(demo_hub.case.members.values_list("agency__code", flat=True))
    assert {"police", "csc", "health"} <= agencies
    assert NominalStatus.objects.filter(on__gte=timezone.localdate()).count() == 0


def _its_nominals(demo_hub: Operation) -> None:
    assert _statuses(demo_hub, "victim") == ["not_now", "pre_contact_review", "support_in_place"]
    assert _statuses(demo_hub, "suspect") == ["arrested", "charged"]
    roles = set(CasePerson.objects.filter(case=demo_hub.case).values_list("role", flat=True))
    assert roles == {"victim", "suspect"}
    # The plan under review: written by one supervisor, checked by health, not approved.
    reviewing = next(
        s.person_id
        for s in demo_hub.statuses.filter(status="pre_contact_review")
        if _now(demo_hub, s.person_id).status == "pre_contact_review"
    )
    plan = ContactPlan.objects.get(operation=demo_hub, person_id=reviewing)
    assert plan.approved_at is None
    assert "supervisor" in plan.author.role_names
    assert AgencyCheck.objects.filter(plan=plan, agency__code="health").exists()
    not_now = SurvivorDecision.objects.get(operation=demo_hub, decision="not_now")
    assert not_now.come_back_on is None
    approved = ContactPlan.objects.get(operation=demo_hub, person_id=not_now.person_id)
    assert approved.approved_by is not None
    assert approved.approved_by != approved.author
    cawn = Disruption.objects.get(operation=demo_hub)
    assert cawn.kind == Disruption.Kind.CAWN
    assert _now(demo_hub, cawn.person_id).status == "arrested"


def _its_decision_log(demo_hub: Operation) -> None:
    kinds = list(Decision.objects.filter(operation=demo_hub).values_list("kind", flat=True))
    assert kinds == [Decision.Kind.SCOPE, Decision.Kind.PRIORITY]


def _its_meeting(demo_hub: Operation) -> None:
    meeting = Meeting.objects.get(kind=Meeting.Kind.STRATEGY)
    assert "supervisor" in meeting.chair.role_names
    assert len(set(meeting.attendees.values_list("agency__code", flat=True))) >= 3
    discussed = Discussed.objects.get(meeting=meeting)
    assert _now(demo_hub, discussed.person_id).role == "victim"
    today = timezone.localdate()
    actions = list(MeetingAction.objects.filter(meeting=meeting))
    assert len(actions) == 2
    late = [a for a in actions if a.due_on < today]
    assert len(late) == 1
    assert any(a.due_on > today for a in actions)
    owner = User.objects.get(pk=late[0].owner_id)
    assert list(overdue_actions(owner, today)) == late
