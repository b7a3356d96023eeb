"""Views of the import pages: thin, they parse, call queries or services, and render."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from safehub.access.actions import Action, require
from safehub.agencies.models import Agency, User
from safehub.ingest import queries, services, uploads
from safehub.ingest.forms import ExtractUploadForm


def _viewer(request: HttpRequest) -> User:
    # LoginRequiredMiddleware has already sent anonymous users to sign in.
    if not isinstance(request.user, User):
        raise Http404
    return request.user


@require_http_methods(["GET", "HEAD", "POST"])
def agency_extracts(request: HttpRequest, code: str) -> HttpResponse:
    viewer = _viewer(request)
    agency = queries.agency_for(viewer, code)
    may_upload = queries.may_upload(viewer=viewer, agency=agency)
    if request.method == "POST":
        require(viewer, Action.EXTRACT_UPLOAD, agency, route="extract_upload")
        return _upload(request, viewer=viewer, agency=agency)
    return _extracts_page(request, agency, ExtractUploadForm() if may_upload else None)


def _upload(request: HttpRequest, *, viewer: User, agency: Agency) -> HttpResponse:
    form = ExtractUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = uploads.import_job_create(
                actor=viewer, agency=agency, upload=form.cleaned_data["extract"]
            )
        except uploads.UploadRefused as refused:
            form.add_error("extract", str(refused))
        else:
            return HttpResponseRedirect(reverse("import_job", args=[job.id]), status=303)
    return _extracts_page(request, agency, form, status=422)


def _extracts_page(
    request: HttpRequest, agency: Agency, form: ExtractUploadForm | None, *, status: int = 200
) -> HttpResponse:
    services.import_jobs_fail_stale(agency)
    return render(
        request,
        "ingest/extracts.html",
        {
            "nav": "extracts",
            "agency": agency,
            "form": form,
            "extracts": queries.recent_extracts(agency),
            "extract_count": queries.extract_count(agency),
            "jobs": queries.recent_import_jobs(agency),
        },
        status=status,
    )


def _job_context(request: HttpRequest, job_id: UUID) -> dict[str, object]:
    job = queries.import_job_for(_viewer(request), job_id)
    if job.status == job.Status.RUNNING and services.import_jobs_fail_stale(job.agency):
        job.refresh_from_db()
    return {
        "nav": "extracts",
        "job": job,
        "progress": None if job.finished else queries.import_job_progress(job),
    }


@require_safe
def import_job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    return render(request, "ingest/job.html", _job_context(request, job_id))


@require_safe
def import_job_status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The job's status block alone, polled by htmx until the job finishes."""
    return render(request, "ingest/job.html#job-status", _job_context(request, job_id))
