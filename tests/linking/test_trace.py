"""Trace search: from half-remembered details to ranked Persons, through the policy; a
possible match the searcher may not open is not described, and a supervisor may ask the
agencies that hold it without learning which they are (issue 8, item 6)."""

from __future__ import annotations

import html as html_text
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from safehub.access.models import AccessRequest
from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.linking.held_elsewhere import held_elsewhere_token
from safehub.linking.pipeline.names import NICKNAME_GROUPS
from safehub.linking.services import runs
from safehub.linking.trace import trace_candidates
from safehub.linking.trace_query import TraceQuery
from safehub.records.models import PersonRecord
from tests import factories as f
from tests.linking.conftest import truth
from tests.signin import sign_in

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
NICKNAME = {group[0].upper(): group[1] for group in NICKNAME_GROUPS}


def _people(world: Path) -> list[dict[str, object]]:
    data = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))
    return [p for p in data["people"] if p["kind"] == "young_person"]


def _persons_of(world: Path) -> dict[str, Counter[object]]:
    """True person -> the hub's Persons holding their records."""
    keys = {
        (agency, rid): pk
        for pk, agency, rid in PersonRecord.objects.values_list("pk", "agency__code", "record_id")
    }
    person_of = dict(PersonRecord.objects.values_list("pk", "person_id"))
    held: dict[str, Counter[object]] = defaultdict(Counter)
    for key, who in truth(world).items():
        if key in keys:
            held[who][person_of[keys[key]]] += 1
    return held


def _rank(candidates, persons: Counter[object]) -> int | None:
    found = [at for at, c in enumerate(candidates) if c.person_id in persons]
    return found[0] if found else None


def test_a_nickname_and_a_rough_year_find_the_person(hub, world) -> None:
    runs.link_run(full=True)
    held = _persons_of(world)
    tried = ranks = 0
    for person in _people(world):
        first = str(person["given_names"]).split()[0]
        nickname = NICKNAME.get(first.upper())
        if nickname is None or person["person"] not in held:
            continue
        born = int(str(person["date_of_birth"])[:4])
        query = TraceQuery(name=f"{nickname} {person['family_name']}", birth_year=born + 1, years=2)
        rank = _rank(trace_candidates(query), held[str(person["person"])])
        tried += 1
        ranks += rank is not None and rank < 3
        if tried == 10:
            break
    assert tried == 10
    assert ranks >= 9  # nine in ten remembered by a nickname are in the top three


def test_a_misspelt_surname_remembered_in_the_wrong_order_with_a_district(hub, world) -> None:
    runs.link_run(full=True)
    held = _persons_of(world)
    person = next(
        p for p in _people(world) if len(str(p["family_name"])) >= 6 and p["person"] in held
    )
    surname = str(person["family_name"])
    misspelt = surname[:2] + surname[3] + surname[2] + surname[4:]  # two letters swapped
    record = PersonRecord.objects.filter(
        person_id__in=list(held[str(person["person"])]), postcode__gt=""
    ).first()
    assert record is not None
    query = TraceQuery(
        name=f"{misspelt} {str(person['given_names']).split()[0]}",
        district=record.postcode.split()[0],
    )
    candidates = trace_candidates(query)
    assert _rank(candidates, held[str(person["person"])]) == 0
    reasons = {r.detail for r in candidates[0].best.reasons if r.points > 0}
    assert {"name", "district"} <= reasons


def test_records_not_yet_linked_are_found_by_the_record_indexes(hub, world) -> None:
    record = PersonRecord.objects.exclude(family_name="").order_by("pk").first()
    assert record is not None
    candidates = trace_candidates(TraceQuery(name=record.family_name))
    assert record.person_id in [c.person_id for c in candidates]


