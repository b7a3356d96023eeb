"""A case for the demo: a screening review of a few victims from the synthetic world.

Demo only. The demo's supervisors confirm that each victim's records are one person
(link decisions "same", taken from the synthetic ground truth, which a real hub does not
have; each by a supervisor who may see both records of its pair), the linker applies the
decisions, and the review opens with those people, so their profile gathers every
agency's records and the sharing rules can be seen at work. Two members leave notes on
the case page, as a team would.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path

from django.db import transaction

from safehub.access.actions import Action, can
from safehub.access.models import CaseKind, CaseRole, CaseTeam
from safehub.access.services import cases
from safehub.agencies.models import Agency, Team, User
from safehub.linking import decisions as linking
from safehub.linking.services.runs import link_run
from safehub.records import services as records
from safehub.records.models import PersonRecord

REFERENCE = "CSE-DEMO-1"
VICTIMS = 3
REASON = "Demo: confirmed from the synthetic world's ground truth"
# Written by the manager who opened the review, then by a member of another agency.
NOTES = (
    "Review opened after the strategy discussion: the young people's records are joined "
    "across agencies. Please add what your agency knows before the screening meeting.",
    "What my agency holds points to the same older associate for all three. A joint "
    "visit with social care is being planned; I will add the outcome here.",
)


def _records_by_person(world: Path) -> tuple[dict[str, list[tuple[str, str]]], list[dict]]:  # type: ignore[type-arg]
    truth = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))
    by_person: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entry in truth["records"]:
        by_person[entry["person"]].append((entry["agency"], entry["record_id"]))
    return by_person, truth["people"]


def _chosen(by_person: dict[str, list[tuple[str, str]]], people: list[dict]) -> list[str]:  # type: ignore[type-arg]
    """Victims recorded by social care and health and at least one more agency."""
    chosen = []
    for person in sorted(people, key=lambda p: p["person"]):
        agencies = {agency for agency, _ in by_person[person["person"]]}
        if person["victim"] and {"csc", "health"} <= agencies and len(agencies) >= 3:
            chosen.append(person["person"])
    return chosen[:VICTIMS]


def _confirm_one_person(held: list[PersonRecord], reviewers: list[User]) -> None:
    """Join the records by decisions "same", each taken by a reviewer who may see both
    records of its pair (the rule for actions): a sexual-health clinic's record by the
    trust's own reviewer, say. A record no reviewer may pair stays as linking left it."""
    joined, waiting = held[:1], held[1:]
    while waiting:
        for record, (anchor, reviewer) in itertools.product(
            waiting, itertools.product(joined, reviewers)
        ):
            target = linking.pair_target(anchor, record)
            if can(reviewer, Action.LINK_DECIDE, target):
                linking.link_decision_record(
                    actor=reviewer, left=anchor, right=record, verdict="same", note=REASON
                )
                joined.append(record)
                waiting.remove(record)
                break
        else:
            return


def demo_case(
    world: Path, *, manager: User, reviewers: list[User], members: list[User], team: Team
) -> CaseTeam:
    """Open (once) the demo review with its victims, their records confirmed as one
    person and their details protected."""
    existing = CaseTeam.objects.filter(kind=CaseKind.REVIEW, reference=REFERENCE).first()
    if existing is not None:
        return existing
    for user in [manager, *reviewers, *members]:
        user.team = team
        user.save(update_fields=["team"])
    by_person, people = _records_by_person(world)
    agencies = {a.code: a for a in Agency.objects.all()}
    victims = []
    for true_person in _chosen(by_person, people):
        held = [
            PersonRecord.objects.select_related("person").get(agency=agencies[a], record_id=r)
            for a, r in by_person[true_person]
        ]
        _confirm_one_person(held, reviewers)
        victims.append(held[0].pk)
    link_run(full=True, trigger="demo")  # applies the decisions now
    # All or nothing, so a re-run never finds half a case (`existing` above). A refusal
    # here would be the demo's bug, not a user's: its audit row may go with the rest.
    with transaction.atomic():
        case = cases.case_open(
            actor=manager, kind=CaseKind.REVIEW, reference=REFERENCE, members=members
        )
        for record_pk in victims:
            person = PersonRecord.objects.get(pk=record_pk).person
            records.person_protect(actor=manager, person=person, reason="Demo: a survivor")
            cases.case_add_person(
                actor=manager, case=case, person=records.person_target(person), role=CaseRole.VICTIM
            )
        _notes(case, manager, members)
    return case


def _notes(case: CaseTeam, manager: User, members: list[User]) -> None:
    """The demo's notes, each added by a member as the rule for actions allows."""
    others = [
        m
        for m in members
        if m.agency_id != manager.agency_id and can(m, Action.CASE_NOTE_ADD, case)
    ]
    for author, text in zip([manager, *others[:1]], NOTES, strict=False):
        cases.case_note_add(actor=author, case=case, text=text)
