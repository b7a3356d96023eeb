"""Every page sends a Content-Security-Policy and has no inline script or style."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, User
from safehub.ingest.models import ImportJob
from tests.signin import totp_device_for
from tests.web.conftest import PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _assert_strict(response: TestResponse) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    for attributes in _SCRIPT.findall(html):
        assert "src=" in attributes, f"inline <script{attributes}>"
    assert "<style" not in html.lower()
    assert not re.search(r"\sstyle=", html, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+=", html, re.IGNORECASE), "inline event handler"


def test_sign_in_page_is_strict(client: Client, db: None) -> None:
    _assert_strict(client.get(reverse("login")))
    _assert_strict(client.post(reverse("login"), {"username": "x", "password": "y"}))


def test_second_factor_pages_are_strict(client: Client, police_manager: User) -> None:
    client.post(reverse("login"), {"username": police_manager.username, "password": PASSWORD})
    _assert_strict(client.get(reverse("sign_in_set_up")))
    _assert_strict(client.post(reverse("sign_in_set_up"), {"code": "12"}))
    totp_device_for(police_manager)
    _assert_strict(client.get(reverse("sign_in_code")))


def test_pages_cannot_be_framed(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("page", ["home", "extracts", "job", "job_status", "upload_error"])
def test_signed_in_pages_are_strict(
    page: str, signed_in: Callable[[User], Client], police: Agency, police_manager: User
) -> None:
    client = signed_in(police_manager)
    job = ImportJob.objects.create(
        agency=police,
        uploaded_by=police_manager,
        original_name="x.zip",
        stored_path="",
        size_bytes=10,
    )
    requests = {
        "home": lambda: client.get(reverse("home")),
        "extracts": lambda: client.get(reverse("agency_extracts", kwargs={"code": "police"})),
        "job": lambda: client.get(reverse("import_job", kwargs={"job_id": job.id})),
        "job_status": lambda: client.get(reverse("import_job_status", kwargs={"job_id": job.id})),
        "upload_error": lambda: client.post(
            reverse("agency_extracts", kwargs={"code": "police"}), {}
        ),
    }
    response = requests[page]()
    assert response.status_code in (200, 422)
    _assert_strict(response)


def test_page_loads_govuk_frontend_as_modules(
    signed_in: Callable[[User], Client], police_manager: User
) -> None:
    html = signed_in(police_manager).get(reverse("home")).content.decode()
    assert '<script type="module" src="/static/web/init.js">' in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert '"includeIndicatorStyles": false' in html
    govuk = html.index("vendor/govuk/govuk-frontend.min.css")
    assert govuk < html.index("vendor/moj/moj-frontend.min.css")
