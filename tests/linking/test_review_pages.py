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
from tests.answers import without_csrf_token
from tests.api.test_schema import _assert_matches

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
    police_record = f.record(
        police,
        given_names="Rebecca",
        family_name="SMITH",
        date_of_birth="2009-04-02",
        postcode="NV1 2AB",
        address="12 Mill Lane",
    )
    health_record = f.record(
        health,
        given_names="Becky",
        family_name="Smithe",
        date_of_birth="2009-02-04",
        nhs_number=NHS,
        postcode="NV1 2AB",
        address="12 Mill Ln",
    )
    low, high = sorted((police_record, health_record), key=lambda r: r.pk)
    made = ReviewPair.objects.create(left=low, right=high, match_weight=4.2, match_probability=0.95)
    return Pair(police, health, police_record, health_record, made)


def _pair_url(pair: Pair) -> str:
    return reverse("link_review_pair", kwargs={"pair_id": pair.pair.pk})


def test_a_reviewer_in_the_case_sees_both_records_side_by_side_and_the_waterfall(
    pair: Pair, signed_in: SignIn
) -> None:
    reviewer = f.user(pair.police, Role.SUPERVISOR)
    f.case(
        reviewer,
        people={pair.health_record.person_id: "victim", pair.police_record.person_id: "victim"},
    )
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
    assert len(re.findall(r"<rect ", html)) == 12  # the starting point and 11 comparisons
    assert "style=" not in html
    assert "day and month transposed" in html  # 2009-04-02 against 2009-02-04
    assert "Date of birth" in html
    assert "NHS number" in html
    views = AuditEvent.objects.filter(
        actor=reviewer, verb=Verb.VIEW, target_type="link_review_pair"
    )
    assert {e.subject_person for e in views} == {
        str(pair.police_record.person_id),
        str(pair.health_record.person_id),
    }


# What a page about the pair would say of the health record, or of how the two compare.
HEALTH_SIDE = (
    "Becky",
    "Smithe",
    NHS,
    "2009-02-04",
    "12 Mill Ln",
    "Northvale Health",
    "day and month transposed",
    "withheld",
)


def test_a_pair_with_a_record_the_reviewer_may_not_see_is_not_theirs(
    pair: Pair, signed_in: SignIn
) -> None:
    """Outside a case the health trust shares nothing with the police: the pair is not
    in the police analyst's queue, and asking for it by id is the same 404 as for a pair
    that does not exist — no level, weight or agency of the health record (issue 8)."""
    analyst = f.user(pair.police, Role.ANALYST)
    client = signed_in(analyst)
    queue = client.get(reverse("link_review_queue")).content.decode()
    assert _pair_url(pair) not in queue
    page = client.get(_pair_url(pair))
    missing = client.get(reverse("link_review_pair", kwargs={"pair_id": pair.pair.pk + 999}))
    assert (page.status_code, without_csrf_token(page.content)) == (
        404,
        without_csrf_token(missing.content),
    )
    for secret in (*HEALTH_SIDE, pair.health_record.record_id):
        assert secret not in page.content.decode(), secret
    assert AuditEvent.objects.filter(
        actor=analyst, verb=Verb.REFUSED, target_type="link_review_pair"
    ).exists()

    api = client.get(reverse("api_link_review_detail", kwargs={"pair_id": pair.pair.pk}))
    assert api.status_code == 404
    assert not any(secret in api.content.decode() for secret in HEALTH_SIDE)
    assert client.get(reverse("api_link_review_list")).json()["results"] == []
    decided = client.post(
        reverse("api_link_review_decide", kwargs={"pair_id": pair.pair.pk}),
        {"verdict": "same"},
        content_type="application/json",
    )
    assert decided.status_code == 404
    assert not LinkDecision.objects.exists()


