"""Why these records are one person: the evidence of each join the viewer may see in
full, in plain words; nothing of the records they may not; and a challenge that puts a
join back in the review queue for a reviewer who sees both records."""

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
from safehub.linking import decisions
from safehub.linking.evidence_words import WORDS, evidence_words, likelihood_words
from safehub.linking.models import LinkDecision, LinkModelVersion, ReviewPair, Verdict
from safehub.linking.pipeline.comparisons import COMPARISONS
from safehub.linking.services import runs
from safehub.records.models import Person, PersonRecord
from tests import factories as f
from tests.answers import without_csrf_token

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
NHS = "9434765919"
REASON = "Her school says these are two different girls in the same class."


@dataclass
class Joined:
    police: Agency
    csc: Agency
    health: Agency
    girl: PersonRecord  # the police's
    becky: PersonRecord  # csc's, which it shares with the police always
    clinic: PersonRecord  # the trust's, shared with nobody

    @property
    def person_id(self) -> object:
        return self.girl.person_id

    @property
    def key(self) -> str:
        low, high = sorted((self.girl.pk, self.becky.pk))
        return f"{low}-{high}"


@pytest.fixture
def joined(trained: LinkModelVersion) -> Joined:
    """Three agencies' records of one girl, joined by a real link run."""
    police = f.agency("police", "police")
    csc = f.agency("csc", "social_care")
    health = f.agency("health", "health", record_sensitivity="health")
    f.agreement(csc, police, "general", condition=SharingCondition.ALWAYS)
    details: dict[str, Any] = {
        "date_of_birth": "2009-04-02",
        "nhs_number": NHS,
        "postcode": "NV1 2AB",
    }
    girl = f.record(police, given_names="Rebecca", family_name="SMITH", **details)
    becky = f.record(csc, given_names="Becky", family_name="Smith", **details)
    clinic = f.record(
        health, given_names="Rebecca", family_name="Smith", address="Flat 9 Clinic Row", **details
    )
    runs.link_run(full=True)
    for record in (girl, becky, clinic):
        record.refresh_from_db()
    assert girl.person_id == becky.person_id == clinic.person_id
    return Joined(police, csc, health, girl, becky, clinic)


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _url(person_id: object) -> str:
    return reverse("link_person_joins", kwargs={"person_id": person_id})


def _challenge_url(person_id: object) -> str:
    return reverse("link_join_challenge", kwargs={"person_id": person_id})


# ---------------------------------------------------------------- the page


def test_the_evidence_of_a_visible_join_is_shown_in_plain_words(
    joined: Joined, signed_in: SignIn
) -> None:
    viewer = f.user(joined.police, Role.PRACTITIONER)

    answer = signed_in(viewer).get(_url(joined.person_id))

    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Why these records are one person" in html
    assert f"Northvale Police record {joined.girl.record_id}" in html
    assert f"Northvale Csc record {joined.becky.record_id}" in html
    for words in ("Same date of birth", "Same NHS number", "Same postcode", "Very likely"):
        assert words in html, words
    assert re.search(r"First names alike \((Rebecca / Becky|Becky / Rebecca)\)", html)
    assert "Not reviewed: joined by the link model" in html
    event = AuditEvent.objects.get(actor=viewer, verb=Verb.LINK_JOINS_VIEWED)
    assert event.subject_person == str(joined.person_id)
    assert event.detail["pairs"] == [joined.key]
    assert sorted(event.detail["records"]) == sorted([joined.girl.pk, joined.becky.pk])


def test_a_reviewers_confirmation_is_shown(joined: Joined, signed_in: SignIn) -> None:
    reviewer = f.user(joined.police, Role.SUPERVISOR)
    decisions.link_decision_record(
        actor=reviewer, left=joined.girl, right=joined.becky, verdict=Verdict.SAME
    )

    html = signed_in(f.user(joined.police)).get(_url(joined.person_id)).content.decode()

    assert "Confirmed" in html
    assert "by a reviewer" in html
    assert reviewer.username not in html  # who reviewed is the audit log's, not the page's


def test_nothing_of_a_record_the_viewer_may_not_see_and_no_small_count(
    joined: Joined, signed_in: SignIn
) -> None:
    html = signed_in(f.user(joined.police)).get(_url(joined.person_id)).content.decode()

    for withheld in (joined.clinic.record_id, "Northvale Health", "Clinic Row"):
        assert not _has_word(html, withheld), withheld
    assert "Other records joined on evidence you may not see" in html
    assert not re.search(r"\d+ other records", html)


def test_many_withheld_records_are_counted(signed_in: SignIn) -> None:
    police = f.agency("police", "police")
    health = f.agency("health", "health", record_sensitivity="health")
    mine = f.record(police)
    f.record(police, person=mine.person)
    for _ in range(5):
        f.record(health, person=mine.person)

    html = signed_in(f.user(police)).get(_url(mine.person_id)).content.decode()

    assert "5 other records joined on evidence you may not see" in html
    assert "No link run has recorded evidence for these records yet." in html


