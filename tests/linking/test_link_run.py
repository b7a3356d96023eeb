"""Link runs on a small synthetic world, with the real pipeline (Splink on DuckDB)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from safehub.access.actions import ActionRefused
from safehub.access.models import AccessRequest, BreakGlass
from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent, Verb
from safehub.linking import decisions, writes
from safehub.linking.models import LinkDecision, LinkRun, LinkStatus, PersonLink, RecordKey
from safehub.linking.pipeline import facade as pipeline
from safehub.linking.services import runs
from safehub.linking.services.run_state import LinkRunBusy
from safehub.records.models import Person, PersonRecord
from tests import factories as f
from tests.linking.conftest import ImportWorld, truth

pytestmark = pytest.mark.django_db


def _assignment() -> dict[int, Any]:
    return dict(PersonRecord.objects.values_list("pk", "person_id"))


def _keys() -> dict[int, tuple[str, str]]:
    return {
        pk: (agency, rid)
        for pk, agency, rid in PersonRecord.objects.values_list("pk", "agency__code", "record_id")
    }


def _f1(world: Path) -> float:
    keys = _keys()
    predicted: dict[Hashable, str] = {keys[pk]: str(person) for pk, person in _assignment().items()}
    true: dict[Hashable, str] = dict(truth(world))
    return pipeline.evaluate(predicted, true).pairwise_f1


def test_a_full_run_puts_each_human_beings_records_into_one_person(hub, world) -> None:
    persons_before = Person.objects.count()
    run = runs.link_run(full=True)

    assert run.status == LinkRun.Status.DONE, run.message
    assert Person.objects.count() < persons_before * 0.8
    assert _f1(world) > 0.95
    # Every record has its link; linked ones name their strongest partner and weight.
    assert PersonLink.objects.count() == PersonRecord.objects.count()
    linked = PersonLink.objects.exclude(partner=None)
    assert linked.exists()
    weight = runs.thresholds().link_weight
    assert all(link.match_weight is not None and link.match_weight >= weight for link in linked)
    assert set(PersonLink.objects.values_list("status", flat=True)) == {LinkStatus.AUTO}
    # No Person is left without records; trace keys are made.
    assert not Person.objects.filter(records__isnull=True).exists()
    assert RecordKey.objects.filter(key__startswith="n:").exists()
    # Audited as a change by the system, with counts and no personal data.
    event = AuditEvent.objects.get(verb=Verb.LINK_RUN_APPLIED, target_type="link_run")
    assert event.actor is None
    assert event.actor_username.startswith("cli:")
    assert event.target_id == str(run.pk)
    assert event.detail["records"] == PersonRecord.objects.count()


def test_person_ids_are_stable_while_records_stay_together(hub) -> None:
    runs.link_run(full=True)
    before = _assignment()
    again = runs.link_run(full=True)
    assert again.counts["records_moved"] == 0
    assert _assignment() == before


def test_an_incremental_run_links_a_new_extract_against_existing_persons(
    import_world: ImportWorld, trained, world
) -> None:
    import_world(skip=("health",))
    runs.link_run(full=True)
    before = _assignment()
    import_world()  # the health extract arrives
    health = set(PersonRecord.objects.filter(agency__code="health").values_list("pk", flat=True))

    run = runs.link_run(full=False, trigger="import")

    assert run.kind == LinkRun.Kind.INCREMENTAL
    assert run.status == LinkRun.Status.DONE
    assert run.counts["fresh_records"] == len(health)
    after = _assignment()
    joined = [pk for pk in health if after[pk] in set(before.values())]
    assert len(joined) > len(health) / 2  # most hospital patients are known already
    # Records already linked stay in their Persons, or go with all their Person's
    # records where a new record showed two Persons to be one.
    live = set(after.values())
    left_behind = [pk for pk, person in before.items() if after[pk] != person and person in live]
    assert len(left_behind) <= len(before) * 0.02
    assert _f1(world) > 0.95
    # Nothing new: nothing to do.
    assert runs.link_run(full=False).status == LinkRun.Status.SKIPPED


def test_a_run_killed_inside_its_write_leaves_the_old_assignment_and_a_rerun_completes(
    hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/security.md #27: no half-merged person; re-running completes it."""
    before = _assignment()
    persons = set(Person.objects.values_list("pk", flat=True))

    def killed(*args: object, **kwargs: object) -> None:
        raise RuntimeError("worker killed")

    # Records have moved and emptied Persons are gone by the time links are written.
    monkeypatch.setattr(writes, "links_replace", killed)
    with pytest.raises(RuntimeError, match="worker killed"):
        runs.link_run(full=True)

    assert _assignment() == before
    assert set(Person.objects.values_list("pk", flat=True)) == persons
    assert not PersonLink.objects.exists()
    failed = LinkRun.objects.get()
    assert failed.status == LinkRun.Status.FAILED
    assert failed.pairs_file
    assert not AuditEvent.objects.filter(target_type="link_run").exists()

    monkeypatch.undo()
    rerun = runs.link_run(full=True)
    assert rerun.status == LinkRun.Status.DONE
    assert rerun.resumed_from == failed  # its scored pairs were not scored again
    assert PersonLink.objects.count() == len(before)
    assert Person.objects.count() < len(persons)


