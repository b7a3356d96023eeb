"""Issue 10 item 4: a reviewer's "the same person" on two records of one agency goes back
to that agency as a possible duplicate it can export; and the review queue puts pairs
touching the reviewer's own open cases first."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.linking.models import LinkDecision, ReviewPair
from safehub.records.models import PersonRecord
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
LIST = reverse("link_possible_duplicates")
CSV = reverse("link_possible_duplicates_csv")


@pytest.fixture
def police() -> Agency:
    return f.agency("police", "police")


@pytest.fixture
def csc() -> Agency:
    return f.agency("csc", "social_care")


def _nominals(police: Agency) -> tuple[PersonRecord, PersonRecord]:
    # Two nominals of one man: the second made when the first was not found.
    one = f.record(police, given_names="Emeka", family_name="OKONKWO", date_of_birth="1988-05-19")
    two = f.record(police, given_names="Meka", family_name="Okonkwo", date_of_birth="1988-01-01")
    return one, two


def _decided(left: PersonRecord, right: PersonRecord, by: User, verdict: str) -> LinkDecision:
    low, high = sorted((left, right), key=lambda r: r.pk)
    latest = LinkDecision.objects.filter(left=low, right=high, superseded_by__isnull=True).first()
    return LinkDecision.objects.create(
        left=low,
        right=high,
        verdict=verdict,
        decided_by=by,
        note="seen the PNC print-out",
        supersedes=latest,
    )


def _csv_rows(client: Client) -> list[dict[str, str]]:
    answer = client.get(CSV)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"].startswith('attachment; filename="possible-duplicates-')
    return list(csv.DictReader(io.StringIO(answer.content.decode())))


def test_a_reviewers_same_person_reaches_the_agency_as_a_possible_duplicate(
    police: Agency, signed_in: SignIn
) -> None:
    one, two = _nominals(police)
    low, high = sorted((one, two), key=lambda r: r.pk)
    pair = ReviewPair.objects.create(left=low, right=high, match_weight=2.0, match_probability=0.8)
    reviewer = f.user(police, Role.ANALYST, username="ana.lyst")
    decide = reverse("link_review_decide", kwargs={"pair_id": pair.pk})
    answer = signed_in(reviewer).post(
        decide, {"verdict": "same", "note": "seen the PNC print-out", "seen": ""}
    )
    assert answer.status_code == 303

    sergeant = f.user(police, Role.SUPERVISOR)
    client = signed_in(sergeant)
    page = client.get(LIST).content.decode()
    for shown in ("Emeka OKONKWO", "Meka Okonkwo", one.record_id, two.record_id):
        assert shown in page
    assert "ana.lyst" in page
    assert "PNC print-out" not in page  # the reviewer's note may speak of other agencies
    rows = _csv_rows(client)
    assert [(r["First record reference"], r["Second record reference"]) for r in rows] == [
        (low.record_id, high.record_id)
    ]
    assert rows[0]["Decided by"] == "ana.lyst"
    assert rows[0]["Reviewer's agency"] == police.name
    decision = LinkDecision.objects.get()
    for verb, route in (
        (Verb.VIEW, "link_possible_duplicates"),
        (Verb.EXPORT, "link_possible_duplicates_csv"),
    ):
        event = AuditEvent.objects.get(actor=sergeant, verb=verb, target_type="possible_duplicates")
        assert event.detail == {"route": route, "decisions": [decision.pk]}


def test_a_later_different_takes_the_pair_off_and_cross_agency_pairs_never_show(
    police: Agency, csc: Agency, signed_in: SignIn
) -> None:
    one, two = _nominals(police)
    three, four = _nominals(police)
    in_care = f.record(csc, given_names="Emeka", family_name="Okonkwo", date_of_birth="1988-05-19")
    reviewer = f.user(police, Role.SUPERVISOR)
    _decided(one, two, reviewer, "same")
    _decided(one, two, reviewer, "different")  # on a second look
    _decided(three, four, reviewer, "same")
    _decided(three, four, reviewer, "unsure")
    _decided(one, in_care, reviewer, "same")  # across agencies: not a duplicate of either

    client = signed_in(f.user(police, Role.SUPERVISOR))
    page = client.get(LIST).content.decode()

    assert (
        "No reviewer has decided that two of your agency\N{RIGHT SINGLE QUOTATION MARK}s records"
        in page
    )
    assert _csv_rows(client) == []


def test_an_agency_sees_only_its_own_duplicates(
    police: Agency, csc: Agency, signed_in: SignIn
) -> None:
    one, two = _nominals(police)
    _decided(one, two, f.user(police, Role.SUPERVISOR), "same")
    theirs_one = f.record(csc, given_names="Kayleigh", family_name="Smith")
    theirs_two = f.record(csc, given_names="Kayley", family_name="Smith")
    _decided(theirs_one, theirs_two, f.user(csc, Role.ANALYST), "same")

    client = signed_in(f.user(csc, Role.SUPERVISOR))
    page = client.get(LIST).content.decode()
    rows = _csv_rows(client)

    assert "Okonkwo" not in page
    assert one.record_id not in page
    assert "Kayley Smith" in page
    assert {r["First record reference"] for r in rows} <= {
        theirs_one.record_id,
        theirs_two.record_id,
    }
    assert len(rows) == 1


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.HUB_MANAGER, Role.AUDITOR, Role.ADMIN])
def test_only_reviewers_see_the_list(police: Agency, signed_in: SignIn, role: Role) -> None:
    one, two = _nominals(police)
    _decided(one, two, f.user(police, Role.SUPERVISOR), "same")
    viewer = f.user(police, role)
    client = signed_in(viewer)

    assert client.get(LIST).status_code == 404
    assert client.get(CSV).status_code == 404
    refused = AuditEvent.objects.filter(actor=viewer, verb=Verb.REFUSED)
    assert {e.detail["route"] for e in refused} == {
        "link_possible_duplicates",
        "link_possible_duplicates_csv",
    }
    assert not AuditEvent.objects.filter(actor=viewer, verb__in=(Verb.VIEW, Verb.EXPORT)).exists()


def test_a_name_a_spreadsheet_would_run_is_exported_as_text(
    police: Agency, signed_in: SignIn
) -> None:
    one = f.record(police, given_names="=HYPERLINK(1)", family_name="Okonkwo")
    two = f.record(police, given_names="Emeka", family_name="Okonkwo")
    _decided(one, two, f.user(police, Role.SUPERVISOR), "same")

    rows = _csv_rows(signed_in(f.user(police, Role.ANALYST)))

    names = {rows[0]["First record name"], rows[0]["Second record name"]}
    assert "'=HYPERLINK(1) Okonkwo" in names


def test_a_long_list_comes_in_pages_and_the_csv_holds_every_pair(
    police: Agency, signed_in: SignIn
) -> None:
    reviewer = f.user(police, Role.SUPERVISOR)
    for _ in range(51):
        one, two = _nominals(police)
        _decided(one, two, reviewer, "same")
    client = signed_in(f.user(police, Role.ANALYST))

    first = client.get(LIST).content.decode()

    assert 'href="?page=2"' in first
    assert "{#" not in first  # the partial's own comment stays in the template
    assert "Page 1 of 2" in first
    assert first.count("Meka Okonkwo") == 50
    assert len(_csv_rows(client)) == 51


# ---------------------------------------------------------------- the queue's order


def _pair(police: Agency, weight: float, name: str) -> ReviewPair:
    one = f.record(police, given_names=name, family_name="Hargreaves")
    two = f.record(police, given_names=name[:3], family_name="Hargreaves")
    return ReviewPair.objects.create(
        left=one, right=two, match_weight=weight, match_probability=0.5
    )


def test_pairs_touching_the_reviewers_open_case_come_first(
    police: Agency, signed_in: SignIn
) -> None:
    strong = _pair(police, 5.0, "Rebecca")
    weak_in_my_case = _pair(police, 0.5, "Chloe")
    in_someone_elses_case = _pair(police, 0.3, "Megan")
    reviewer = f.user(police, Role.SUPERVISOR)
    mine = f.case(reviewer, people={weak_in_my_case.right.person_id: "victim"})
    f.case(
        f.user(police, Role.SUPERVISOR), people={in_someone_elses_case.left.person_id: "suspect"}
    )
    closed = f.case(reviewer, people={in_someone_elses_case.left.person_id: "victim"})
    closed.closed_at = closed.opened_at
    closed.save(update_fields=["closed_at"])
    client = signed_in(reviewer)

    page = client.get(reverse("link_review_queue")).content.decode()
    api = client.get(reverse("api_link_review_list")).json()["results"]

    order = [weak_in_my_case, strong, in_someone_elses_case]
    urls = [reverse("link_review_pair", kwargs={"pair_id": p.pk}) for p in order]
    assert sorted(urls, key=page.index) == urls
    assert f"In your case {mine.reference}" in page
    assert page.count("In your case") == 1  # another's case, or a closed one, is not told
    assert [p["id"] for p in api] == [p.pk for p in order]
    assert [p["cases"] for p in api] == [[mine.reference], [], []]