def test_an_agreements_linkage_clause_opens_identity_for_review_and_nothing_else(
    pair: Pair, signed_in: SignIn
) -> None:
    """Health lets the police's linkage officer see who its records are, for link review:
    the pair is theirs to decide, but no person, profile, event or content opens to them;
    and a police analyst, who is not a linkage officer, still may not review it (the
    agreement shares content only on a case)."""
    f.agreement(
        pair.health, pair.police, "general", "health", linkage=True, condition=SharingCondition.CASE
    )
    f.event(pair.health_record, "ae_attendance", sensitivity="health", summary="A&E visit")
    analyst = signed_in(f.user(pair.police, Role.ANALYST))
    assert analyst.get(_pair_url(pair)).status_code == 404
    officer = f.user(pair.police, Role.LINKAGE)
    client = signed_in(officer)
    assert _pair_url(pair) in client.get(reverse("link_review_queue")).content.decode()
    html = client.get(_pair_url(pair)).content.decode()
    for shown in ("Becky", NHS, "day and month transposed", "12 Mill Ln"):
        assert shown in html, shown
    assert len(re.findall(r"<rect ", html)) == 12
    # A linkage officer opens no person, not even their own agency's.
    assert "Open this person" not in html
    for record in (pair.health_record, pair.police_record):
        assert (
            client.get(
                reverse("person_profile", kwargs={"person_id": record.person_id})
            ).status_code
            == 404
        )
    assert "A&amp;E visit" not in html
    answer = client.post(
        reverse("api_link_review_decide", kwargs={"pair_id": pair.pair.pk}),
        {"verdict": "same"},
        content_type="application/json",
    )
    assert answer.status_code == 201


def test_a_sexual_health_clinic_record_is_reviewed_by_its_own_agency(
    pair: Pair, signed_in: SignIn
) -> None:
    """A linkage clause for general and health records does not reach a clinic's record
    (sexual health by its service): the police may not review that pair; the trust's
    own linkage officer, seeing the police record through the police's linkage clause,
    may."""
    f.agreement(pair.health, pair.police, "general", "health", linkage=True)
    f.agreement(pair.police, pair.health, "general", linkage=True)
    clinic = f.record(
        pair.health,
        given_names="Becky",
        family_name="Smith",
        date_of_birth="2009-04-02",
        sensitivity="sexual_health",
    )
    low, high = sorted((pair.police_record, clinic), key=lambda r: r.pk)
    clinic_pair = ReviewPair.objects.create(
        left=low, right=high, match_weight=3.0, match_probability=0.9
    )
    url = reverse("link_review_pair", kwargs={"pair_id": clinic_pair.pk})
    police = signed_in(f.user(pair.police, Role.LINKAGE))
    assert police.get(url).status_code == 404
    assert clinic.record_id not in police.get(reverse("link_review_queue")).content.decode()
    trust = signed_in(f.user(pair.health, Role.LINKAGE))
    page = trust.get(url)
    assert page.status_code == 200
    assert clinic.record_id in page.content.decode()


def test_a_pair_neither_of_whose_records_the_reviewer_sees_is_not_found(
    pair: Pair, signed_in: SignIn
) -> None:
    school = f.agency("school", "education")
    client = signed_in(f.user(school, Role.SUPERVISOR))
    assert client.get(_pair_url(pair)).status_code == 404
    assert _pair_url(pair) not in client.get(reverse("link_review_queue")).content.decode()


def test_practitioners_do_not_review_links(pair: Pair, signed_in: SignIn) -> None:
    worker = f.user(pair.police, Role.PRACTITIONER)
    client = signed_in(worker)
    assert client.get(reverse("link_review_queue")).status_code == 404
    assert (
        client.post(
            reverse("link_review_decide", kwargs={"pair_id": pair.pair.pk}), {"verdict": "same"}
        ).status_code
        == 404
    )
    assert AuditEvent.objects.filter(actor=worker, verb=Verb.REFUSED).count() == 2
    assert not LinkDecision.objects.exists()


