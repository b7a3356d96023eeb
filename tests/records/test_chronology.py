"""The printable multi-agency chronology: only what the viewer may see, in date order,
with the timeline's filters; audited as its own verb (the CSV as an export); a person
the viewer may not open is the 404 of a missing one, audited as a refusal."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from safehub.access.policy import viewer_for
from safehub.agencies.models import Agency, SharingCondition, User
from safehub.audit.models import AuditEvent, Verb
from safehub.records.models import Event, PersonRecord
from safehub.records.queries.chronology import person_chronology
from safehub.records.queries.timeline import TimelineFilter
from tests import factories as f
from tests.answers import without_csrf_token

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@dataclass
class Hub:
    csc: Agency
    health: Agency
    police: Agency
    girl: PersonRecord
    clinic: PersonRecord  # the trust's record, of a sexual-health service: not shared
    worker: User


def on(event: Event, day: date) -> Event:
    Event.objects.filter(pk=event.pk).update(occurred_on=day)
    return event


@pytest.fixture
def hub() -> Hub:
    csc = f.agency("csc", "social_care")
    health = f.agency("health", "health", record_sensitivity="health")
    police = f.agency("police", "police")
    f.agreement(health, csc, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(csc, given_names="Lucy", family_name="Smith")
    on(f.event(girl, "missing_episode", summary="missing overnight"), date(2024, 2, 1))
    on(f.event(girl, "safeguarding_referral", summary="=HYPERLINK(1)"), date(2023, 6, 1))
    trust = f.record(health, person=girl.person, given_names="Lucy")
    on(
        f.event(trust, "ae_attendance", sensitivity="health", summary="hand injury"),
        date(2024, 1, 5),
    )
    on(
        f.event(trust, "sexual_health_attendance", sensitivity="sexual_health", summary="clinic"),
        date(2023, 12, 1),
    )
    # The A&E visit is also filed under the clinic's record, which the viewer may not see.
    clinic = f.record(health, person=girl.person, given_names="Lucy", sensitivity="sexual_health")
    on(f.event(clinic, "ae_attendance", sensitivity="health", summary="fall"), date(2024, 3, 1))
    worker = f.user(csc)
    f.case(worker, people={girl.person_id: "victim"})
    return Hub(csc, health, police, girl, clinic, worker)


def test_rows_in_date_order_only_what_the_viewer_may_see(hub: Hub) -> None:
    shown = person_chronology(viewer_for(hub.worker), hub.girl.person_id, TimelineFilter())
    assert [(r.occurred_on, r.summary) for r in shown.rows] == [
        (date(2023, 6, 1), "=HYPERLINK(1)"),
        (date(2024, 1, 5), "hand injury"),
        (date(2024, 2, 1), "missing overnight"),
        (date(2024, 3, 1), "fall"),
    ]
    assert "clinic" not in repr(shown)
    assert shown.display_name == "Lucy Smith"
    assert shown.rows[0].agency_name == "Northvale Csc"
    assert shown.rows[0].record_id == hub.girl.record_id
    # Filed under a record the viewer may not see: no record reference at all.
    assert shown.rows[-1].record_id == ""
    assert hub.clinic.record_id not in repr(shown)


def test_the_same_filters_as_the_timeline(hub: Hub) -> None:
    shown = person_chronology(
        viewer_for(hub.worker),
        hub.girl.person_id,
        TimelineFilter(agency="health", date_from=date(2024, 1, 1)),
    )
    assert [r.summary for r in shown.rows] == ["hand injury", "fall"]
    assert shown.timeline.filter_summary == "Northvale Health, from 1 January 2024"


def test_opening_it_is_audited_as_its_own_verb_without_its_content(hub: Hub) -> None:
    person_chronology(viewer_for(hub.worker), hub.girl.person_id, TimelineFilter(kind="crime"))
    row = AuditEvent.objects.get(verb=Verb.CHRONOLOGY_VIEWED, actor=hub.worker)
    assert row.subject_person == str(hub.girl.person_id)
    assert row.detail["route"] == "person_chronology"
    assert row.detail["filters"] == {"kind": "crime"}
    assert row.detail["rows"] == 0
    assert "Lucy" not in repr(row.detail)


def test_a_person_the_viewer_may_not_open_is_a_missing_person_and_a_refusal(hub: Hub) -> None:
    officer = f.user(hub.police)
    for person_id in (hub.girl.person_id, uuid.uuid4()):
        with pytest.raises(Http404):
            person_chronology(viewer_for(officer), person_id, TimelineFilter())
        assert AuditEvent.objects.filter(
            verb=Verb.REFUSED,
            actor=officer,
            subject_person=str(person_id),
            detail__route="person_chronology",
        ).exists()
    assert not AuditEvent.objects.filter(verb=Verb.CHRONOLOGY_VIEWED).exists()


def chronology_url(person_id: object) -> str:
    return reverse("person_chronology", kwargs={"person_id": person_id})


def test_the_page_is_the_same_404_for_forbidden_and_missing(hub: Hub, signed_in: SignIn) -> None:
    client = signed_in(f.user(hub.police))
    forbidden = client.get(chronology_url(hub.girl.person_id))
    missing = client.get(chronology_url(uuid.uuid4()))
    assert forbidden.status_code == missing.status_code == 404
    assert without_csrf_token(forbidden.content) == without_csrf_token(missing.content)
    assert "Lucy" not in forbidden.content.decode()


def test_the_page_is_a_printable_table(hub: Hub, signed_in: SignIn) -> None:
    hub.worker.first_name, hub.worker.last_name = "Cara", "Worker"
    hub.worker.save()
    client = signed_in(hub.worker)
    profile = client.get(reverse("person_profile", args=[hub.girl.person_id])).content.decode()
    assert chronology_url(hub.girl.person_id) in profile  # linked from the person page
    answer = client.get(chronology_url(hub.girl.person_id))
    assert answer.status_code == 200
    html = " ".join(answer.content.decode().split())
    assert '<h1 class="govuk-heading-l">Lucy Smith</h1>' in html
    assert "Contains personal data — handle under the hub\u2019s information sharing" in html
    assert "Printed by Cara Worker, Northvale Csc on" in html
    assert "records/person.css" in html  # the print stylesheet
    table = html[html.index('id="chronology"') :]
    assert table.index("hand injury") < table.index("missing overnight") < table.index("fall")
    assert "clinic" not in html
    assert f"Record {hub.girl.record_id}" in table


def test_the_csv_is_the_same_rows_audited_as_an_export(hub: Hub, signed_in: SignIn) -> None:
    answer = signed_in(hub.worker).get(
        reverse("person_chronology_csv", args=[hub.girl.person_id]), {"agency": "csc"}
    )
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    assert "attachment" in answer["Content-Disposition"]
    assert "Lucy" not in answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0][:5] == ["Date", "Time", "Ended", "Agency", "What happened"]
    assert [(r[0], r[6]) for r in rows[1:]] == [
        ("2023-06-01", "'=HYPERLINK(1)"),  # a formula is written as text
        ("2024-02-01", "missing overnight"),
    ]
    row = AuditEvent.objects.get(verb=Verb.EXPORT, actor=hub.worker)
    assert row.detail == {
        "route": "person_chronology_csv",
        "outside_case": False,
        "break_glass": False,
        "filters": {"agency": "csc"},
        "rows": 2,
        "format": "csv",
    }


def test_the_csv_refuses_like_a_missing_person(hub: Hub, signed_in: SignIn) -> None:
    client = signed_in(f.user(hub.police))
    url = reverse("person_chronology_csv", args=[hub.girl.person_id])
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, detail__route="person_chronology_csv")
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()
