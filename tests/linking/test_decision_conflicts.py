"""docs/security.md #26 for link decisions: two reviewers decide one pair at once — the second is
told what the first decided, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.linking import decisions
from safehub.linking.models import LinkDecision, ReviewPair
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture
def police() -> Agency:
    return f.agency("police", "police")


@pytest.fixture
def pair(police: Agency) -> ReviewPair:
    one = f.record(
        police,
        given_names="Rebecca",
        family_name="SMITH",
        date_of_birth="2009-04-02",
        postcode="NV1 2AB",
    )
    two = f.record(
        police,
        given_names="Becky",
        family_name="Smith",
        date_of_birth="2009-04-02",
        postcode="NV1 2AB",
    )
    low, high = sorted((one, two), key=lambda r: r.pk)
    return ReviewPair.objects.create(left=low, right=high, match_weight=1.0, match_probability=0.67)


def _decide(url: str, client: Client, verdict: str, seen: str) -> tuple[int, str]:
    answer = client.post(url, {"verdict": verdict, "note": "my reasons", "seen": seen})
    return answer.status_code, answer.content.decode()


def test_the_second_reviewer_is_told_and_decides_again_with_nothing_lost(
    police: Agency, pair: ReviewPair, signed_in: SignIn
) -> None:
    first = f.user(police, Role.SUPERVISOR, username="sam.first")
    first.first_name, first.last_name = "Sam", "First"
    first.save(update_fields=["first_name", "last_name"])
    second = f.user(police, Role.ANALYST, username="ana.second")
    page = reverse("link_review_pair", kwargs={"pair_id": pair.pk})
    decide = reverse("link_review_decide", kwargs={"pair_id": pair.pk})
    # Both open the pair before either decides: the form carries "no decision yet".
    for reviewer in (first, second):
        assert 'name="seen"' in signed_in(reviewer).get(page).content.decode()

    assert _decide(decide, signed_in(first), "same", "")[0] == 303
    status, html = _decide(decide, signed_in(second), "different", "")

    assert status == 409
    assert "Someone decided this pair while you were reviewing it" in html
    assert "Sam First decided “The same person”" in html
    assert "Your decision was not saved" in html
    assert LinkDecision.objects.count() == 1  # the first stands
    # The second reviewer's answer is kept on the form, now having seen the first.
    latest = LinkDecision.objects.get()
    assert f'name="seen" value="{latest.pk}"' in html
    assert 'value="different" checked' in html
    assert "my reasons</textarea>" in html

    assert _decide(decide, signed_in(second), "different", str(latest.pk))[0] == 303
    chain = list(LinkDecision.objects.order_by("pk"))
    assert [d.verdict for d in chain] == ["same", "different"]
    assert chain[1].supersedes == chain[0]
    assert AuditEvent.objects.filter(verb=Verb.LINK_DECISION).count() == 2


def test_the_database_lets_one_decision_follow_another_only_once(
    police: Agency, pair: ReviewPair
) -> None:
    """Two saves racing past the check both name the same predecessor: one must fail."""
    reviewer = f.user(police, Role.SUPERVISOR)
    first = LinkDecision.objects.create(
        left=pair.left, right=pair.right, verdict="same", decided_by=reviewer
    )
    LinkDecision.objects.create(
        left=pair.left, right=pair.right, verdict="different", decided_by=reviewer, supersedes=first
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkDecision.objects.create(
            left=pair.left,
            right=pair.right,
            verdict="unsure",
            decided_by=reviewer,
            supersedes=first,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkDecision.objects.create(
            left=pair.left, right=pair.right, verdict="unsure", decided_by=reviewer
        )  # a second "first" decision


def test_a_stale_view_is_refused_by_the_service(police: Agency, pair: ReviewPair) -> None:
    one, two = f.user(police, Role.SUPERVISOR), f.user(police, Role.ANALYST)
    made = decisions.link_decision_record(
        actor=one, left=pair.left, right=pair.right, verdict="same", seen=None
    )
    with pytest.raises(decisions.DecidedMeanwhile) as told:
        decisions.link_decision_record(
            actor=two, left=pair.left, right=pair.right, verdict="different", seen=None
        )
    assert told.value.latest == made
    # A caller that does not say what it saw (older API clients) follows the latest.
    after = decisions.link_decision_record(
        actor=two, left=pair.left, right=pair.right, verdict="unsure"
    )
    assert after.supersedes == made


def test_the_api_answers_409_with_the_decision_made_meanwhile(
    police: Agency, pair: ReviewPair, signed_in: SignIn
) -> None:
    one = f.user(police, Role.SUPERVISOR, username="sam.first")
    two = f.user(police, Role.ANALYST)
    url = reverse("api_link_review_decide", kwargs={"pair_id": pair.pk})
    made = signed_in(one).post(
        url, {"verdict": "same", "seen_decision": None}, content_type="application/json"
    )
    assert made.status_code == 201
    first_id = made.json()["id"]

    client = signed_in(two)
    stale = client.post(
        url, {"verdict": "different", "seen_decision": None}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["latest"]["id"] == first_id
    assert stale.json()["latest"]["decided_by"] == "sam.first"
    assert LinkDecision.objects.count() == 1

    fresh = client.post(
        url, {"verdict": "different", "seen_decision": first_id}, content_type="application/json"
    )
    assert fresh.status_code == 201
    assert LinkDecision.objects.count() == 2


def test_a_seen_decision_the_pair_never_had_is_refused_and_saves_nothing(
    police: Agency, pair: ReviewPair, signed_in: SignIn
) -> None:
    """Found by the schema fuzz: `seen_decision` naming no decision of an undecided pair
    was a 500. The API answers 409 (what the caller saw is not the pair: the latest is
    none), the page 422 naming the field."""
    client = signed_in(f.user(police, Role.SUPERVISOR))
    url = reverse("api_link_review_decide", kwargs={"pair_id": pair.pk})
    answer = client.post(
        url, {"verdict": "different", "seen_decision": 3600}, content_type="application/json"
    )
    assert answer.status_code == 409
    assert answer.json() == {"detail": "3600 is not a decision of this pair.", "latest": None}

    page = client.post(
        reverse("link_review_decide", kwargs={"pair_id": pair.pk}),
        {"verdict": "same", "seen": "3600"},
    )
    assert page.status_code == 422
    assert "3600 is not a decision of this pair." in page.content.decode()
    assert LinkDecision.objects.count() == 0
