"""The lifecycle every run of the hub's own processing over all agencies' records
shares (a screening run, a network build): its stages timed and reported as progress;
a failure recorded on the run; and a finish that replaces the last run's results and
writes its audit row in one transaction — unless a run started later has already
finished (runs may overlap: a link run's task beside one from the command line), in
which case this one is marked superseded and writes nothing, since the later one read
newer records."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction
from django.utils import timezone

Progress = Callable[[str, int, int], None]  # stage, done, total
DONE, FAILED, SUPERSEDED = "done", "failed", "superseded"


class Stages:
    """A run's stages in order: each timed (seconds, in `timings`) and reported."""

    def __init__(self, names: Sequence[str], progress: Progress | None) -> None:
        self.names, self.progress = tuple(names), progress
        self.timings: dict[str, float] = {}

    def _report(self, stage: str, done: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, len(self.names))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self._report(name, self.names.index(name))
        started = time.perf_counter()
        yield
        self.timings[name] = round(time.perf_counter() - started, 3)

    def finished(self) -> None:
        self._report(self.names[-1], len(self.names))


def failed(run: Any, error: BaseException, timings: dict[str, float]) -> None:
    """Record on `run` that it failed, and why."""
    run.status, run.message = FAILED, f"{type(error).__name__}: {error}"
    run.timings, run.finished_at = timings, timezone.now()
    run.save(update_fields=["status", "message", "timings", "finished_at"])


def finish(
    run: Any,
    *,
    counts: dict[str, int],
    message: str,
    superseded: str,
    replace: Callable[[], None],
    audited: Callable[[], None],
) -> None:
    """In one transaction: `replace` the last run's results, mark `run` done with
    `message`, write its audit row (`audited`) — or, if a later run has finished, mark
    this one superseded (`superseded` says so) and change nothing else."""
    model: type[models.Model] = type(run)
    with transaction.atomic():
        newer = model._default_manager.select_for_update().filter(pk__gt=run.pk, status=DONE)
        if newer.exists():
            run.status, run.counts, run.finished_at = SUPERSEDED, counts, timezone.now()
            run.message = superseded
            run.save(update_fields=["status", "counts", "finished_at", "message"])
            return
        replace()
        run.status, run.counts, run.finished_at = DONE, counts, timezone.now()
        run.message = message
        run.save(update_fields=["status", "counts", "finished_at", "message"])
        audited()


def keep_timings(run: Any, timings: dict[str, float]) -> None:
    """The stages' timings on the finished run (read back: `finish` saved its state)."""
    run.refresh_from_db()
    run.timings = timings
    run.save(update_fields=["timings"])
