"""The home page: the user's agency and every agency of the hub with its extracts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, User
from safehub.records.models import Extract


def _extract(agency: Agency, extract_id: str) -> Extract:
    return Extract.objects.create(
        agency=agency,
        extract_id=extract_id,
        extracted_at=datetime(2026, 11, 1, tzinfo=UTC),
        manifest={},
        checksum="0" * 64,
    )


def test_home_lists_agencies_with_extract_counts(
    signed_in: Callable[[User], Client], police_practitioner: User, health: Agency
) -> None:
    _extract(police_practitioner.agency, "p-1")  # type: ignore[arg-type]
    _extract(police_practitioner.agency, "p-2")  # type: ignore[arg-type]
    html = signed_in(police_practitioner).get(reverse("home")).content.decode()
    assert "Agencies in the hub" in html
    police_row = html[html.index("Northshire Police</th>") :]
    police_row = police_row[: police_row.index("</tr>")]
    assert "Police" in police_row
    assert ">2</td>" in police_row
    assert datetime.now(UTC).strftime("%Y") in police_row
    health_row = html[html.index("Northshire Health Trust</th>") :]
    health_row = health_row[: health_row.index("</tr>")]
    assert ">0</td>" in health_row
    assert "None yet" in health_row


def test_home_links_to_own_agency_extracts(
    signed_in: Callable[[User], Client], police_practitioner: User
) -> None:
    html = signed_in(police_practitioner).get(reverse("home")).content.decode()
    assert 'href="/agencies/police/extracts/"' in html
    assert 'aria-current="page"' in html


def test_user_without_agency_sees_no_extracts_link(
    signed_in: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    html = signed_in(make_user("no.agency", None)).get(reverse("home")).content.decode()
    assert "does not belong to an agency" in html
    assert "/extracts/" not in html
