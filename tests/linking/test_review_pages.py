"""The review queue in the web and the API: a pair side by side through the access
policy, the match-weight waterfall, and a reviewer's decision."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, Role, SharingCondition, User
from safehub.audit.models import AuditEvent, Verb
from safehub.linking.models import LinkDecision, ReviewPair
from safehub.records.models import PersonRecord
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
NHS = "9434765919"


@dataclass
class Pair:
    police: Agency
    health: Agency
    police_record: PersonRecord
    health_record: PersonRecord
    pair: ReviewPair


@pytest.fixture
def pair(trained) -> Pair:
    police = f.agency("police", "police")
    health = f.agency("health", "health", record_sensitivity="health")
    f.agreement(health, police, "general", "health", condition=SharingCondition.CASE)
    police_record = f.record(police, given_names="Rebecca", family_name="SMITH",
                             date_of_birth="2009-04-02", postcode="NV1 2AB",
                             address="12 Mill Lane")
    health_record = f.record(health, given_names="Becky", family_name="Smithe",
                             date_of_birth="2009-02-04", nhs_number=NHS,
                             postcode="NV1 2AB", address="12 Mill Ln")
    low, high = sorted((police_record, health_record), key=lambda r: r.pk)
    made = ReviewPair.objects.create(left=low, right=high, match_weight=4.2,
                                     match_probability=0.95)
    return Pair(police, health, police_record, health_record, made)


def _pair_url(pair: Pair) -> str:
    return reverse("link_review_pair", kwargs={"pair_id": pair.pair.pk})


def test_a_reviewer_in_the_case_sees_both_records_side_by_side_and_the_waterfall(
        pair: Pair, signed_in: SignIn) -> None:
    reviewer = f.user(pair.police, Role.SUPERVISOR)
    f.case(reviewer, people={pair.health_record.person_id: "victim",
                             pair.police_record.person_id: "victim"})
    client = signed_in(reviewer)

    queue = client.get(reverse("link_review_queue")).content.decode()
    assert _pair_url(pair) in queue
    assert "Becky Smithe" in queue
    assert "Rebecca SMITH" in queue

    page = client.get(_pair_url(pair))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Becky" in html
    assert NHS in html
    assert "Rebecca" in html
    # One bar per comparison, drawn with SVG attributes: no inline style (strict CSP).
    assert len(re.findall(r"<rect ", html)) == 11  # the starting point and 10 comparisons
    assert "style=" not in html
    assert "day and month transposed" in html  # 2009-04-02 against 2009-02-04
    assert "Date of birth" in html
    assert "NHS number" in html
    views = AuditEvent.objects.filter(actor=reviewer, verb=Verb.VIEW,
                                      target_type="link_review_pair")
    assert {e.subject_person for e in views} == {str(pair.police_record.person_id),
                                                str(pair.health_record.person_id)}


def test_a_reviewer_of_another_agency_sees_only_what_the_policy_allows_of_the_other_record(
        pair: Pair, signed_in: SignIn) -> None:
    """Outside a case the health trust shares nothing with the police: its record is
    'held by' only, in the page, the waterfall and the API."""
    analyst = f.user(pair.police, Role.ANALYST)
    client = signed_in(analyst)

    html = client.get(_pair_url(pair)).content.decode()
    assert "Rebecca" in html
    assert "12 Mill Lane" in html  # the police's own record
    assert "Held by Northvale Health" in html
    for secret in ("Becky", "Smithe", NHS, "2009-02-04", "12 Mill Ln",
                   pair.health_record.record_id):
        assert secret not in html, secret
    assert "withheld" in html
    assert len(re.findall(r"<rect ", html)) == 11  # the comparisons, without values

    data = client.get(reverse("api_link_review_detail",
                              kwargs={"pair_id": pair.pair.pk})).json()
    health_side = data["left"] if data["left"]["agency"] == "health" else data["right"]
    assert health_side == {"agency": "health", "agency_name": "Northvale Health",
                           "withheld": True}
    side = "left" if health_side is data["left"] else "right"
    assert all(f"{side}_value" not in bar for bar in data["waterfall"])
    assert "Becky" not in str(data)
    assert NHS not in str(data)

    listed = client.get(reverse("api_link_review_list")).json()["results"]
    assert [p["id"] for p in listed] == [pair.pair.pk]
    assert "Becky" not in str(listed)


def test_a_pair_neither_of_whose_records_the_reviewer_sees_is_not_found(
        pair: Pair, signed_in: SignIn) -> None:
    school = f.agency("school", "education")
    client = signed_in(f.user(school, Role.SUPERVISOR))
    assert client.get(_pair_url(pair)).status_code == 404
    assert _pair_url(pair) not in client.get(reverse("link_review_queue")).content.decode()


def test_practitioners_do_not_review_links(pair: Pair, signed_in: SignIn) -> None:
    worker = f.user(pair.police, Role.PRACTITIONER)
    client = signed_in(worker)
    assert client.get(reverse("link_review_queue")).status_code == 404
    assert client.post(reverse("link_review_decide", kwargs={"pair_id": pair.pair.pk}),
                       {"verdict": "same"}).status_code == 404
    assert AuditEvent.objects.filter(actor=worker, verb=Verb.REFUSED).count() == 2
    assert not LinkDecision.objects.exists()


def test_a_decision_is_recorded_audited_and_applied_by_the_next_run(
        pair: Pair, signed_in: SignIn, django_capture_on_commit_callbacks: Any) -> None:
    reviewer = f.user(pair.police, Role.SUPERVISOR)
    f.case(reviewer, people={pair.health_record.person_id: "victim"})
    client = signed_in(reviewer)
    with django_capture_on_commit_callbacks(execute=True):  # the re-link task runs
        answer = client.post(reverse("link_review_decide", kwargs={"pair_id": pair.pair.pk}),
                             {"verdict": "same", "note": "Same NHS number at the clinic."})
    assert answer.status_code == 303
    assert answer["Location"] == reverse("link_review_queue")
    decision = LinkDecision.objects.get()
    assert (decision.verdict, decision.decided_by) == ("same", reviewer)
    assert (decision.left_id, decision.right_id) == (pair.pair.left_id, pair.pair.right_id)
    event = AuditEvent.objects.get(verb=Verb.LINK_DECISION)
    assert event.justification == "Same NHS number at the clinic."
    assert event.detail["decision"] == "same"
    pair.pair.refresh_from_db()
    assert pair.pair.state == ReviewPair.State.DECIDED
    assert _pair_url(pair) not in client.get(reverse("link_review_queue")).content.decode()
    # The run the decision queued put the two records into one Person.
    pair.police_record.refresh_from_db()
    pair.health_record.refresh_from_db()
    assert pair.police_record.person_id == pair.health_record.person_id


def test_a_decision_without_a_verdict_is_refused_with_the_page_again(
        pair: Pair, signed_in: SignIn) -> None:
    client = signed_in(f.user(pair.police, Role.SUPERVISOR))
    answer = client.post(reverse("link_review_decide", kwargs={"pair_id": pair.pair.pk}),
                         {"note": "hmm"})
    assert answer.status_code == 422
    assert "Choose same, different or not sure" in answer.content.decode()
    assert not LinkDecision.objects.exists()


def test_the_api_takes_a_decision(pair: Pair, signed_in: SignIn) -> None:
    reviewer = f.user(pair.police, Role.ANALYST)
    client = signed_in(reviewer)
    url = reverse("api_link_review_decide", kwargs={"pair_id": pair.pair.pk})
    bad = client.post(url, {"verdict": "maybe"}, content_type="application/json")
    assert bad.status_code == 400
    made = client.post(url, {"verdict": "different", "note": "twins"},
                       content_type="application/json")
    assert made.status_code == 201
    assert made.json()["verdict"] == "different"
    assert LinkDecision.objects.get().verdict == "different"


def test_a_protected_persons_contact_details_are_withheld_on_the_pair_page(
        pair: Pair, signed_in: SignIn) -> None:
    person = pair.health_record.person
    person.protected_details = True
    person.save()
    reviewer = f.user(pair.police, Role.SUPERVISOR)
    f.case(reviewer, people={person.pk: "suspect"})
    html = signed_in(reviewer).get(_pair_url(pair)).content.decode()
    assert "Becky" in html  # shared inside the case
    assert "12 Mill Ln" not in html  # but not her address
    assert "Withheld: protected details" in html


@pytest.mark.parametrize("in_case", [True, False])
def test_the_api_answers_match_its_schema(pair: Pair, signed_in: SignIn, in_case: bool) -> None:
    """Closed objects: a key the schema does not name (or a withheld one) fails."""
    from tests.api.test_schema import _assert_matches

    reviewer = f.user(pair.police, Role.SUPERVISOR)
    if in_case:
        f.case(reviewer, people={pair.health_record.person_id: "victim"})
    client = signed_in(reviewer)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    listed = client.get(reverse("api_link_review_list")).json()
    _assert_matches(schema, "/api/v1/link-reviews/", "get", 200, listed)
    detail = client.get(reverse("api_link_review_detail", kwargs={"pair_id": pair.pair.pk}))
    _assert_matches(schema, "/api/v1/link-reviews/{pair_id}/", "get", 200, detail.json())
    missing = client.get(reverse("api_link_review_detail", kwargs={"pair_id": 999999}))
    assert missing.status_code == 404
    _assert_matches(schema, "/api/v1/link-reviews/{pair_id}/", "get", 404, missing.json())
