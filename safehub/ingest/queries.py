"""Reads behind the import pages: who may see which agency's extracts and import jobs.

Extracts and import jobs belong to the agency that sent them; only that agency's users
see them (any role), and only its hub managers upload. Missing and not-yours look the
same to the caller: an empty queryset, which the views turn into 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Max, QuerySet

from safehub.access.actions import Action, can
from safehub.access.refusals import refused_as_missing
from safehub.agencies.models import Agency, User
from safehub.ingest import services
from safehub.ingest.models import ImportJob
from safehub.records.models import Extract

RECENT_EXTRACTS = 50
RECENT_JOBS = 10


def hub_agencies() -> QuerySet[Agency]:
    """Every agency of the hub, each with `extract_count` and `latest_import` (or None).

    Counts and dates only, no personal data: every user of the hub may see them.
    """
    return Agency.objects.annotate(
        extract_count=Count("extracts"),
        latest_import=Max("extracts__imported_at"),
    ).order_by("name")


def agencies_visible_to(viewer: User) -> QuerySet[Agency]:
    """The agencies whose extracts and import jobs `viewer` may see: their own — except
    for a partner's limited account, which sees only the concerns it sent itself (its
    agency's extracts would list its colleagues')."""
    if viewer.agency_id is None or viewer.partner_only:
        return Agency.objects.none()
    return Agency.objects.filter(pk=viewer.agency_id)


def may_upload(*, viewer: User, agency: Agency) -> bool:
    return can(viewer, Action.EXTRACT_UPLOAD, agency)


def recent_extracts(agency: Agency, *, limit: int = RECENT_EXTRACTS) -> list[Extract]:
    return list(
        Extract.objects.filter(agency=agency)
        .select_related("imported_by")
        .order_by("-imported_at")[:limit]
    )


def extract_count(agency: Agency) -> int:
    return Extract.objects.filter(agency=agency).count()


def recent_import_jobs(agency: Agency, *, limit: int = RECENT_JOBS) -> list[ImportJob]:
    return list(
        ImportJob.objects.filter(agency=agency)
        .select_related("uploaded_by")
        .order_by("-created_at")[:limit]
    )


def import_jobs_visible_to(viewer: User) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(
        agency__in=agencies_visible_to(viewer),
    ).select_related("agency", "uploaded_by", "extract")


@dataclass(frozen=True)
class JobProgress:
    """How far a queued or running import has read its files."""

    done_bytes: int
    total_bytes: int

    @property
    def percent(self) -> int:
        if self.total_bytes <= 0:
            return 0
        return min(100, self.done_bytes * 100 // self.total_bytes)

    @property
    def text(self) -> str:
        return f"{self.percent}% — {_megabytes(self.done_bytes)} of {_megabytes(self.total_bytes)}"


def import_job_progress(job: ImportJob) -> JobProgress:
    done, total = services.import_job_progress(job)
    return JobProgress(done_bytes=done, total_bytes=total)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def agency_for(viewer: User, code: str) -> Agency:
    """The viewer's own agency by code, or 404 (the refusal audited) for any other."""
    agency = agencies_visible_to(viewer).filter(code=code).first()
    if agency is None:
        raise refused_as_missing(
            viewer, "agency", code, "agency_extracts", message="No such agency"
        )
    return agency


def import_job_for(viewer: User, job_id: UUID) -> ImportJob:
    """An import job of the viewer's agency, or 404 (the refusal audited)."""
    job = import_jobs_visible_to(viewer).filter(pk=job_id).first()
    if job is None:
        raise refused_as_missing(
            viewer, "import_job", job_id, "import_job", message="No such import"
        )
    return job
