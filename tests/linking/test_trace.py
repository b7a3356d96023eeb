"""Trace search: from half-remembered details to ranked Persons, through the policy."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from uuid import UUID

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.linking import services
from safehub.linking.pipeline.names import NICKNAME_GROUPS
from safehub.linking.trace import TraceQuery, trace_candidates
from safehub.records.models import PersonRecord
from tests import factories as f
from tests.linking.conftest import truth

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
NICKNAME = {group[0].upper(): group[1] for group in NICKNAME_GROUPS}


def _people(world: Path) -> list[dict[str, object]]:
    data = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))
    return [p for p in data["people"] if p["kind"] == "young_person"]


def _persons_of(world: Path) -> dict[str, Counter[object]]:
    """True person -> the hub's Persons holding their records."""
    keys = {(agency, rid): pk for pk, agency, rid in PersonRecord.objects.values_list(
        "pk", "agency__code", "record_id")}
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
    services.link_run(full=True)
    held = _persons_of(world)
    tried = ranks = 0
    for person in _people(world):
        first = str(person["given_names"]).split()[0]
        nickname = NICKNAME.get(first.upper())
        if nickname is None or person["person"] not in held:
            continue
        born = int(str(person["date_of_birth"])[:4])
        query = TraceQuery(name=f"{nickname} {person['family_name']}", birth_year=born + 1,
                           years=2)
        rank = _rank(trace_candidates(query), held[str(person["person"])])
        tried += 1
        ranks += rank is not None and rank < 3
        if tried == 10:
            break
    assert tried == 10
    assert ranks >= 9  # nine in ten remembered by a nickname are in the top three


def test_a_misspelt_surname_remembered_in_the_wrong_order_with_a_district(hub, world) -> None:
    services.link_run(full=True)
    held = _persons_of(world)
    person = next(p for p in _people(world) if len(str(p["family_name"])) >= 6
                  and p["person"] in held)
    surname = str(person["family_name"])
    misspelt = surname[:2] + surname[3] + surname[2] + surname[4:]  # two letters swapped
    record = PersonRecord.objects.filter(
        person_id__in=list(held[str(person["person"])]), postcode__gt="").first()
    assert record is not None
    query = TraceQuery(name=f"{misspelt} {str(person['given_names']).split()[0]}",
                       district=record.postcode.split()[0])
    candidates = trace_candidates(query)
    assert _rank(candidates, held[str(person["person"])]) == 0
    reasons = {r.detail for r in candidates[0].best.reasons if r.points > 0}
    assert {"name", "district"} <= reasons


def test_records_not_yet_linked_are_found_by_the_record_indexes(hub, world) -> None:
    record = PersonRecord.objects.exclude(family_name="").order_by("pk").first()
    assert record is not None
    candidates = trace_candidates(TraceQuery(name=record.family_name))
    assert record.person_id in [c.person_id for c in candidates]


def test_the_web_shows_a_person_the_user_may_not_open_only_as_known_to(
        hub, world, signed_in: SignIn) -> None:
    services.link_run(full=True)
    # Someone only the hospital knows, searched for by a police practitioner.
    agencies_of: dict[UUID, set[str]] = defaultdict(set)
    for holder, code in PersonRecord.objects.values_list("person_id", "agency__code"):
        agencies_of[holder].add(code)
    person_id = next(p for p, codes in agencies_of.items() if codes == {"health"})
    record = PersonRecord.objects.filter(person_id=person_id).first()
    assert record is not None
    worker = f.user(hub["police"], Role.PRACTITIONER)
    client = signed_in(worker)

    page = client.get(reverse("link_trace"), {"name": f"{record.given_names} "
                                                      f"{record.family_name}"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "A person you may not open" in html
    assert hub["health"].name in html
    assert record.family_name not in html.replace(
        f'value="{record.given_names} {record.family_name}"', "")
    assert reverse("break_glass_new", kwargs={"person_id": person_id}) in html
    event = AuditEvent.objects.get(actor=worker, verb=Verb.SEARCH)
    assert event.detail["fields"] == ["name"]
    assert record.family_name not in json.dumps(event.detail)
    assert str(person_id) not in event.detail["persons"]  # not opened: not shown


def test_a_year_of_birth_alone_is_not_enough(db, signed_in: SignIn) -> None:
    client = signed_in(f.user(f.agency("police"), Role.ANALYST))
    page = client.get(reverse("link_trace"), {"birth_year": "2009"})
    assert page.status_code == 422
    assert "Give a name, a district or a school" in page.content.decode()
    assert not AuditEvent.objects.filter(verb=Verb.SEARCH).exists()


def test_the_command_line_trace_prints_json_and_is_audited_as_the_operator(hub) -> None:
    services.link_run(full=True)
    record = PersonRecord.objects.exclude(family_name="").exclude(
        date_of_birth="").order_by("pk").first()
    assert record is not None
    out = StringIO()
    call_command("trace", "--name", f"{record.given_names} {record.family_name}",
                 "--born", record.date_of_birth[:4], "--json", stdout=out)
    found = json.loads(out.getvalue())
    assert found[0]["person_id"] == str(record.person_id)
    assert found[0]["score"] > 80
    assert {r["detail"] for r in found[0]["reasons"]} >= {"name", "year of birth"}
    event = AuditEvent.objects.get(verb=Verb.SEARCH, target_type="trace")
    assert event.actor is None
    assert event.actor_username.startswith("cli:")
    assert event.detail["fields"] == ["name", "birth_year"]
    assert record.family_name not in json.dumps(event.detail)
