"""The people pages in the browser's terms: profile, list, requests, break-glass, audit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from safehub.access.models import AccessRequest, BreakGlass
from safehub.agencies.models import Role, SharingCondition, User
from safehub.audit.models import AuditEvent, Verb
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture
def hub():
    police = f.agency("police", "police")
    health = f.agency("health", "health", record_sensitivity="health")
    csc = f.agency("csc", "social_care")
    f.agreement(health, csc, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(csc, given_names="Kayleigh", family_name="Smith", address="12 Mill Lane")
    health_record = f.record(health, person=girl.person, given_names="Kay")
    f.event(
        health_record,
        "sexual_health_attendance",
        sensitivity="sexual_health",
        summary="clinic visit",
    )
    f.event(girl, "missing_episode", role="missing_person", summary="missing overnight")
    return police, health, csc, girl


def profile_url(person_id: object) -> str:
    return reverse("person_profile", kwargs={"person_id": person_id})


def test_the_profile_page_shows_a_timeline_and_what_is_held_elsewhere(
    hub, signed_in: SignIn
) -> None:
    _, _, csc, girl = hub
    worker = f.user(csc)
    f.case(worker, people={girl.person_id: "victim"})
    page = signed_in(worker).get(profile_url(girl.person_id))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kayleigh Smith" in html
    assert "moj-timeline" in html
    assert "missing overnight" in html
    assert "clinic visit" not in html
    assert "Held by Northvale Health" in html
    assert "request access" in html
    assert "no-store" in page["Cache-Control"]


def test_another_agencys_person_is_404_on_the_page_and_absent_from_the_list(
    hub, signed_in: SignIn
) -> None:
    police, _, _, girl = hub
    client = signed_in(f.user(police))
    assert client.get(profile_url(girl.person_id)).status_code == 404
    listing = client.get(reverse("person_list")).content.decode()
    assert "Kayleigh" not in listing


def test_the_list_searches_by_name(hub, signed_in: SignIn) -> None:
    _, _, csc, _ = hub
    f.record(csc, given_names="Amy", family_name="Jones")
    client = signed_in(f.user(csc))
    found = client.get(reverse("person_list"), {"name": "kayl"}).content.decode()
    assert "Kayleigh Smith" in found
    assert "Amy Jones" not in found


def test_the_next_page_of_a_search_keeps_the_name(hub, signed_in: SignIn) -> None:
    _, _, csc, _ = hub
    for number in range(50):
        f.record(csc, given_names=f"Kayla{number:02d}", family_name="Smith")
    client = signed_in(f.user(csc))
    first = client.get(reverse("person_list"), {"name": "kayl smith"}).content.decode()
    assert 'href="?name=kayl%20smith&amp;page=2"' in first
    second = client.get(reverse("person_list"), {"name": "kayl smith", "page": "2"})
    assert "Page 2 of 2" in second.content.decode()


def test_asking_for_access_needs_a_reason_and_reaches_the_owners_supervisor(
    hub, signed_in: SignIn
) -> None:
    _, health, csc, girl = hub
    worker = f.user(csc)
    client = signed_in(worker)
    url = reverse("access_request_new", kwargs={"person_id": girl.person_id, "agency": "health"})
    refused = client.post(url, {"reason": "short"})
    assert refused.status_code == 422
    assert "There is a problem" in refused.content.decode()
    sent = client.post(url, {"reason": "Joint visit planned this week", "agency": "police"})
    assert sent.status_code == 302
    request = AccessRequest.objects.get()
    assert request.owner == health  # the form cannot choose another owner
    supervisor = f.user(health, Role.SUPERVISOR)
    boss = signed_in(supervisor)
    queue = boss.get(reverse("access_request_queue")).content.decode()
    assert "Joint visit planned this week" in queue
    decided = boss.post(
        reverse("access_request_decide", kwargs={"request_id": request.pk}),
        {"decision": "approve", "days": "7", "note": ""},
    )
    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
    page = signed_in(worker).get(profile_url(girl.person_id)).content.decode()
    assert "clinic visit" in page  # health's facts about her are open for the period


def test_only_the_owning_agencys_supervisor_can_decide(hub, signed_in: SignIn) -> None:
    police, health, csc, girl = hub
    request = AccessRequest.objects.create(
        requester=f.user(csc),
        owner=health,
        person_id=girl.person_id,
        record_pk=girl.pk,
        reason="Joint visit planned this week",
    )
    for intruder in (f.user(police, Role.SUPERVISOR), f.user(health, Role.PRACTITIONER)):
        answer = signed_in(intruder).post(
            reverse("access_request_decide", kwargs={"request_id": request.pk}),
            {"decision": "approve", "days": "7"},
        )
        assert answer.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, target_type="access_request").count() == 2


def test_break_glass_from_the_page(hub, signed_in: SignIn) -> None:
    police, _, _, girl = hub
    officer = f.user(police)
    client = signed_in(officer)
    url = reverse("break_glass_new", kwargs={"person_id": girl.person_id})
    assert client.post(url, {"reason": "", "minutes": "15"}).status_code == 422
    assert not BreakGlass.objects.exists()
    done = client.post(url, {"reason": "Missing overnight, at risk", "minutes": "15"})
    assert done.status_code == 302
    assert "clinic visit" in client.get(profile_url(girl.person_id)).content.decode()


def test_no_audit_row_no_page(hub, signed_in: SignIn, monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, csc, girl = hub
    client = signed_in(f.user(csc))

    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr("safehub.audit.log._append", broken)
    page = client.get(profile_url(girl.person_id))
    assert page.status_code == 503
    assert "Kayleigh" not in page.content.decode()


def test_the_auditor_sees_who_looked_and_the_reading_is_audited(hub, signed_in: SignIn) -> None:
    _, _, csc, girl = hub
    signed_in(f.user(csc, username="nosy")).get(profile_url(girl.person_id))
    auditor = f.user(csc, Role.AUDITOR)
    page = signed_in(auditor).get(
        reverse("audit_person", kwargs={"person_id": str(girl.person_id)})
    )
    assert page.status_code == 200
    assert "nosy" in page.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.AUDIT_READ, actor=auditor).exists()
    practitioner = signed_in(f.user(csc))
    assert practitioner.get(reverse("audit_home")).status_code == 404


def test_too_many_people_outside_cases_gets_a_429_page(hub, signed_in: SignIn, settings) -> None:
    settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT = 1
    _, _, csc, girl = hub
    other = f.record(csc, given_names="Amy")
    client = signed_in(f.user(csc))
    assert client.get(profile_url(girl.person_id)).status_code == 200
    assert client.get(profile_url(other.person_id)).status_code == 429


def test_the_list_shows_the_case_teams_people_first(hub, signed_in: SignIn) -> None:
    _, _, csc, girl = hub
    worker = f.user(csc)
    f.case(worker, people={girl.person_id: "victim"})
    html = signed_in(worker).get(reverse("person_list")).content.decode()
    assert "In your case teams" in html
    assert html.index("Kayleigh Smith") < html.index("All the people you may open")