def test_a_decision_is_recorded_audited_and_applied_by_the_next_run(
    pair: Pair, signed_in: SignIn, django_capture_on_commit_callbacks: Any
) -> None:
    reviewer = f.user(pair.police, Role.SUPERVISOR)
    f.case(reviewer, people={pair.health_record.person_id: "victim"})
    client = signed_in(reviewer)
    with django_capture_on_commit_callbacks(execute=True):  # the re-link task runs
        answer = client.post(
            reverse("link_review_decide", kwargs={"pair_id": pair.pair.pk}),
            {"verdict": "same", "note": "Same NHS number at the clinic."},
        )
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
    pair: Pair, signed_in: SignIn
) -> None:
    reviewer = f.user(pair.police, Role.SUPERVISOR)
    f.case(reviewer, people={pair.health_record.person_id: "victim"})
    answer = signed_in(reviewer).post(
        reverse("link_review_decide", kwargs={"pair_id": pair.pair.pk}), {"note": "hmm"}
    )
    assert answer.status_code == 422
    assert "Choose same, different or not sure" in answer.content.decode()
    assert not LinkDecision.objects.exists()


def test_the_api_takes_a_decision(pair: Pair, signed_in: SignIn) -> None:
    reviewer = f.user(pair.police, Role.ANALYST)
    f.case(reviewer, people={pair.health_record.person_id: "victim"})
    client = signed_in(reviewer)
    url = reverse("api_link_review_decide", kwargs={"pair_id": pair.pair.pk})
    bad = client.post(url, {"verdict": "maybe"}, content_type="application/json")
    assert bad.status_code == 400
    made = client.post(
        url, {"verdict": "different", "note": "twins"}, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["verdict"] == "different"
    assert LinkDecision.objects.get().verdict == "different"


def test_a_protected_persons_pair_goes_only_to_who_may_see_their_address(
    pair: Pair, signed_in: SignIn
) -> None:
    """Her address would show on the pair, and "same address" in the waterfall would
    give it away: the pair is not a reviewer's unless they may see it — her own agency,
    or her survivor-side case team."""
    person = pair.health_record.person
    person.protected_details = True
    person.save()
    suspect_side = f.user(pair.police, Role.SUPERVISOR)
    f.case(suspect_side, people={person.pk: "suspect"})
    client = signed_in(suspect_side)
    assert client.get(_pair_url(pair)).status_code == 404
    assert _pair_url(pair) not in client.get(reverse("link_review_queue")).content.decode()
    survivor_side = f.user(pair.police, Role.SUPERVISOR)
    f.case(survivor_side, people={person.pk: "victim"})
    html = signed_in(survivor_side).get(_pair_url(pair)).content.decode()
    assert "12 Mill Ln" in html


@pytest.mark.parametrize("in_case", [True, False])
def test_the_api_answers_match_its_schema(pair: Pair, signed_in: SignIn, in_case: bool) -> None:
    """Closed objects: a key the schema does not name (or a withheld one) fails."""
    reviewer = f.user(pair.police, Role.SUPERVISOR)
    if in_case:
        f.case(reviewer, people={pair.health_record.person_id: "victim"})
    client = signed_in(reviewer)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    listed = client.get(reverse("api_link_review_list")).json()
    _assert_matches(schema, "/api/v1/link-reviews/", "get", 200, listed)
    detail = client.get(reverse("api_link_review_detail", kwargs={"pair_id": pair.pair.pk}))
    if in_case:
        _assert_matches(schema, "/api/v1/link-reviews/{pair_id}/", "get", 200, detail.json())
    else:  # not the reviewer's: the documented 404
        _assert_matches(schema, "/api/v1/link-reviews/{pair_id}/", "get", 404, detail.json())
    missing = client.get(reverse("api_link_review_detail", kwargs={"pair_id": 999999}))
    assert missing.status_code == 404
    _assert_matches(schema, "/api/v1/link-reviews/{pair_id}/", "get", 404, missing.json())