def test_a_year_of_birth_alone_is_not_enough(db, signed_in: SignIn) -> None:
    client = signed_in(f.user(f.agency("police"), Role.ANALYST))
    page = client.get(reverse("link_trace"), {"birth_year": "2009"})
    assert page.status_code == 422
    assert "Give a name, a district or a school" in page.content.decode()
    assert not AuditEvent.objects.filter(verb=Verb.SEARCH).exists()


def test_the_command_line_trace_prints_json_and_is_audited_as_the_operator(hub) -> None:
    runs.link_run(full=True)
    record = (
        PersonRecord.objects.exclude(family_name="")
        .exclude(date_of_birth="")
        .order_by("pk")
        .first()
    )
    assert record is not None
    out = StringIO()
    call_command(
        "trace",
        "--name",
        f"{record.given_names} {record.family_name}",
        "--born",
        record.date_of_birth[:4],
        "--json",
        stdout=out,
    )
    found = json.loads(out.getvalue())
    assert found[0]["person_id"] == str(record.person_id)
    assert found[0]["score"] > 80
    assert {r["detail"] for r in found[0]["reasons"]} >= {"name", "year of birth"}
    event = AuditEvent.objects.get(verb=Verb.SEARCH, target_type="trace")
    assert event.actor is None
    assert event.actor_username.startswith("cli:")
    assert event.detail["fields"] == ["name", "birth_year"]
    assert record.family_name not in json.dumps(event.detail)


# ---------------------------------------------------------------- the web, through the policy

MO_BIBI = {"name": "Mo Bibi", "birth_year": "1996"}
REASON = "Strategy meeting on the exploitation of a 14-year-old girl."


def _agencies() -> dict[str, Agency]:
    return {
        "police": f.agency("police", "police"),
        "csc": f.agency("csc", "social_care"),
        "trust": f.agency("trust", "health", record_sensitivity="health"),
        "school": f.agency("school", "education"),
    }


def _mo_bibi(police: Agency) -> PersonRecord:
    return f.record(
        police, given_names="Mo", family_name="Bibi", date_of_birth="1996-05-14", birth_year=1996
    )


def _trace(client: Client, terms: dict[str, str]) -> str:
    page = client.get(reverse("link_trace"), terms)
    assert page.status_code == 200
    return page.content.decode()


def _results(page: str) -> str:
    """The text of the results table (empty when there is none)."""
    body = re.search(r"<tbody.*?</tbody>", page, re.S)
    text = re.sub(r"<[^>]+>", " ", body.group(0)) if body else ""
    return " ".join(html_text.unescape(text).split())


def _ask_links(page: str) -> list[str]:
    return re.findall(r'href="(/links/trace/ask/[^"/]+/)"', page)


def _comparable(page: str, typed: str) -> str:
    """The page without what differs between any two answers: the words typed, and the
    per-response CSRF token and CSP nonce."""
    page = page.replace(typed, "TYPED")
    page = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", page)
    return re.sub(r'nonce="[^"]+"', "nonce", page)


def test_a_practitioner_tracing_a_name_only_police_hold_is_told_nothing_of_it(
    db: None, signed_in: SignIn
) -> None:
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    worker = f.user(agencies["csc"], Role.PRACTITIONER)
    client = signed_in(worker)

    found = _trace(client, MO_BIBI)
    nobody = _trace(client, {"name": "Xq Zzyzx", "birth_year": "1996"})

    # The same page as for a name nobody has: no agency, score, reason, id or count.
    assert _comparable(found, "Mo Bibi") == _comparable(nobody, "Xq Zzyzx")
    assert agencies["police"].name not in found
    assert str(bibi.person_id) not in found
    assert bibi.person_id.hex not in found
    assert "held by other agencies" not in found
    assert not _ask_links(found)
    assert "Nobody you may open" in found
    assert "Tracing beyond your agency's records is for supervisors" in found
    for event in AuditEvent.objects.filter(actor=worker, verb=Verb.SEARCH):
        assert event.detail["persons"] == event.detail["held_elsewhere"] == []
        assert "Bibi" not in json.dumps(event.detail)


