"""Social-media handles come from people's lives and reach only agencies that would note them."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date

import pytest

HANDLE = re.compile(r"^@?[a-z0-9._]{3,30}$")


def plain(handle: str) -> str:
    """As the linkage compares handles: lower case, no leading @."""
    return handle.strip().lstrip("@").lower()


def folded(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("ł", "l")).encode("ascii", "ignore")
    return "".join(ch for ch in text.decode().lower() if ch.isalnum())


@pytest.fixture(scope="module")
def people(truth):
    return {p["person"]: p for p in truth["people"]}


@pytest.fixture(scope="module")
def held(extracts, truth):
    """agency -> [(true person, record_id, handle as written)] for every social_media link."""
    owner = {(r["agency"], r["record_id"]): r["person"] for r in truth["records"]}
    found = defaultdict(list)
    for agency, files in extracts.items():
        handles = {
            o["object_id"]: o["value"]
            for o in files["objects"]
            if o["object_type"] == "social_media"
        }
        for link in files["person_objects"]:
            if link["object_id"] in handles:
                record = link["record_id"]
                found[agency].append((owner[agency, record], record, handles[link["object_id"]]))
    return found


def test_police_records_of_victims_and_offenders_hold_their_handles(held, people):
    kinds: dict[str, set[str]] = {"victim": set(), "offender": set()}
    for pid, _record, _handle in held["police"]:
        for kind, who in kinds.items():
            if people[pid][kind]:
                who.add(pid)
    assert len(kinds["victim"]) >= 5
    assert len(kinds["offender"]) >= 5


def test_a_young_persons_handle_is_known_to_police_and_the_project(held, people):
    police = {(pid, plain(h)) for pid, _, h in held["police"] if pid.startswith("YP")}
    project = {(pid, plain(h)) for pid, _, h in held["voluntary"] if pid.startswith("YP")}
    both = police & project
    assert both
    assert any(people[pid]["victim"] for pid, _ in both)


def test_social_care_health_and_schools_hold_no_handles(extracts, held):
    for agency in ("csc", "health", "education"):
        assert not extracts[agency]["objects"]
        assert not extracts[agency]["person_objects"]
        assert not held[agency]


def test_not_every_record_of_someone_with_a_handle_holds_it(extracts, held, people, truth):
    with_accounts = {pid for pid, p in people.items() if p["handles"]}
    records = [
        r for r in truth["records"] if r["agency"] == "police" and r["person"] in with_accounts
    ]
    holding = {record for _, record, _ in held["police"]}
    share = sum(r["record_id"] in holding for r in records) / len(records)
    assert 0.05 < share < 0.8


def test_each_record_holds_a_handle_of_its_own_person_in_use_at_a_contact(extracts, held, people):
    for agency, links in held.items():
        days = defaultdict(list)  # record -> the days of its events
        events = {e["event_id"]: e["occurred_at"][:10] for e in extracts[agency]["events"]}
        for link in extracts[agency]["event_people"]:
            days[link["record_id"]].append(date.fromisoformat(events[link["event_id"]]))
        for pid, record, handle in links:
            assert HANDLE.match(handle), handle
            accounts = [a for a in people[pid]["handles"] if a["value"] == plain(handle)]
            assert accounts, (agency, record, handle)
            if not pid.startswith("YP"):
                continue  # an offender's handle may come from intelligence on his network
            assert any(
                date.fromisoformat(a["from"]) <= day
                and (a["to"] is None or day < date.fromisoformat(a["to"]))
                for a in accounts
                for day in days[record]
            ), (agency, record, handle)


def test_some_people_change_account_and_some_keep_two(people):
    young = [p for p in people.values() if p["kind"] == "young_person" and p["handles"]]
    assert any(any(a["to"] for a in p["handles"]) for p in young)
    assert any(sum(a["to"] is None for a in p["handles"]) >= 2 for p in young)


def test_handles_are_made_from_names_and_rarely_identical_for_two_people(people):
    holders = defaultdict(set)
    from_name = total = 0
    for pid, person in people.items():
        given = folded(person["given_names"].split(" ")[0])[:3]
        for account in person["handles"]:
            holders[account["value"]].add(pid)
            total += 1
            from_name += given in account["value"]
    assert total > 500
    assert from_name / total > 0.5
    shared = {h for h, pids in holders.items() if len(pids) > 1}
    assert len(shared) <= 0.01 * len(holders)
    # Similar but not identical: common names make near-misses between different people.
    by_start: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for handle, pids in holders.items():
        by_start[handle[:6]] |= {(handle, pid) for pid in pids}
    assert any(
        len({h for h, _ in group}) > 1 and len({p for _, p in group}) > 1
        for group in by_start.values()
    )
