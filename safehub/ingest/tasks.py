"""Background tasks of the import (run by the django-tasks-db worker)."""

from uuid import UUID

from django.tasks import task

from safehub.ingest import services


@task()
def run_import_job(job_id: str) -> str:
    job = services.import_job_run(job_id=UUID(job_id))
    return job.status
