"""A link run's row while it works: one run at a time, its stage, heartbeat and progress.

Progress goes to the cache, outside the run's transaction, so the overview page can
follow a run whose writes are not committed yet. A run whose worker died (no heartbeat
for STALE_AFTER, or its process gone) is marked failed by the next one.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from safehub.agencies.models import User
from safehub.linking.models import LinkRun

# A run whose heartbeat is older than this is taken to be dead (its worker was killed).
STALE_AFTER = timedelta(minutes=30)
PROGRESS_LIFE = 24 * 3600  # seconds


class LinkRunBusy(Exception):
    """Another link run is under way."""


def _progress_key(run_id: int) -> str:
    return f"link-run-progress:{run_id}"


def link_run_progress(run: LinkRun) -> tuple[str, int, int]:
    """(stage, done, total) of a running run; written outside its transaction."""
    stage, done, total = cache.get(_progress_key(run.pk), (run.stage, 0, 0))
    return str(stage), int(done), int(total)


def progress_set(run: LinkRun, stage: str, done: int, total: int) -> None:
    cache.set(_progress_key(run.pk), (stage, done, total), timeout=PROGRESS_LIFE)


def _alive(run: LinkRun) -> bool:
    if run.heartbeat_at is not None and timezone.now() - run.heartbeat_at > STALE_AFTER:
        return False
    if run.host == socket.gethostname() and run.pid:
        try:
            os.kill(run.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return run.pid != os.getpid()  # this process starting again: the old one is gone
    return True


def run_begin(*, kind: str, actor: User | None, trigger: str) -> LinkRun:
    """A new RUNNING run, or LinkRunBusy. A run whose worker died is marked failed first,
    and its checkpoints are offered to this one (checkpoints.resumable)."""
    with transaction.atomic():
        running = LinkRun.objects.select_for_update().filter(status=LinkRun.Status.RUNNING).first()
        if running is not None:
            if _alive(running):
                raise LinkRunBusy(f"link run {running.pk} is under way")
            running.status = LinkRun.Status.FAILED
            running.message = "Interrupted: its worker stopped before it finished."
            running.finished_at = timezone.now()
            running.save(update_fields=["status", "message", "finished_at"])
        try:
            with transaction.atomic():
                return LinkRun.objects.create(
                    kind=kind,
                    requested_by=actor,
                    trigger=trigger,
                    stage="start",
                    host=socket.gethostname(),
                    pid=os.getpid(),
                    heartbeat_at=timezone.now(),
                )
        except IntegrityError:
            raise LinkRunBusy("another link run started at the same moment") from None


def run_stage(run: LinkRun, stage: str, **fields: Any) -> None:
    run.stage = stage
    run.heartbeat_at = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["stage", "heartbeat_at", *fields])
    progress_set(run, stage, 0, 0)


def run_end(run: LinkRun, status: str, message: str) -> None:
    run.status, run.message, run.finished_at = status, message, timezone.now()
    run.save(update_fields=["status", "message", "finished_at", "counts", "timings"])
    cache.delete(_progress_key(run.pk))
