"""The dashboard's pages, list, export and API: a figure clicked through to the list
behind it (only those the viewer may see, the rest one banded line, audited), the CSV
(for the roles of `dashboard_export`, audited as an export, suppressed as on the page,
cells neutralised) and the API's same figures."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safehub.agencies.models import Role, User
from safehub.audit.models import AuditEvent, Verb
from tests import factories as f
from tests.api.conftest import bearer, token_for
from tests.dashboard import world as w

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _flags(hub: w.World, police: int, trust: int) -> None:
    for _ in range(police):
        w.flag(w.child(hub.police))
    for _ in range(trust):
        w.flag(w.child(hub.trust))


def _rows(page: str) -> list[str]:
    return [unescape(r) for r in page.split('<tr class="govuk-table__row">')[1:]]


def test_a_partner_sees_the_dashboard_with_small_numbers_suppressed(signed_in: SignIn) -> None:
    hub = w.world()
    _flags(hub, police=3, trust=0)
    page = signed_in(hub.partner_user).get(reverse("dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "fewer than 5" in text
    assert 'id="small-numbers"' in text
    charts = json.loads(text.split('id="dashboard-data" type="application/json">')[1].split("<")[0])
    assert [c["slug"] for c in charts][:2] == ["flags", "triage-time"]
    assert "Download these figures" not in text  # the export is not a partner's
    assert AuditEvent.objects.filter(
        actor=hub.partner_user, verb=Verb.VIEW, target_type="dashboard"
    ).exists()


def test_a_figure_clicked_through_lists_only_whom_the_viewer_may_see(signed_in: SignIn) -> None:
    hub = w.world()
    _flags(hub, police=6, trust=2)
    client = signed_in(hub.analyst)
    page = client.get(reverse("dashboard")).content.decode()
    link = page.split('href="/dashboard/flags/?')[1].split('"')[0]  # the first week's raised

    listed = client.get(f"/dashboard/flags/?{unescape(link)}")

    text = listed.content.decode()
    assert listed.status_code == 200
    assert text.count('/screening/">') == 6
    assert "Fewer than 5 more are behind this figure that you may not see" in " ".join(text.split())
    assert "Northvale Trust" not in text  # never which agency holds them
    row = AuditEvent.objects.filter(
        actor=hub.analyst, verb=Verb.VIEW, target_type="dashboard_figure"
    ).latest("seq")
    assert len(row.detail["people"]) == 6


def test_a_partners_list_names_no_one(signed_in: SignIn) -> None:
    hub = w.world()
    _flags(hub, police=7, trust=0)
    listed = signed_in(hub.partner_user).get(reverse("dashboard_figure", args=["flags"]))
    text = " ".join(listed.content.decode().split())
    assert 'id="figure-none"' in text
    assert "About 5 more are behind this figure" in text


def test_a_bad_filter_is_the_forms_error(signed_in: SignIn) -> None:
    hub = w.world()
    answer = signed_in(hub.analyst).get(
        reverse("dashboard"), {"from": "2026-05-01", "to": "2026-04-01", "district": "M 14"}
    )
    assert answer.status_code == 422
    assert "The end of the period must be the same as or after its start" in answer.content.decode()


def test_the_export_is_audited_and_suppressed_as_the_page(signed_in: SignIn) -> None:
    hub = w.world()
    _flags(hub, police=3, trust=3)
    odd = f.agency("odd", "social_care", hub=hub.north)
    odd.name = "=HYPERLINK(1)"
    odd.save()
    w.action(hub.analyst, f.user(odd), hub.north, due=timezone.localdate() - timedelta(days=2))
    answer = signed_in(hub.analyst).get(reverse("dashboard_export"), {"hub": hub.north.pk})
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    raised = [r for r in rows if r["series"] == "Flags raised"]
    total = raised[-1]
    assert (total["value"], total["shown_as"], total["state"]) == ("5", "about 5", "rounded")
    overdue = next(r for r in rows if r["figure"] == "Actions overdue, by agency")
    assert overdue["category"] == "'=HYPERLINK(1)"
    export = AuditEvent.objects.get(actor=hub.analyst, verb=Verb.EXPORT)
    assert export.detail["hub"] == str(hub.north.pk)


def test_the_export_is_refused_to_a_practitioner(signed_in: SignIn) -> None:
    hub = w.world()
    practitioner = f.user(hub.police, Role.PRACTITIONER)
    assert signed_in(practitioner).get(reverse("dashboard_export")).status_code == 404
    assert AuditEvent.objects.filter(actor=practitioner, verb=Verb.REFUSED).exists()
    assert not AuditEvent.objects.filter(actor=practitioner, verb=Verb.EXPORT).exists()


def test_the_api_gives_the_pages_figures() -> None:
    hub = w.world()
    _flags(hub, police=2, trust=0)
    for user, words in ((hub.analyst, "2"), (hub.partner_user, "fewer than 5")):
        body = Client().get(reverse("api_dashboard"), headers=bearer(token_for(user))).json()
        flags = body["figures"][0]
        assert body["hub"] == hub.north.pk
        assert flags["series"][0]["total"]["words"] == words
        assert flags["series"][0]["total"]["list"].startswith("/dashboard/flags/?")
    answer = (
        Client()
        .get(
            reverse("api_dashboard"),
            {"from": "2030-01-01", "to": "1990-01-01", "every_hub": "true"},
            headers=bearer(token_for(hub.analyst)),
        )
        .json()
    )
    # The dates in either order, within 2000 to 2100, cut to the last 3 years.
    assert answer["period"] == {"start": "2026-12-31", "end": "2030-01-01"}
    assert answer["hub"] is None


def test_the_apis_bad_parameters_are_named_as_given() -> None:
    hub = w.world()
    answer = Client().get(
        reverse("api_dashboard"),
        {"from": "not-a-date", "district": "M 14"},
        headers=bearer(token_for(hub.analyst)),
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"from", "district"}
