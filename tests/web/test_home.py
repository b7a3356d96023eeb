"""The home page by what each user does: a practitioner's cases and the flags of the
young people in them; a supervisor's hub queue; a hub manager's agencies; an auditor's
audit pages; a partner's limited account lands on the concern form. Nobody lands on a
page with nothing to do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, Role, User
from safehub.records.models import Extract
from safehub.screening.models import Flag
from tests import factories as f


def _extract(agency: Agency, extract_id: str) -> Extract:
    return Extract.objects.create(
        agency=agency,
        extract_id=extract_id,
        extracted_at=datetime(2026, 11, 1, tzinfo=UTC),
        manifest={},
        checksum="0" * 64,
    )


def _home(client: Client) -> str:
    return client.get(reverse("home")).content.decode()


def test_a_hub_manager_sees_the_agencies_with_their_extracts(
    signed_in: Callable[[User], Client], police_manager: User, health: Agency
) -> None:
    _extract(police_manager.agency, "p-1")  # type: ignore[arg-type]
    _extract(police_manager.agency, "p-2")  # type: ignore[arg-type]
    html = _home(signed_in(police_manager))
    assert "Agencies in the hub" in html
    police_row = html[html.index("Northshire Police</th>") :]
    police_row = police_row[: police_row.index("</tr>")]
    assert ">2</td>" in police_row
    assert datetime.now(UTC).strftime("%Y") in police_row
    health_row = html[html.index("Northshire Health Trust</th>") :]
    assert "None yet" in health_row[: health_row.index("</tr>")]
    assert 'href="/agencies/police/extracts/"' in html
    assert 'aria-current="page"' in html


def test_a_practitioner_sees_their_cases_and_the_flags_in_them(
    signed_in: Callable[[User], Client], police: Agency, police_practitioner: User
) -> None:
    hers = f.record(police, given_names="Kayleigh", family_name="Smyth").person
    other = f.record(police, given_names="Jade", family_name="Moss").person
    for person in (hers, other):
        Flag.objects.create(person=person, raised_on=date(2026, 3, 1), score=8.0, rules=["x"])
    case = f.case(police_practitioner, people={hers.pk: "victim"})
    html = _home(signed_in(police_practitioner))
    assert "Flags of the young people in your cases" in html
    assert "Kayleigh Smyth" in html
    assert "Jade Moss" not in html
    assert case.reference in html
    assert "Agencies in the hub" not in html


def test_a_supervisor_sees_the_hubs_queue(
    signed_in: Callable[[User], Client], police: Agency, make_user: Callable[..., User]
) -> None:
    person = f.record(police, given_names="Jade", family_name="Moss").person
    Flag.objects.create(person=person, raised_on=date(2026, 3, 1), score=8.0, rules=["x"])
    html = _home(signed_in(make_user("sam.supervisor", police, Role.SUPERVISOR)))
    assert "triage queue" in html  # the hub's own heading
    assert "Jade Moss" in html
    assert "Flags of the young people in your cases" not in html


def test_an_auditor_lands_on_the_audit_pages(
    signed_in: Callable[[User], Client], police: Agency, make_user: Callable[..., User]
) -> None:
    html = _home(signed_in(make_user("ann.auditor", police, Role.AUDITOR)))
    assert f'href="{reverse("audit_home")}"' in html
    assert "triage queue" not in html


def test_a_partner_lands_on_the_concern_form(
    signed_in: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    hotel = f.agency("hotel", "partner")
    html = _home(signed_in(make_user("front.desk", hotel, Role.PARTNER)))
    assert "Pass on a concern" in html
    assert "What did you see or hear?" in html
    assert "/extracts/" not in html


def test_user_without_agency_sees_no_extracts_link(
    signed_in: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    html = _home(signed_in(make_user("no.agency", None)))
    assert "does not belong to an agency" in html
    assert "/extracts/" not in html
