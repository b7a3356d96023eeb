"""The meeting's outcomes of a flag: recorded with author and reason, audited, never
edited; a closed flag re-opens only for evidence that was not there, saying what is new."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safehub.access.actions import ActionRefused
from safehub.access.models import CasePerson
from safehub.access.policy import viewer_for
from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent
from safehub.records.queries.visible import visible_persons
from safehub.screening.models import Flag, FlagDecision
from safehub.screening.queue import queue_flags
from safehub.screening.services import screen_run
from safehub.screening.triage import flag_decide
from tests import factories as f
from tests.screening.hub import flagged_hub

pytestmark = pytest.mark.django_db


def test_screening_raises_one_flag_that_a_re_run_keeps() -> None:
    hub = flagged_hub()
    flag = hub.flag()
    assert flag.status == Flag.Status.NEW
    assert {"older-boyfriend", "vehicles-unknown-adults"} <= set(flag.rules)
    screen_run(trigger="cli")
    assert Flag.objects.get().pk == flag.pk


def test_no_further_action_needs_a_reason_and_is_audited_with_it() -> None:
    hub = flagged_hub()
    with pytest.raises(ValidationError) as problem:
        flag_decide(actor=hub.supervisor, flag=hub.flag(), outcome="nfa", reason="no")
    assert "reason" in problem.value.message_dict
    decision = flag_decide(
        actor=hub.supervisor,
        flag=hub.flag(),
        outcome="nfa",
        reason="Boyfriend is 15; school and family spoke to him.",
    )
    assert hub.flag().status == Flag.Status.NFA
    row = AuditEvent.objects.get(verb="flag_decided")
    assert row.actor == hub.supervisor
    assert row.justification == decision.reason
    assert row.detail["outcome"] == "nfa"
    assert row.subject_person == str(hub.girl.pk)


def test_monitor_needs_a_future_review_date_and_returns_to_the_queue_on_it() -> None:
    hub = flagged_hub()
    with pytest.raises(ValidationError) as problem:
        flag_decide(
            actor=hub.supervisor, flag=hub.flag(), outcome="monitor", reason="Watch her for now."
        )
    assert "review_on" in problem.value.message_dict
    soon = timezone.localdate() + timedelta(days=14)
    flag_decide(
        actor=hub.supervisor,
        flag=hub.flag(),
        outcome="monitor",
        reason="Watch the missing episodes for a month.",
        review_on=soon,
    )
    assert hub.flag().status == Flag.Status.MONITOR
    assert hub.flag().review_on == soon
    viewer = viewer_for(hub.supervisor)
    assert not queue_flags(viewer).exists()
    Flag.objects.filter(pk=hub.flag().pk).update(review_on=timezone.localdate())
    assert list(queue_flags(viewer)) == [hub.flag()]


def test_a_closed_flag_reopens_only_for_new_evidence_and_says_what_is_new() -> None:
    hub = flagged_hub()
    flag_decide(
        actor=hub.supervisor,
        flag=hub.flag(),
        outcome="nfa",
        reason="Spoke to her mother: known boyfriend.",
    )
    screen_run(trigger="cli")  # nothing new
    assert hub.flag().status == Flag.Status.NFA
    night = hub.new_fact()
    screen_run(trigger="cli")
    flag = hub.flag()
    assert flag.status == Flag.Status.ESCALATED
    assert {e["event"] for e in flag.new_evidence} == {night.pk}
    assert {e["rule"] for e in flag.new_evidence} >= {"found-at-gateway"}


def test_a_closed_flag_is_not_decided_again_until_it_reopens() -> None:
    hub = flagged_hub()
    flag_decide(
        actor=hub.supervisor,
        flag=hub.flag(),
        outcome="strategy",
        reason="Strategy meeting on Thursday.",
    )
    with pytest.raises(ValidationError):
        flag_decide(
            actor=hub.supervisor,
            flag=hub.flag(),
            outcome="nfa",
            reason="Changed my mind about it.",
        )
    assert FlagDecision.objects.count() == 1


def test_open_to_the_team_creates_a_case_team_that_names_her() -> None:
    hub = flagged_hub()
    decision = flag_decide(
        actor=hub.supervisor,
        flag=hub.flag(),
        outcome="cst",
        reason="Harm likely: open to the complex safeguarding team.",
    )
    assert decision.case is not None
    assert hub.supervisor in decision.case.members.all()
    assert CasePerson.objects.get(case=decision.case).person_id == hub.girl.pk
    assert hub.girl.pk in viewer_for(hub.supervisor).case_people
    assert hub.flag().case == decision.case


def test_someone_who_may_not_open_her_is_refused_and_it_is_audited() -> None:
    hub = flagged_hub()
    stranger = f.user(f.agency("health", "health"), Role.SUPERVISOR)
    assert not visible_persons(viewer_for(stranger)).filter(pk=hub.girl.pk).exists()
    with pytest.raises(ActionRefused):
        flag_decide(
            actor=stranger, flag=hub.flag(), outcome="nfa", reason="Not ours to decide at all."
        )
    assert hub.flag().status == Flag.Status.NEW
    assert AuditEvent.objects.filter(verb="refused", detail__action="flag_decide").exists()


def test_a_practitioner_may_not_decide() -> None:
    hub = flagged_hub()
    with pytest.raises(ActionRefused):
        flag_decide(
            actor=f.user(hub.police, Role.PRACTITIONER),
            flag=hub.flag(),
            outcome="nfa",
            reason="I think it is nothing much.",
        )