def test_a_withheld_record_of_an_agency_whose_others_are_seen_is_not_spoken_of(
    signed_in: SignIn,
) -> None:
    """The trust shares its general records, not its sexual-health clinic's: saying a
    trust record is withheld would say the clinic knows her."""
    police = f.agency("police", "police")
    trust = f.agency("trust", "health")
    f.agreement(trust, police, "general", condition=SharingCondition.ALWAYS)
    mine = f.record(police)
    f.record(trust, person=mine.person)
    clinic = f.record(trust, person=mine.person, sensitivity="sexual_health")

    html = signed_in(f.user(police)).get(_url(mine.person_id)).content.decode()

    assert "evidence you may not see" not in html
    assert not _has_word(html, clinic.record_id)


def test_joins_of_protected_contact_details_are_not_shown(signed_in: SignIn) -> None:
    police, csc = f.agency("police", "police"), f.agency("csc", "social_care")
    f.agreement(csc, police, "general", condition=SharingCondition.ALWAYS)
    mine = f.record(police, phone="07700 900456")
    theirs = f.record(csc, person=mine.person, phone="07700 900456")
    Person.objects.filter(pk=mine.person_id).update(protected_details=True)

    html = signed_in(f.user(police)).get(_url(mine.person_id)).content.decode()

    assert "protected from you are not shown" in html
    assert not _has_word(html, theirs.record_id)  # on the profile; no join without it here


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.AUDITOR])
def test_a_person_the_viewer_may_not_open_is_a_404_like_a_missing_one(
    joined: Joined, signed_in: SignIn, role: Role
) -> None:
    outsider = f.user(joined.health if role is Role.AUDITOR else f.agency("school"), role)
    client = signed_in(outsider)

    refused = client.get(_url(joined.person_id))
    missing = client.get(_url("00000000-0000-4000-8000-000000000000"))

    assert refused.status_code == missing.status_code == 404
    assert without_csrf_token(refused.content) == without_csrf_token(missing.content)
    assert not _has_word(refused.content.decode(), joined.girl.record_id)
    refusal = AuditEvent.objects.filter(actor=outsider, verb=Verb.REFUSED).first()
    assert refusal is not None
    assert refusal.detail["route"] == "link_person_joins"
    assert refusal.target_id == str(joined.person_id)
    assert not AuditEvent.objects.filter(actor=outsider, verb=Verb.LINK_JOINS_VIEWED).exists()


# ---------------------------------------------------------------- a challenge


def test_a_challenge_puts_the_join_back_in_the_queue_audited(
    joined: Joined, signed_in: SignIn
) -> None:
    viewer = f.user(joined.police)

    answer = signed_in(viewer).post(
        _challenge_url(joined.person_id), {"pair": joined.key, "reason": REASON}
    )

    assert answer.status_code == 200
    assert "Join challenged" in answer.content.decode()
    pair = ReviewPair.objects.get(reason=ReviewPair.Reason.CHALLENGED)
    assert f"{pair.left_id}-{pair.right_id}" == joined.key
    assert pair.state == ReviewPair.State.OPEN
    assert (pair.challenged_by, pair.challenge_reason) == (viewer, REASON)
    assert pair.match_weight > 10  # the run's model, on the two records
    event = AuditEvent.objects.get(actor=viewer, verb=Verb.LINK_CHALLENGED)
    assert (event.target_id, event.justification) == (joined.key, REASON)
    assert event.subject_person == str(joined.person_id)
    assert event.detail["reopened"] is False
    page = signed_in(viewer).get(_url(joined.person_id)).content.decode()
    assert "Challenged" in page


def test_a_decided_pair_is_reopened_and_the_reviewer_decides_it_as_any_other(
    joined: Joined, signed_in: SignIn
) -> None:
    reviewer = f.user(joined.police, Role.SUPERVISOR)
    decided = decisions.link_decision_record(
        actor=reviewer, left=joined.girl, right=joined.becky, verdict=Verdict.SAME
    )
    low, high = sorted((joined.girl, joined.becky), key=lambda r: r.pk)
    ReviewPair.objects.create(
        left=low, right=high, match_weight=1.0, match_probability=0.6, state="decided"
    )
    signed_in(f.user(joined.police)).post(
        _challenge_url(joined.person_id), {"pair": joined.key, "reason": REASON}
    )
    pair = ReviewPair.objects.get()
    assert (pair.state, pair.reason) == (ReviewPair.State.OPEN, ReviewPair.Reason.CHALLENGED)
    assert AuditEvent.objects.get(verb=Verb.LINK_CHALLENGED).detail["reopened"] is True

    # A link run keeps the challenge open; the reviewer sees its reason and decides.
    runs.link_run(full=True)
    pair.refresh_from_db()
    assert pair.state == ReviewPair.State.OPEN
    review = signed_in(reviewer).get(reverse("link_review_pair", kwargs={"pair_id": pair.pk}))
    assert REASON in review.content.decode()
    decisions.link_decision_record(
        actor=reviewer,
        left=low,
        right=high,
        verdict=Verdict.DIFFERENT,
        pair=pair,
        seen=decided.pk,
    )
    pair.refresh_from_db()
    assert pair.state == ReviewPair.State.DECIDED
    runs.link_run(full=True)
    joined.girl.refresh_from_db()
    joined.becky.refresh_from_db()
    assert joined.girl.person_id != joined.becky.person_id
    assert LinkDecision.objects.count() == 2


