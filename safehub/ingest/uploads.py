"""An extract uploaded in the web: kept on disk and its import queued for the worker.

The one place a request enqueues the import task, so it imports tasks at the top while
tasks imports the job's body from services: no cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from safehub.access.actions import Action, require
from safehub.agencies.models import Agency, User
from safehub.ingest.models import ImportJob
from safehub.ingest.tasks import run_import_job


class UploadRefused(Exception):
    pass


def import_job_create(*, actor: User, agency: Agency, upload: UploadedFile[Any]) -> ImportJob:
    """Keep an uploaded .zip extract of the actor's own agency and queue its import."""
    require(actor, Action.EXTRACT_UPLOAD, agency, route="extract_upload")

    name = Path(upload.name or "extract.zip").name
    if not name.lower().endswith(".zip"):
        raise UploadRefused(f"{name}: upload the extract as a .zip of its folder")
    if upload.size is None or upload.size > settings.SAFEHUB_MAX_UPLOAD_BYTES:
        raise UploadRefused(
            f"{name}: {upload.size or 0:,} bytes is over the upload limit of "
            f"{settings.SAFEHUB_MAX_UPLOAD_BYTES:,} bytes"
        )
    with transaction.atomic():
        job = ImportJob.objects.create(
            agency=agency,
            uploaded_by=actor,
            original_name=name,
            stored_path="",
            size_bytes=upload.size,
        )
        folder = Path(settings.MEDIA_ROOT) / "imports" / str(job.id)
        folder.mkdir(parents=True, exist_ok=True)
        stored = folder / "extract.zip"
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        job.stored_path = str(stored)
        job.save(update_fields=["stored_path"])
        transaction.on_commit(lambda: run_import_job.enqueue(job_id=str(job.id)))
    return job
