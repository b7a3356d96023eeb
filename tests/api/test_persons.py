"""GET /api/v1/persons/ and /api/v1/persons/{id}/: the profile through the access policy,
with withheld fields absent from the JSON (docs/security.md 1, 3, 4)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from safehub.audit.models import AuditEvent, Verb
from tests import factories as f
from tests.api.conftest import PERSONS_URL, Hub, person_url

pytestmark = pytest.mark.django_db

SignIn = Callable[..., Client]


def test_a_verified_session_lists_and_reads_the_persons_it_may_open(
    hub: Hub, signed_in: SignIn
) -> None:
    worker = f.user(hub.csc)
    client = signed_in(worker)
    listed = client.get(PERSONS_URL)
    assert listed.status_code == 200
    assert listed.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": str(hub.girl.person_id),
                "name": "Kayleigh Smith",
                "date_of_birth": "2009-04-02",
                "agencies": ["Northvale Csc"],
            }
        ],
    }
    profile = client.get(person_url(hub.girl.person_id))
    assert profile.status_code == 200
    body = profile.json()
    assert body["id"] == str(hub.girl.person_id)
    assert body["name"] == "Kayleigh Smith"
    assert [r["source"]["agency"] for r in body["records"]] == ["csc"]
    assert body["records"][0]["contact"]["address"] == "12 Mill Lane"
    # That the trust holds something, never how many records or events (issue 8).
    assert body["held_by"] == [{"agency": "nhs-trust", "agency_name": "Northvale Nhs-Trust"}]
    assert AuditEvent.objects.filter(
        verb=Verb.VIEW, actor=worker, target_type="person", subject_person=str(hub.girl.person_id)
    ).exists()
    assert AuditEvent.objects.filter(
        verb=Verb.VIEW, actor=worker, target_type="person_list"
    ).exists()


def test_the_list_is_paginated_by_fifty(hub: Hub, signed_in: SignIn) -> None:
    for _ in range(51):
        f.record(hub.csc, given_names="Ann")
    client = signed_in(f.user(hub.csc))
    first = client.get(PERSONS_URL).json()
    assert (first["count"], len(first["results"])) == (52, 50)
    assert first["next"].endswith("?page=2")
    assert len(client.get(PERSONS_URL, {"page": 2}).json()["results"]) == 2
    assert client.get(PERSONS_URL, {"page": 3}).status_code == 404


def test_another_agencys_person_is_404_and_omitted_from_the_list_and_the_refusal_audited(
    hub: Hub, signed_in: SignIn
) -> None:
    officer = f.user(hub.police)
    own = f.record(hub.police, given_names="Dean", family_name="Barker")
    client = signed_in(officer)
    response = client.get(person_url(hub.girl.person_id))
    assert response.status_code == 404
    assert "Kayleigh" not in response.content.decode()
    assert AuditEvent.objects.filter(
        verb=Verb.REFUSED,
        actor=officer,
        target_type="person",
        subject_person=str(hub.girl.person_id),
    ).exists()
    listed = client.get(PERSONS_URL).json()
    assert [p["id"] for p in listed["results"]] == [str(own.person_id)]


def test_missing_and_forbidden_persons_get_the_same_404(hub: Hub, signed_in: SignIn) -> None:
    client = signed_in(f.user(hub.police))
    forbidden = client.get(person_url(hub.girl.person_id))
    missing = client.get(person_url(uuid.uuid4()))
    malformed = client.get(person_url("not-a-uuid"))
    assert forbidden.status_code == missing.status_code == malformed.status_code == 404
    assert forbidden.content == missing.content == malformed.content
    assert forbidden.json() == {"detail": "No such person"}


def _assert_no_health_data(text: str) -> None:
    lowered = text.lower()
    for needle in ("health", "clinic visit", "a&e", "ae_attendance", "9434765919"):
        assert needle not in lowered, needle


def test_a_user_not_entitled_to_health_data_gets_no_health_fields_at_all(
    hub: Hub, signed_in: SignIn
) -> None:
    """docs/security.md 3: absent from the JSON, not blanked."""
    client = signed_in(f.user(hub.csc))  # social care, outside any case: no health share
    profile = client.get(person_url(hub.girl.person_id))
    assert profile.status_code == 200
    _assert_no_health_data(profile.content.decode())
    body = profile.json()
    assert [e["event_type"] for e in body["events"]] == ["missing_episode"]
    assert {r["source"]["agency"] for r in body["records"]} == {"csc"}
    _assert_no_health_data(client.get(PERSONS_URL).content.decode())


def test_health_data_the_agreement_allows_is_shown_and_sexual_health_is_not(
    hub: Hub, signed_in: SignIn
) -> None:
    worker = f.user(hub.csc)
    f.case(worker, people={hub.girl.person_id: "victim"})
    text = signed_in(worker).get(person_url(hub.girl.person_id)).content.decode()
    body = json.loads(text)
    assert {e["event_type"] for e in body["events"]} == {"missing_episode", "ae_attendance"}
    assert "A&E visit" in text
    assert "sexual_health" not in text
    assert "clinic visit" not in text
    assert body["held_by"] == [{"agency": "nhs-trust", "agency_name": "Northvale Nhs-Trust"}]


def test_withheld_contact_details_are_absent_not_blank(hub: Hub, signed_in: SignIn) -> None:
    """docs/security.md 4: a protected survivor's details, opened from the suspect's side."""
    hub.girl.person.protected_details = True
    hub.girl.person.save()
    officer = f.user(hub.police)
    f.case(officer, people={hub.girl.person_id: "suspect"})
    response = signed_in(officer).get(person_url(hub.girl.person_id))
    text = response.content.decode()
    record = next(r for r in response.json()["records"] if r["source"]["agency"] == "csc")
    assert "contact" not in record
    assert record["contact_withheld"] is True
    for detail in ("Mill Lane", "NV1 2AB", "07700", "address", "postcode", "phone"):
        assert detail not in text


def test_an_association_the_viewer_may_not_see_is_by_reference_without_a_name(
    hub: Hub, signed_in: SignIn
) -> None:
    suspect = f.record(hub.police, given_names="Dean", family_name="Barker")
    f.associate(suspect, hub.girl, "boyfriend")
    response = signed_in(f.user(hub.police)).get(person_url(suspect.person_id))
    [association] = response.json()["associations"]
    assert association["person_withheld"] is True
    assert association["relation"] == "boyfriend"
    assert "person_id" not in association
    assert "name" not in association
    assert "Kayleigh" not in response.content.decode()
    assert str(hub.girl.person_id) not in response.content.decode()


def test_an_association_the_viewer_may_see_names_the_person_only(
    hub: Hub, signed_in: SignIn
) -> None:
    suspect = f.record(hub.csc, given_names="Dean", family_name="Barker")
    f.associate(suspect, hub.girl, "boyfriend")
    f.lives_at(hub.girl, f.location(hub.csc))
    response = signed_in(f.user(hub.csc)).get(person_url(suspect.person_id))
    [association] = response.json()["associations"]
    assert association["person_id"] == str(hub.girl.person_id)
    assert association["name"] == "Kayleigh Smith"
    assert association["person_withheld"] is False
    assert "Mill Lane" not in response.content.decode()


def test_a_user_without_a_data_role_sees_no_one(hub: Hub, signed_in: SignIn) -> None:
    client = signed_in(f.user(hub.csc, "auditor"))
    assert client.get(PERSONS_URL).json()["results"] == []
    assert client.get(person_url(hub.girl.person_id)).status_code == 404


# ---------------------------------------------------------------- searching: ?q=


def _names(client: Client, q: str, **params: str) -> list[str]:
    response = client.get(PERSONS_URL, {"q": q, **params})
    assert response.status_code == 200
    return [person["name"] for person in response.json()["results"]]


def test_q_finds_names_in_any_order_nicknames_and_dates_sorted_by_name(
    hub: Hub, signed_in: SignIn
) -> None:
    f.record(hub.csc, given_names="Rebecca", family_name="Adams", date_of_birth="2009")
    f.record(hub.csc, given_names="Becky", family_name="Smith", date_of_birth="2010-01-05")
    f.record(hub.csc, given_names="Daniel", family_name="Smith", date_of_birth="2009-04")
    client = signed_in(f.user(hub.csc))
    assert _names(client, "Smith, Kayleigh") == ["Kayleigh Smith"]
    assert _names(client, "Smith Becky") == ["Becky Smith"]
    assert _names(client, "Becca") == ["Rebecca Adams", "Becky Smith"]  # by family name
    assert _names(client, "Dan Smith") == ["Daniel Smith"]
    assert _names(client, "2/4/2009") == ["Rebecca Adams", "Daniel Smith", "Kayleigh Smith"]
    assert _names(client, "Smith 2009-04") == ["Daniel Smith", "Kayleigh Smith"]
    assert _names(client, "") == ["Rebecca Adams", "Becky Smith", "Daniel Smith", "Kayleigh Smith"]


def test_q_searches_only_records_the_viewer_may_see(hub: Hub, signed_in: SignIn) -> None:
    """Not the police's man, nor the trust's own name for the girl: finding her by it
    would tell social care what the trust holds."""
    f.record(hub.police, given_names="Dean", family_name="Barker", date_of_birth="2006-01-01")
    f.record(
        hub.trust,
        person=hub.girl.person,
        given_names="Lena",
        family_name="Mills",
        date_of_birth="1990-06-01",
    )
    client = signed_in(f.user(hub.csc))
    for q in ("Dean", "Barker", "2006", "1/1/2006", "Lena Mills", "Kayleigh 1990-06"):
        assert _names(client, q) == [], q
    assert _names(client, "Kayleigh 2009") == ["Kayleigh Smith"]


def test_q_pages_keep_the_search(hub: Hub, signed_in: SignIn) -> None:
    for n in range(51):
        f.record(hub.csc, given_names="Ann", family_name=f"Jones{n:02d}")
    client = signed_in(f.user(hub.csc))
    first = client.get(PERSONS_URL, {"q": "Ann"}).json()
    assert first["count"] == 51
    assert "q=Ann" in first["next"]
    second = client.get(first["next"]).json()
    assert [p["name"] for p in second["results"]] == ["Ann Jones50"]


def test_a_search_is_audited_with_the_kinds_of_terms_not_the_terms(
    hub: Hub, signed_in: SignIn
) -> None:
    worker = f.user(hub.csc)
    client = signed_in(worker)
    client.get(PERSONS_URL, {"q": "Kayleigh 2009"})
    client.get(PERSONS_URL)
    [search] = AuditEvent.objects.filter(verb=Verb.SEARCH, actor=worker)
    assert search.detail == {"route": "api_person_list", "fields": ["name", "date_of_birth"]}
    assert "Kayleigh" not in repr(search.detail)
    assert "2009" not in repr(search.detail)


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("31/02/2009", "31/02/2009 is not a real date"),
        ("Kayleigh 2009-13", "2009-13 is not a real date"),
        ("x" * 101, "no more than 100 characters"),
    ],
)
def test_a_search_that_cannot_run_is_a_400_saying_why(
    hub: Hub, signed_in: SignIn, q: str, message: str
) -> None:
    response = signed_in(f.user(hub.csc)).get(PERSONS_URL, {"q": q})
    assert response.status_code == 400
    [problem] = response.json()["q"]
    assert message in problem
    assert not AuditEvent.objects.filter(verb=Verb.SEARCH).exists()
