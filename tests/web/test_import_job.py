"""Uploading an extract and following its import job to the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, User
from safehub.ingest import services
from safehub.ingest.models import ImportJob
from safehub.records.models import Extract, PersonRecord
from tests.extracts import person

EXTRACTS = reverse("agency_extracts", kwargs={"code": "police"})


def _upload(client: Client, upload: SimpleUploadedFile, capture: Any) -> ImportJob:
    # The job is queued on commit; the ImmediateBackend then runs it at once.
    with capture(execute=True):
        response = client.post(EXTRACTS, {"extract": upload})
    assert response.status_code == 303
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import_job", kwargs={"job_id": job.id})
    job.refresh_from_db()
    return job


def test_valid_upload_is_imported_and_shown(
    signed_in: Callable[[User], Client],
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = signed_in(police_manager)
    job = _upload(client, extract_zip(), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.IMPORTED
    assert PersonRecord.objects.filter(agency=police_manager.agency).count() == 2

    html = client.get(reverse("import_job", kwargs={"job_id": job.id})).content.decode()
    assert ">Imported</strong>" in html
    assert "Imported extract police-2026-11-01: 2 rows." in html
    assert 'href="/agencies/police/extracts/"' in html
    assert "hx-trigger" not in html
    assert "<progress" not in html

    extracts = client.get(EXTRACTS).content.decode()
    assert "police-2026-11-01" in extracts
    assert "persons" in extracts
    assert "govuk-tag--green" in extracts


def test_same_extract_twice_is_already_imported(
    signed_in: Callable[[User], Client],
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = signed_in(police_manager)
    _upload(client, extract_zip(), django_capture_on_commit_callbacks)
    ImportJob.objects.update(created_at="2000-01-01T00:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXTRACTS, {"extract": extract_zip()})
    second = ImportJob.objects.order_by("-created_at").first()
    assert second is not None
    assert second.status == ImportJob.Status.ALREADY
    html = client.get(response["Location"]).content.decode()
    assert "Already imported" in html
    assert "was already imported; nothing changed." in html
    assert Extract.objects.count() == 1


def test_rejected_upload_lists_the_issue(
    signed_in: Callable[[User], Client],
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = signed_in(police_manager)
    upload = extract_zip(people=[person("P1", dob="2009-04-02"), person("P2", dob="2009-13-45")])
    job = _upload(client, upload, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.REJECTED
    assert not PersonRecord.objects.exists()

    html = client.get(reverse("import_job", kwargs={"job_id": job.id})).content.decode()
    assert ">Rejected</strong>" in html
    assert "The extract was not imported" in html
    issues = html[html.index("govuk-error-summary__list") :]
    assert "persons.csv, line 3, column &#x27;date_of_birth&#x27;" in issues


def test_truncated_issues_say_more_were_not_shown(
    signed_in: Callable[[User], Client], police: Agency, police_manager: User
) -> None:
    job = ImportJob.objects.create(
        agency=police,
        uploaded_by=police_manager,
        original_name="x.zip",
        stored_path="",
        size_bytes=10,
        status=ImportJob.Status.REJECTED,
        issues=["persons.csv, line 2: bad", "persons.csv, line 3: bad"],
        issues_truncated=True,
        message="2 problem(s) found; nothing was imported.",
    )
    html = (
        signed_in(police_manager)
        .get(reverse("import_job", kwargs={"job_id": job.id}))
        .content.decode()
    )
    assert "More problems were found but are not shown" in html
    assert html.count("persons.csv, line") == 2


def test_queued_job_polls_its_progress_until_finished(
    signed_in: Callable[[User], Client],
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = signed_in(police_manager)
    # Without running the on-commit callbacks the job stays queued, as in production
    # until the worker takes it.
    client.post(EXTRACTS, {"extract": extract_zip()})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED
    monkeypatch.setattr(services, "import_job_progress", lambda job: (512_000, 2_048_000))
    status_url = reverse("import_job_status", kwargs={"job_id": job.id})

    page = client.get(reverse("import_job", kwargs={"job_id": job.id})).content.decode()
    assert f'hx-get="{status_url}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert 'hx-swap="outerHTML"' in page
    assert "25% — 0.5 MB of 2.0 MB" in page
    assert '<progress class="app-progress" max="100" value="25"' in page

    partial = client.get(status_url).content.decode()
    assert partial.lstrip().startswith('<div id="job-status"')
    assert "<html" not in partial
    assert 'hx-trigger="every 1s"' in partial

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTED, message="Imported extract police-2026-11-01: 2 rows."
    )
    finished = client.get(status_url).content.decode()
    assert "hx-get" not in finished
    assert "hx-trigger" not in finished
    assert "Imported extract police-2026-11-01: 2 rows." in finished


def test_job_of_another_agency_is_404(
    signed_in: Callable[[User], Client], police: Agency, police_manager: User, health_manager: User
) -> None:
    job = ImportJob.objects.create(
        agency=police,
        uploaded_by=police_manager,
        original_name="x.zip",
        stored_path="",
        size_bytes=10,
    )
    client = signed_in(health_manager)
    assert client.get(reverse("import_job", kwargs={"job_id": job.id})).status_code == 404
    assert client.get(reverse("import_job_status", kwargs={"job_id": job.id})).status_code == 404


def test_any_role_of_the_agency_sees_the_job(
    signed_in: Callable[[User], Client],
    police: Agency,
    police_manager: User,
    police_practitioner: User,
) -> None:
    job = ImportJob.objects.create(
        agency=police,
        uploaded_by=police_manager,
        original_name="x.zip",
        stored_path="",
        size_bytes=10,
    )
    response = signed_in(police_practitioner).get(reverse("import_job", kwargs={"job_id": job.id}))
    assert response.status_code == 200
    assert "pat.manager" in response.content.decode()
