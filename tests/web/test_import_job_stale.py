"""An import job whose worker died is settled, not left "Importing" for ever."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safehub.agencies.models import User
from safehub.ingest import services
from safehub.ingest.models import ImportJob
from safehub.records.models import Extract, PersonRecord

EXTRACTS = reverse("agency_extracts", kwargs={"code": "police"})


def _started_and_abandoned(
    client: Client, upload: SimpleUploadedFile, minutes_ago: float
) -> ImportJob:
    """A job a worker took `minutes_ago` and then, as far as anyone can tell, dropped."""
    client.post(EXTRACTS, {"extract": upload})  # queued; no worker runs it here
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    job.refresh_from_db()
    return job


def _page(client: Client, job: ImportJob) -> str:
    return client.get(reverse("import_job", kwargs={"job_id": job.id})).content.decode()


def test_a_job_whose_worker_died_is_shown_as_failed_and_its_upload_deleted(
    signed_in: Callable[[User], Client],
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
) -> None:
    client = signed_in(police_manager)
    job = _started_and_abandoned(client, extract_zip(), minutes_ago=11)
    assert Path(job.stored_path).exists()

    html = _page(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.finished_at is not None
    assert "Nothing was imported" in html
    assert "hx-trigger" not in html  # the page stops polling
    assert not Path(job.stored_path).exists()
    assert not PersonRecord.objects.exists()


def test_a_running_job_that_still_reports_is_left_running(
    signed_in: Callable[[User], Client],
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
) -> None:
    client = signed_in(police_manager)
    job = _started_and_abandoned(client, extract_zip(), minutes_ago=45)
    services._beat(job.id)  # a big import, still reporting its batches

    html = _page(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert 'hx-trigger="every 1s"' in html
    assert Path(job.stored_path).exists()


def test_a_job_just_started_is_not_judged_dead(
    signed_in: Callable[[User], Client],
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
) -> None:
    client = signed_in(police_manager)
    job = _started_and_abandoned(client, extract_zip(), minutes_ago=2)
    _page(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING


def test_a_job_that_committed_before_its_worker_died_is_shown_as_imported(
    signed_in: Callable[[User], Client],
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
) -> None:
    client = signed_in(police_manager)
    job = _started_and_abandoned(client, extract_zip(), minutes_ago=30)
    # The import itself committed; the worker died before it could mark the job.
    services.extract_import(path=Path(job.stored_path))
    extract = Extract.objects.get()

    listing = client.get(EXTRACTS).content.decode()  # the agency's page settles it too
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED
    assert job.extract == extract
    assert "Imported extract police-2026-11-01: 2 rows." in job.message
    assert "police-2026-11-01" in listing
    assert PersonRecord.objects.count() == 2
    assert not Path(job.stored_path).exists()