def test_a_supervisor_is_told_only_that_possible_matches_are_held_elsewhere(
    db: None, signed_in: SignIn
) -> None:
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    boss = f.user(agencies["csc"], Role.SUPERVISOR)

    page = _trace(signed_in(boss), MO_BIBI)

    assert "Nobody you may open" in page
    assert _results(page) == ""
    assert "Possible matches are held by other agencies of the partnership" in page
    assert len(_ask_links(page)) == 1
    assert agencies["police"].name not in page
    assert str(bibi.person_id) not in page
    assert bibi.person_id.hex not in page
    assert "Tracing beyond your agency" not in page
    event = AuditEvent.objects.get(actor=boss, verb=Verb.SEARCH)
    assert event.detail["held_elsewhere"] == [str(bibi.person_id)]
    assert event.detail["persons"] == []
    assert event.detail["fields"] == ["name", "birth_year"]
    assert "Bibi" not in json.dumps(event.detail)


def test_a_token_names_nobody(db: None) -> None:
    """The people a token stands for stay on the server: the token is random."""
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    token = held_elsewhere_token(1, [bibi.person_id])
    assert bibi.person_id.hex not in token
    assert str(bibi.person_id) not in token
    assert held_elsewhere_token(1, [bibi.person_id]) != token


def test_matches_held_elsewhere_have_no_place_in_the_ranking_and_no_count(
    db: None, signed_in: SignIn
) -> None:
    """Where a hidden match would rank among the visible ones, or how many there are,
    would say how well other agencies' records match: one line, after the list, the same
    for one hidden match as for several."""
    agencies = _agencies()
    _mo_bibi(agencies["police"])  # the better match, hidden
    f.record(
        agencies["csc"],
        given_names="Sam",
        family_name="Bibi",
        date_of_birth="1997-02-01",
        birth_year=1997,
    )
    boss = f.user(agencies["csc"], Role.SUPERVISOR)
    client = signed_in(boss)

    one = _trace(client, MO_BIBI)
    f.record(
        agencies["trust"],
        given_names="Mo",
        family_name="Bibi",
        date_of_birth="1996-05-14",
        birth_year=1996,
    )  # a second hidden match, another agency's
    two = _trace(client, MO_BIBI)

    assert _results(one).startswith("Sam Bibi born 1997-02-01")
    assert "1 candidate you may open" in one
    held = re.compile(r'<div class="govuk-inset-text" id="held-elsewhere">.*?</div>', re.S)
    first, second = held.search(one), held.search(two)
    assert first is not None
    assert second is not None
    assert re.sub(r"/ask/[^/]+/", "/ask/T/", first.group(0)) == re.sub(
        r"/ask/[^/]+/", "/ask/T/", second.group(0)
    )
    assert one.index("held-elsewhere") > one.index("Sam Bibi")


def test_a_person_one_may_open_keeps_name_score_reasons_and_known_to(
    db: None, signed_in: SignIn
) -> None:
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    f.record(
        agencies["csc"],
        person=bibi.person,
        given_names="Mohammed",
        family_name="Bibi",
        date_of_birth="1996-05-14",
        birth_year=1996,
    )
    worker = f.user(agencies["csc"], Role.PRACTITIONER)

    page = _trace(signed_in(worker), MO_BIBI)

    rows = _results(page)
    assert rows.startswith("Mohammed Bibi born 1996-05-14")
    assert re.search(r" \d+% ", rows)
    assert "Year of birth: same year (1996-05-14)" in rows
    assert rows.endswith(f"{agencies['police'].name}, {agencies['csc'].name}")  # known to
    assert reverse("person_profile", kwargs={"person_id": bibi.person_id}) in page
    event = AuditEvent.objects.get(actor=worker, verb=Verb.SEARCH)
    assert event.detail["persons"] == [str(bibi.person_id)]