def test_someone_who_may_not_open_the_person_is_refused_like_a_missing_one(
    joined: Joined, signed_in: SignIn
) -> None:
    outsider = f.user(f.agency("school", "education"))
    client = signed_in(outsider)

    refused = client.post(_challenge_url(joined.person_id), {"pair": joined.key, "reason": REASON})
    missing = client.post(
        _challenge_url("00000000-0000-4000-8000-000000000000"),
        {"pair": joined.key, "reason": REASON},
    )

    assert refused.status_code == missing.status_code == 404
    assert without_csrf_token(refused.content) == without_csrf_token(missing.content)
    assert not ReviewPair.objects.exists()
    refusal = AuditEvent.objects.filter(actor=outsider, verb=Verb.REFUSED).first()
    assert refusal is not None
    assert refusal.detail == {"action": "link_challenge", "route": "link_join_challenge"}
    assert refusal.subject_person == str(joined.person_id)
    assert not AuditEvent.objects.filter(verb=Verb.LINK_CHALLENGED).exists()


@pytest.mark.parametrize("which", ["hidden", "nonsense", "missing reason"])
def test_a_challenge_names_a_pair_the_viewer_sees_in_full_with_a_reason(
    joined: Joined, signed_in: SignIn, which: str
) -> None:
    low, high = sorted((joined.girl.pk, joined.clinic.pk))
    data = {
        "hidden": {"pair": f"{low}-{high}", "reason": REASON},
        "nonsense": {"pair": "1-2-3", "reason": REASON},
        "missing reason": {"pair": joined.key, "reason": ""},
    }[which]

    answer = signed_in(f.user(joined.police)).post(_challenge_url(joined.person_id), data)

    assert answer.status_code == 422
    assert "There is a problem" in answer.content.decode()
    assert not ReviewPair.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.LINK_CHALLENGED).exists()


# ---------------------------------------------------------------- the words


@pytest.mark.parametrize(
    ("comparison", "level", "left", "right", "words"),
    [
        ("date_of_birth", "exact", "2009-04-02", "2009-04-02", "Same date of birth"),
        (
            "first_name",
            "typing error",
            "Jon",
            "John",
            "First names differ by a typing slip (Jon / John)",
        ),
        (
            "first_name",
            "same name: spelling or nickname",
            "Becky · Bex",
            "Rebecca",
            "First names alike (Becky / Rebecca)",
        ),
        ("surname", "exact", "SMITH", "SMITH", "Same family name (SMITH)"),
        ("nhs_number", "same", "943 476 5919", "943 476 5919", "Same NHS number"),
        ("phone", "missing on either record", "", "07700 900456", ""),
        ("address", "a level not named", "", "", "Address: a level not named"),
    ],
)
def test_evidence_in_plain_words(
    comparison: str, level: str, left: str, right: str, words: str
) -> None:
    assert evidence_words(comparison, level, left, right) == words


def test_every_level_the_model_can_reach_has_plain_words() -> None:
    # A level without words falls back to the model's own label: a practitioner reading
    # why two records are one person should never meet one.
    unnamed = [
        (comparison.name, level.label)
        for comparison in COMPARISONS
        for level in comparison.levels
        if not level.null and (comparison.name, level.label) not in WORDS
    ]
    assert unnamed == []


def test_likelihood_in_words() -> None:
    assert likelihood_words(0.999) == "Very likely the same person"
    assert likelihood_words(0.3).startswith("Unlikely")


def test_the_page_counts_towards_the_day_s_people_opened_outside_ones_cases(
    signed_in: Callable[[User], Client], settings: Any
) -> None:
    """Otherwise it would be a way round the limit: past it, 429 and the auditor told."""
    settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT = 1
    police = f.agency("police", "police")
    first, second = f.record(police), f.record(police)
    worker = f.user(police, Role.PRACTITIONER)
    client = signed_in(worker)
    assert client.get(_url(first.person_id)).status_code == 200
    assert client.get(_url(first.person_id)).status_code == 200  # the same person again
    assert client.get(_url(second.person_id)).status_code == 429
    assert AuditEvent.objects.filter(actor=worker, verb=Verb.ALERT).count() == 1
    opened = AuditEvent.objects.filter(
        actor=worker, verb=Verb.LINK_JOINS_VIEWED, target_id=str(first.person_id)
    ).first()
    assert opened is not None
    assert opened.detail["outside_case"] is True
