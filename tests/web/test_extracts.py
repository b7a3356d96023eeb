"""An agency's extracts page: its own users only; uploads by its hub managers only."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import User
from safehub.ingest.models import ImportJob

EXTRACTS = reverse("agency_extracts", kwargs={"code": "police"})


def test_hub_manager_sees_the_upload_form(
    signed_in: Callable[[User], Client], police_manager: User
) -> None:
    response = signed_in(police_manager).get(EXTRACTS)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'class="govuk-file-upload"' in html
    assert "No extracts from Northshire Police have been imported yet." in html


def test_practitioner_sees_extracts_without_the_upload_form(
    signed_in: Callable[[User], Client], police_practitioner: User
) -> None:
    response = signed_in(police_practitioner).get(EXTRACTS)
    assert response.status_code == 200
    assert "govuk-file-upload" not in response.content.decode()


def test_other_agency_user_gets_404(
    signed_in: Callable[[User], Client], health_manager: User, police_manager: User
) -> None:
    client = signed_in(health_manager)
    assert client.get(EXTRACTS).status_code == 404
    assert client.get(reverse("agency_extracts", kwargs={"code": "nowhere"})).status_code == 404


def test_upload_by_non_hub_manager_is_refused_and_creates_nothing(
    signed_in: Callable[[User], Client],
    police_practitioner: User,
    extract_zip: Callable[..., SimpleUploadedFile],
) -> None:
    response = signed_in(police_practitioner).post(EXTRACTS, {"extract": extract_zip()})
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_upload_to_another_agency_is_refused_and_creates_nothing(
    signed_in: Callable[[User], Client],
    health_manager: User,
    police_manager: User,
    extract_zip: Callable[..., SimpleUploadedFile],
) -> None:
    response = signed_in(health_manager).post(EXTRACTS, {"extract": extract_zip()})
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_upload_of_a_non_zip_is_refused_with_422(
    signed_in: Callable[[User], Client], police_manager: User
) -> None:
    upload = SimpleUploadedFile("persons.csv", b"record_id\nP1\n", content_type="text/csv")
    response = signed_in(police_manager).post(EXTRACTS, {"extract": upload})
    html = response.content.decode()
    assert response.status_code == 422
    assert "govuk-error-summary" in html
    assert "persons.csv: upload the extract as a .zip of its folder" in html
    assert '<a href="#id_extract">' in html
    assert "govuk-file-upload--error" in html
    assert "<title>Error: " in html
    assert not ImportJob.objects.exists()


def test_upload_without_a_file_is_refused_with_422(
    signed_in: Callable[[User], Client], police_manager: User
) -> None:
    response = signed_in(police_manager).post(EXTRACTS, {})
    assert response.status_code == 422
    assert "Select a .zip file of the extract" in response.content.decode()