def test_a_person_one_may_open_matched_only_by_a_withheld_record_is_not_shown(
    db: None, signed_in: SignIn
) -> None:
    agencies = _agencies()
    # Police know csc's Kayleigh Smith by an alias: the match would say so.
    girl = f.record(
        agencies["csc"],
        given_names="Kayleigh",
        family_name="Smith",
        date_of_birth="1996-05-14",
        birth_year=1996,
    )
    f.record(
        agencies["police"],
        person=girl.person,
        given_names="Mo",
        family_name="Bibi",
        date_of_birth="1996-05-14",
        birth_year=1996,
    )
    worker = f.user(agencies["csc"], Role.PRACTITIONER)

    page = _trace(signed_in(worker), MO_BIBI)

    assert "Nobody you may open" in page
    assert "Kayleigh" not in page
    assert agencies["police"].name not in page


def _supervisor_asking(client: Client, agencies: dict[str, Agency]) -> tuple[User, str]:
    boss = f.user(agencies["csc"], Role.SUPERVISOR)
    sign_in(client, boss)
    links = _ask_links(_trace(client, MO_BIBI))
    assert len(links) == 1
    return boss, links[0]


def test_the_request_goes_to_each_other_holder_and_names_none(db: None, client: Client) -> None:
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    clinic = f.record(
        agencies["trust"],
        person=bibi.person,
        given_names="Mohammed",
        family_name="Bibbi",
        birth_year=1995,
    )
    # csc's own record of him does not match the details, so the match is held elsewhere.
    f.record(agencies["csc"], person=bibi.person, given_names="Kayleigh", family_name="Smith")
    boss, link = _supervisor_asking(client, agencies)

    form = client.get(link)
    sent = client.post(link, {"reason": REASON}, follow=True)

    for page in (form.content.decode(), sent.content.decode()):
        assert agencies["police"].name not in page
        assert agencies["trust"].name not in page
        assert str(bibi.person_id) not in page
    assert form.status_code == 200
    assert "Ask the agencies that hold possible matches" in form.content.decode()
    assert sent.redirect_chain == [(reverse("link_trace"), 303)]
    assert (
        "Your request went to the agencies that hold the possible matches" in sent.content.decode()
    )
    made = {(r.owner_id, r.record_pk): r for r in AccessRequest.objects.all()}
    assert set(made) == {(agencies["police"].pk, bibi.pk), (agencies["trust"].pk, clinic.pk)}
    for request in made.values():
        assert (
            request.requester,
            request.person_id,
            request.via_trace,
            request.reason,
            request.status,
        ) == (boss, bibi.person_id, True, REASON, "pending")
    event = AuditEvent.objects.get(actor=boss, verb=Verb.ACCESS_REQUESTED)
    assert event.subject_person == str(bibi.person_id)
    assert event.justification == REASON


def test_a_request_without_a_reason_shows_the_error_and_sends_nothing(
    db: None, client: Client
) -> None:
    agencies = _agencies()
    _mo_bibi(agencies["police"])
    _, link = _supervisor_asking(client, agencies)

    page = client.post(link, {"reason": "urgent"})

    assert page.status_code == 422
    text = page.content.decode()
    assert "There is a problem" in text
    assert 'href="#id_reason">Give a reason of at least 10 characters' in text
    assert not AccessRequest.objects.exists()


def _spoilt(kind: str, boss: User, other: User, bibi: PersonRecord) -> str:
    if kind == "forged":
        return "not-a-token"
    if kind == "another user's":
        return held_elsewhere_token(other.pk, [bibi.person_id])
    if kind == "tampered":
        token = held_elsewhere_token(boss.pk, [bibi.person_id])
        return ("A" if token[0] != "A" else "B") + token[1:]
    with freeze_time(timezone.now() - timedelta(minutes=61)):
        return held_elsewhere_token(boss.pk, [bibi.person_id])


