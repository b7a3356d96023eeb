"""The lifecycle runs of the hub's own processing share (safehub/records/runs.py): a run
finishing after a later one changes nothing; a failure is recorded; stages are timed."""

from __future__ import annotations

import pytest

from safehub.network.models import NetworkRun
from safehub.records import runs

pytestmark = pytest.mark.django_db


def test_a_run_finishing_after_a_later_one_is_superseded_and_writes_nothing() -> None:
    earlier = NetworkRun.objects.create(trigger="cli")
    NetworkRun.objects.create(trigger="link", status=NetworkRun.Status.DONE)
    done: list[str] = []
    runs.finish(
        earlier,
        counts={"edges": 3},
        message="built",
        superseded="A later build finished first.",
        replace=lambda: done.append("replaced"),
        audited=lambda: done.append("audited"),
    )
    earlier.refresh_from_db()
    assert earlier.status == NetworkRun.Status.SUPERSEDED
    assert earlier.message == "A later build finished first."
    assert done == []


def test_the_latest_run_replaces_and_is_audited_then_done() -> None:
    run = NetworkRun.objects.create(trigger="cli")
    done: list[str] = []
    runs.finish(
        run,
        counts={"edges": 3},
        message="built",
        superseded="",
        replace=lambda: done.append("replaced"),
        audited=lambda: done.append("audited"),
    )
    run.refresh_from_db()
    assert (run.status, run.message, run.counts) == (NetworkRun.Status.DONE, "built", {"edges": 3})
    assert done == ["replaced", "audited"]


def test_a_failure_is_recorded_with_the_stages_timed_so_far() -> None:
    run = NetworkRun.objects.create(trigger="cli")
    reported: list[tuple[str, int, int]] = []
    stages = runs.Stages(("read", "build"), lambda *step: reported.append(step))
    with stages.stage("read"):
        pass
    runs.failed(run, ValueError("event 7: a date that is not one"), stages.timings)
    run.refresh_from_db()
    assert run.status == NetworkRun.Status.FAILED
    assert run.message == "ValueError: event 7: a date that is not one"
    assert set(run.timings) == {"read"}
    assert reported == [("read", 0, 2)]