def test_a_run_whose_worker_died_is_taken_over(hub) -> None:
    dead = LinkRun.objects.create(
        kind=LinkRun.Kind.FULL,
        host="elsewhere",
        pid=1,
        heartbeat_at=timezone.now() - timedelta(hours=2),
    )
    run = runs.link_run(full=True)
    dead.refresh_from_db()
    assert dead.status == LinkRun.Status.FAILED
    assert run.status == LinkRun.Status.DONE


def test_a_second_run_while_one_is_alive_is_refused(hub) -> None:
    LinkRun.objects.create(
        kind=LinkRun.Kind.FULL, host="elsewhere", pid=1, heartbeat_at=timezone.now()
    )
    with pytest.raises(LinkRunBusy):
        runs.link_run(full=True)


def test_too_few_records_to_train_on_leave_every_record_its_own_person(db) -> None:
    police = f.agency("police")
    f.record(police)
    f.record(police)
    run = runs.link_run(full=False, trigger="import")
    assert run.status == LinkRun.Status.SKIPPED
    assert "Too few records" in run.message
    assert Person.objects.count() == 2


def test_case_rows_break_glass_and_requests_follow_records_into_their_person(
    hub, world, linkage_everywhere
) -> None:
    worker = f.user(hub["police"], Role.PRACTITIONER)
    reviewer = f.user(hub["police"], Role.SUPERVISOR)
    by_person = defaultdict(list)
    true_person = truth(world)
    for pk, key in _keys().items():
        by_person[true_person[key]].append(pk)
    group = list(
        PersonRecord.objects.filter(
            pk__in=next(pks for pks in by_person.values() if len(pks) >= 3)
        ).order_by("pk")
    )
    for other in group[1:]:  # a reviewer's word makes sure they end up together
        decisions.link_decision_record(actor=reviewer, left=group[0], right=other, verdict="same")
    # Before linking each record is its own Person, each named by the same case.
    case = f.case(worker, people={r.person_id: "victim" for r in group})
    for record in group:
        BreakGlass.objects.create(
            user=worker,
            person_id=record.person_id,
            reason="urgent",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    AccessRequest.objects.create(
        requester=worker,
        owner=group[-1].agency,
        person_id=group[-1].person_id,
        record_pk=group[-1].pk,
        reason="strategy meeting needs it",
    )

    runs.link_run(full=True)

    persons = {r.person_id for r in PersonRecord.objects.filter(pk__in=[r.pk for r in group])}
    assert len(persons) == 1
    (person,) = persons
    assert list(case.people.values_list("person_id", "role")) == [(person, "victim")]
    assert set(BreakGlass.objects.values_list("person_id", flat=True)) == {person}
    assert AccessRequest.objects.get().person_id == person


def _pair_linked_together() -> tuple[PersonRecord, PersonRecord]:
    """Two records linking put in one Person."""
    counts = Counter(PersonRecord.objects.values_list("person_id", flat=True))
    person = next(p for p, n in counts.items() if n == 2)
    first, second = PersonRecord.objects.filter(person_id=person).order_by("pk")
    return first, second


def test_decisions_persist_across_relinks_and_override_the_model(hub, linkage_everywhere) -> None:
    runs.link_run(full=True)
    reviewer = f.user(hub["csc"], Role.SUPERVISOR)
    a, b = _pair_linked_together()
    c = PersonRecord.objects.exclude(person_id=a.person_id).order_by("pk").first()
    assert c is not None

    decisions.link_decision_record(
        actor=reviewer, left=a, right=b, verdict="different", note="Twins: different NHS numbers."
    )
    decisions.link_decision_record(
        actor=reviewer, left=c, right=a, verdict="same", note="Same girl, confirmed by her school."
    )
    assert LinkDecision.objects.count() == 2
    runs.link_run(full=False, trigger="decision")  # a decision re-links at once
    for relink in ("incremental", "full", "full again"):
        for record in (a, b, c):
            record.refresh_from_db()
        assert a.person_id != b.person_id, relink
        assert a.person_id == c.person_id, relink
        assert PersonLink.objects.get(record=c).status == LinkStatus.CONFIRMED
        assert PersonLink.objects.get(record=b).status == LinkStatus.REJECTED
        runs.link_run(full=True)
    # Each decision audited, with its note as the justification.
    audited = AuditEvent.objects.filter(verb=Verb.LINK_DECISION, actor=reviewer)
    assert audited.count() == 2
    assert {e.detail["decision"] for e in audited} == {"same", "different"}


def test_only_supervisors_and_analysts_decide(hub, linkage_everywhere) -> None:
    a, b = PersonRecord.objects.order_by("pk")[:2]
    with pytest.raises(ActionRefused):
        decisions.link_decision_record(
            actor=f.user(hub["police"], Role.PRACTITIONER), left=a, right=b, verdict="same"
        )