@pytest.mark.parametrize("kind", ["forged", "another user's", "tampered", "expired"])
def test_a_token_not_made_for_this_user_within_the_hour_is_a_404(
    db: None, client: Client, kind: str
) -> None:
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    boss = f.user(agencies["csc"], Role.SUPERVISOR)
    other = f.user(agencies["csc"], Role.SUPERVISOR)
    sign_in(client, boss)
    url = reverse("link_trace_request", kwargs={"token": _spoilt(kind, boss, other, bibi)})
    fresh = reverse(
        "link_trace_request", kwargs={"token": held_elsewhere_token(boss.pk, [bibi.person_id])}
    )

    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert client.get(fresh).status_code == 200  # the same user's own token, in time

    assert not AccessRequest.objects.exists()
    refused = AuditEvent.objects.filter(actor=boss, verb=Verb.REFUSED, target_type="trace_match")
    assert refused.count() == 2
    assert {e.detail["token"] for e in refused} == {"unknown or expired"}


def test_a_token_outlives_a_busy_hour_of_other_cached_work(db: None, client: Client) -> None:
    # Django's default file cache culls a third of its entries past 300: a busy hub's
    # progress and heartbeats would have dropped the supervisor's token within the hour.
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    boss = f.user(agencies["csc"], Role.SUPERVISOR)
    sign_in(client, boss)
    url = reverse(
        "link_trace_request", kwargs={"token": held_elsewhere_token(boss.pk, [bibi.person_id])}
    )
    for other in range(400):
        cache.set(f"import-progress:{other}", (other, 400), timeout=3600)

    assert client.get(url).status_code == 200


def test_only_a_supervisor_may_ask_even_with_a_token_of_their_own(
    db: None, signed_in: SignIn
) -> None:
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    analyst = f.user(agencies["csc"], Role.ANALYST)
    client = signed_in(analyst)
    url = reverse(
        "link_trace_request", kwargs={"token": held_elsewhere_token(analyst.pk, [bibi.person_id])}
    )

    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404

    assert not AccessRequest.objects.exists()
    refusals = AuditEvent.objects.filter(actor=analyst, verb=Verb.REFUSED)
    assert {e.detail["action"] for e in refusals} == {"trace_request"}
    assert {e.subject_person for e in refusals} == {str(bibi.person_id)}


def test_the_holders_supervisor_decides_a_request_labelled_as_from_a_trace(
    db: None, client: Client
) -> None:
    agencies = _agencies()
    bibi = _mo_bibi(agencies["police"])
    _, link = _supervisor_asking(client, agencies)
    client.post(link, {"reason": REASON})
    asked = AccessRequest.objects.get()
    # A request from a profile, for comparison: not from a trace.
    named = f.record(agencies["police"], given_names="Dean", family_name="Barker")
    plain_reason = "Review of a missing episode last March."
    AccessRequest.objects.create(
        requester=f.user(agencies["csc"]),
        owner=agencies["police"],
        person_id=named.person_id,
        record_pk=named.pk,
        reason=plain_reason,
    )
    decider = f.user(agencies["police"], Role.SUPERVISOR)
    police = sign_in(Client(), decider)

    queue = police.get(reverse("access_request_queue")).content.decode()
    cards = re.findall(r'<div class="govuk-summary-card">.*?</form>', queue, re.S)
    traced = next(c for c in cards if REASON in c)
    plain = next(c for c in cards if plain_reason in c)
    label = "From a trace search: the requester does not know your agency holds this"
    assert label in traced
    assert label not in plain
    assert bibi.record_id in traced

    police.post(
        reverse("access_request_decide", kwargs={"request_id": asked.pk}),
        {"decision": "approve", "days": "30", "note": ""},
    )

    asked.refresh_from_db()
    assert asked.status == AccessRequest.Status.APPROVED
    assert (
        client.get(reverse("person_profile", kwargs={"person_id": bibi.person_id})).status_code
        == 200
    )
    rows = _results(_trace(client, MO_BIBI))
    assert rows.startswith("Mo Bibi born 1996-05-14")
    assert agencies["police"].name in rows
