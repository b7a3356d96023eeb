"""Importing extracts: from a path (the command line, the demo), or an uploaded one as the
worker runs it; and settling the jobs whose worker died.

Nothing here enqueues the import task (uploads does), so the task's module can import
this one at its top without a cycle.
"""

from __future__ import annotations

import shutil
import time
import traceback
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from safehub.agencies.models import Agency, User
from safehub.ingest.exchange.issues import ExtractRejected, Issue
from safehub.ingest.loader.extract import ImportOutcome, Progress, import_extract
from safehub.ingest.mapping.extract import MappedExtract
from safehub.ingest.models import ImportJob
from safehub.ingest.sources import ExtractReader, ExtractSource, Limits
from safehub.linking.tasks import link_after_import
from safehub.records.models import Extract


def _limits() -> Limits:
    return Limits(max_file_bytes=settings.SAFEHUB_MAX_FILE_BYTES)


def open_extract(
    path: Path,
    *,
    mapping: Path | None = None,
    extract_id: str | None = None,
    extracted_at: datetime | None = None,
) -> ExtractReader:
    """An exchange-format folder or .zip, or a native layout read through its mapping."""
    if mapping is None:
        return ExtractSource(path, limits=_limits())
    return MappedExtract(
        mapping, path, extract_id=extract_id, extracted_at=extracted_at, limits=_limits()
    )


def extract_import(
    *,
    path: Path,
    actor: User | None = None,
    mapping: Path | None = None,
    extract_id: str | None = None,
    extracted_at: datetime | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    with open_extract(
        path, mapping=mapping, extract_id=extract_id, extracted_at=extracted_at
    ) as reader:
        outcome = import_extract(
            reader, imported_by=actor, progress=progress, mapping=str(mapping) if mapping else ""
        )
    link_after(outcome)
    return outcome


def link_after(outcome: ImportOutcome) -> None:
    """New records are linked to the hub's Persons by a background task, once committed."""
    if not outcome.created:
        return
    extract_pk = outcome.extract.pk
    transaction.on_commit(lambda: link_after_import.enqueue(extract_pk=extract_pk))


# ---------------------------------------------------------------- import jobs


# A running job whose worker has not reported for this long is taken to be dead: an import
# reports after every batch of rows (a second or so), and a dead worker's transaction
# rolled back with it. The setting SAFEHUB_IMPORT_STALE_MINUTES changes it.
STALE_AFTER = timedelta(minutes=10)


def _progress_key(job_id: UUID) -> str:
    return f"import-job-progress:{job_id}"


def _heartbeat_key(job_id: UUID) -> str:
    return f"import-job-heartbeat:{job_id}"


def _beat(job_id: UUID) -> None:
    cache.set(_heartbeat_key(job_id), time.time(), timeout=24 * 3600)


def _stale_after() -> timedelta:
    minutes = getattr(settings, "SAFEHUB_IMPORT_STALE_MINUTES", None)
    return timedelta(minutes=float(minutes)) if minutes is not None else STALE_AFTER


def import_job_progress(job: ImportJob) -> tuple[int, int]:
    """(bytes done, bytes in all) of a running job; written outside its transaction."""
    done, total = cache.get(_progress_key(job.id), (0, 0))
    return int(done), int(total)


def _finish(job: ImportJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.id))
    shutil.rmtree(Path(job.stored_path).parent, ignore_errors=True)


def import_job_run(*, job_id: UUID) -> ImportJob:
    """Run one queued import. Safe to run twice: a finished job is left as it is."""
    job = ImportJob.objects.select_related("agency", "uploaded_by").get(pk=job_id)
    if job.finished:
        return job
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    _beat(job.id)

    def progress(done: int, total: int) -> None:
        cache.set(_progress_key(job.id), (done, total), timeout=24 * 3600)
        _beat(job.id)

    try:
        reader = ExtractSource(Path(job.stored_path), limits=_limits())
        with reader:
            manifest_agency = _manifest_agency(reader)
            if manifest_agency != job.agency.code:
                raise ExtractRejected(
                    [
                        Issue(
                            "manifest.json",
                            None,
                            "agency",
                            f"the extract is for {manifest_agency!r}, not {job.agency.code!r}",
                        )
                    ]
                )
            outcome = import_extract(reader, imported_by=job.uploaded_by, progress=progress)
    except ExtractRejected as rejected:
        _finish(
            job,
            status=ImportJob.Status.REJECTED,
            issues=[str(issue) for issue in rejected.issues],
            issues_truncated=rejected.truncated,
            message=f"{len(rejected.issues)} problem(s) found; nothing was imported.",
        )
        return job
    except Exception:
        _finish(job, status=ImportJob.Status.FAILED, message=traceback.format_exc(limit=3))
        raise
    status = ImportJob.Status.IMPORTED if outcome.created else ImportJob.Status.ALREADY
    _finish(job, status=status, extract=outcome.extract, message=_outcome_message(outcome))
    link_after(outcome)
    return job


def import_jobs_fail_stale(agency: Agency) -> int:
    """Settle the agency's running jobs whose worker died: those that got as far as the
    commit are marked imported, the rest failed (their transaction died with the worker,
    so nothing of them is in the hub); the upload is then deleted. Returns how many.

    Without this a job whose worker was killed would say "Importing" for ever.
    """
    settled = 0
    deadline = time.time() - _stale_after().total_seconds()
    for job in ImportJob.objects.filter(agency=agency, status=ImportJob.Status.RUNNING):
        beat = cache.get(_heartbeat_key(job.id))
        last = (
            float(beat)
            if beat is not None
            else (job.started_at.timestamp() if job.started_at else 0.0)
        )
        if last >= deadline:
            continue
        settled += _settle_dead(job)
    return settled


def _settle_dead(job: ImportJob) -> int:
    extract = _committed_extract(job)
    if extract is not None:
        fields: dict[str, Any] = {
            "status": ImportJob.Status.IMPORTED,
            "extract": extract,
            "message": _outcome_message(
                ImportOutcome(extract=extract, created=True, row_counts=extract.row_counts)
            ),
        }
    else:
        fields = {
            "status": ImportJob.Status.FAILED,
            "message": "The worker running this import stopped before it finished; "
            "nothing was imported.",
        }
    # Only a job still marked running: a worker that was merely slow may have finished it.
    changed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        finished_at=timezone.now(), **fields
    )
    if changed:
        cache.delete(_progress_key(job.id))
        cache.delete(_heartbeat_key(job.id))
        shutil.rmtree(Path(job.stored_path).parent, ignore_errors=True)
    return changed


def _committed_extract(job: ImportJob) -> Extract | None:
    """The extract the job's upload holds, if an import of it was committed."""
    try:
        with ExtractSource(Path(job.stored_path), limits=_limits()) as reader:
            raw = reader.manifest()
    except (OSError, ExtractRejected):
        return None
    extract_id = str(raw.get("extract_id", "")) if isinstance(raw, dict) else ""
    return Extract.objects.filter(agency=job.agency, extract_id=extract_id).first()


def _manifest_agency(reader: ExtractSource) -> str:
    raw = reader.manifest()
    return str(raw.get("agency", "")) if isinstance(raw, dict) else ""


def _outcome_message(outcome: ImportOutcome) -> str:
    if not outcome.created:
        return f"Extract {outcome.extract.extract_id} was already imported; nothing changed."
    rows = sum(outcome.row_counts.values())
    return f"Imported extract {outcome.extract.extract_id}: {rows:,} rows."
