"""An operation and a meeting for the demo: a historic investigation of a network from
the synthetic world, its survivors and suspects walked through their statuses, and the
strategy meeting that discussed one of them.

Demo only. The survivors and suspects are the world's own (the ground truth, which a
real hub does not have, says who they are); each is found as the Person the demo's link
run made of their police record. Every step is taken by a demo user whom the rule for
actions allows, as a team would: the police supervisor opens the operation and names
its people, a supervisor who did not write a contact plan approves it, health records
its own check, the chair and attendees record the meeting. All of it, or none: a re-run
finds the operation by its name and makes nothing more.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from safehub.access.models import CasePerson, CaseRole
from safehub.access.policy import viewer_for
from safehub.agencies.models import Team, User
from safehub.meetings import services as meetings
from safehub.meetings.models import Meeting
from safehub.operations import decisions, disruptions, engagement, returns
from safehub.operations import services as operations
from safehub.operations.models import Decision, Disruption, Operation
from safehub.operations.pages import nominal_target
from safehub.records.models import PersonRecord
from safehub.web.demo_cases import REFERENCE as REVIEW_REFERENCE

NAME = "Operation Demo Hawthorn"
SURVIVORS = 3
SUSPECTS = 2
# Who does what (the demo's users, as safehub.web.demo names them).
OPENER = "police-supervisor"
SENIOR_OFFICER = "police-hub-manager"
MEMBERS = ("csc-supervisor", "csc-practitioner", "health-supervisor")
APPROVER = "csc-supervisor"  # a supervisor who did not write the plans
CHECKER = "health-supervisor"
CHAIR = "csc-supervisor"
ATTENDEES = ("police-supervisor", "health-supervisor", "csc-practitioner")
OVERDUE_OWNER = "csc-practitioner"
SUPPORTER = "csc-practitioner"  # records that support is in place
USERS = (OPENER, SENIOR_OFFICER, *MEMBERS, CHAIR, *ATTENDEES)

# Each agency of the team checks what it holds before a plan is approved.
CHECKS = (
    (OPENER, "Police: the historic reports of the operation; nothing since."),
    (CHECKER, "Health: registered with a GP; nothing else relevant."),
    (APPROVER, "Social care: a care leaver; no open involvement."),
)

PLAN = {
    "risks_and_needs": "Now an adult with a young child; may live near one of the suspects. "
    "Contact could bring back trauma: go at the survivor's pace.",
    "contact_by": "A detective of the operation with a social worker known from care",
    "contact_how": "A letter first, then a visit on a weekday morning when the child is at "
    "nursery; never at the workplace.",
    "avoid": "Do not call unannounced; do not name other survivors.",
    "support_offer": ["ISVA", "counselling", "national support line for adult survivors"],
}


@dataclass(frozen=True)
class DemoOperation:
    operation: Operation
    meeting: Meeting | None
    made: bool  # False when a run before this one made it

    def summary(self) -> str:
        op = self.operation
        nominals = {s.person_id for s in op.statuses.all()}
        what = "Made" if self.made else "Found"
        meeting = (
            f"; a strategy meeting with {self.meeting.actions.count()} actions agreed"
            if self.meeting is not None
            else ""
        )
        return (
            f"{what} the demo operation {op.name}: {len(nominals)} nominals, "
            f"{op.decisions.count()} decisions in its log{meeting}."
        )


def demo_operation(world: Path, accounts: dict[str, User], team: Team) -> DemoOperation:
    """Open (once) the demo operation, its nominals walked to their statuses, its
    decisions, and a strategy meeting with one action overdue."""
    existing = Operation.objects.filter(name=NAME).select_related("case").first()
    if existing is not None:
        return DemoOperation(existing, _meeting_of(existing), made=False)
    users = {name: accounts[name] for name in USERS}
    for user in users.values():  # an operation's team, like a meeting, is one hub's
        if user.team_id != team.pk:
            user.team = team
            user.save(update_fields=["team"])
    chosen = _chosen(world)
    today = timezone.localdate()
    # All or nothing, so a re-run never finds half an operation (`existing` above). A
    # refusal here would be the demo's bug, not a user's: its audit row may go with it.
    with transaction.atomic():
        operation = _open(users, chosen.scope)
        victims = _name(users[OPENER], operation, chosen.victims, CaseRole.VICTIM, today)
        suspects = _name(users[OPENER], operation, chosen.suspects, CaseRole.SUSPECT, today)
        _survivors(users, operation, victims, today)
        _suspects(users, operation, suspects, today)
        meeting = _meeting(users, victims[0], today)
    return DemoOperation(operation, meeting, made=True)


# ---------------------------------------------------------------- who, from the world


@dataclass(frozen=True)
class _Chosen:
    victims: list[UUID]
    suspects: list[UUID]
    scope: str


def _chosen(world: Path) -> _Chosen:
    """Survivors and suspects of one network (a historic one if the world has it), each
    the Person holding their police record; none already in the demo's review."""
    truth: dict[str, Any] = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))
    police: dict[str, list[str]] = defaultdict(list)
    for entry in truth["records"]:
        if entry["agency"] == "police":
            police[entry["person"]].append(entry["record_id"])
    flagged = {p["person"]: p for p in truth["people"]}
    networks = sorted(truth["networks"], key=lambda n: (n["kind"] != "historic", n["network"]))
    taken = set(
        CasePerson.objects.filter(case__reference=REVIEW_REFERENCE).values_list(
            "person_id", flat=True
        )
    )

    def people(ids: list[str], flag: str, wanted: int) -> list[UUID]:
        found: list[UUID] = []
        for pid in sorted(ids):
            if not flagged.get(pid, {}).get(flag):
                continue
            person_id = _person_of(sorted(police[pid]))
            if person_id is not None and person_id not in taken and person_id not in found:
                found.append(person_id)
                taken.add(person_id)
            if len(found) == wanted:
                break
        return found

    everyone = {"victims": sorted(flagged), "offenders": sorted(flagged), "network": ""}
    for network in [*networks, everyone]:  # a tiny world: survivors of any network
        victims = people(network["victims"], "victim", SURVIVORS)
        suspects = people(network["offenders"], "offender", SUSPECTS)
        if len(victims) == SURVIVORS and len(suspects) == SUSPECTS:
            span = (
                f", {network['began'][:4]} to {network['ended'][:4]}" if network["network"] else ""
            )
            scope = (
                f"Sexual exploitation of young people placed in a children's home in "
                f"Northvale{span}, and the adults who visited them there."
            )
            return _Chosen(victims, suspects, scope)
        taken -= {*victims, *suspects}
    raise ValueError("The synthetic world has too few survivors and suspects with police records.")


def _person_of(record_ids: list[str]) -> UUID | None:
    """The Person the link run made of the first of these police records."""
    for record_id in record_ids:
        person_id = (
            PersonRecord.objects.filter(agency__code="police", record_id=record_id)
            .values_list("person_id", flat=True)
            .first()
        )
        if person_id is not None:
            return person_id
    return None


# ---------------------------------------------------------------- the operation


def _open(users: dict[str, User], scope: str) -> Operation:
    operation = operations.operation_open(
        actor=users[OPENER],
        name=NAME,
        scope=scope,
        senior_officer=users[SENIOR_OFFICER],
        institution=Operation.Institution.CARE,
    )
    for name in MEMBERS:
        operations.member_add(actor=users[OPENER], operation=operation, user=users[name])
    decisions.decision_record(
        actor=users[SENIOR_OFFICER],
        operation=operation,
        kind=Decision.Kind.SCOPE,
        rationale="Scope set to the home's residents over the years the network was active, "
        "after the first survivor's account named other young people placed there.",
    )
    decisions.decision_record(
        actor=users[OPENER],
        operation=operation,
        kind=Decision.Kind.PRIORITY,
        rationale="Tracing the survivors and safe, planned contact come first; suspects are "
        "arrested as the evidence allows, never ahead of a survivor's own decision.",
    )
    return operation


def _name(
    actor: User, operation: Operation, people: list[UUID], role: CaseRole, today: date
) -> list[UUID]:
    viewer = viewer_for(actor)
    for person_id in people:
        operations.nominal_add(
            actor=actor,
            operation=operation,
            person=nominal_target(viewer, person_id),
            role=role,
            on=today - timedelta(days=180),
        )
    return people


def _walk(
    actor: User, operation: Operation, person_id: UUID, steps: list[tuple[str, int]], today: date
) -> None:
    """Move the nominal through `steps`: each a status and how many days before today."""
    for status, ago in steps:
        operations.nominal_status_set(
            actor=actor,
            operation=operation,
            person_id=person_id,
            status=status,
            on=today - timedelta(days=ago),
        )


def _survivors(
    users: dict[str, User], operation: Operation, victims: list[UUID], today: date
) -> None:
    """One under pre-contact review (her plan written, health's check in); one contacted
    who said "not now" (no date: no one chases them); one engaged with support in place."""
    writer, approver = users[OPENER], users[APPROVER]
    for person_id in victims:
        _walk(writer, operation, person_id, [("traced", 160), ("pre_contact_review", 140)], today)
    reviewing, not_now, engaged = victims
    plan = engagement.plan_write(actor=writer, operation=operation, person_id=reviewing, **PLAN)
    engagement.agency_check_record(
        actor=users[CHECKER],
        plan=plan,
        finding="Registered with a GP; no current contact with the trust's services. "
        "Nothing else relevant.",
    )
    for person_id, decision, ago, words in (
        (not_now, "not_now", 100, "Not now. I will get in touch if I want to talk."),
        (engaged, "engaged", 110, "I want to help, and I want the support you offered."),
    ):
        plan = engagement.plan_write(actor=writer, operation=operation, person_id=person_id, **PLAN)
        for checker, finding in CHECKS:  # every agency of the team, before approval
            engagement.agency_check_record(actor=users[checker], plan=plan, finding=finding)
        engagement.plan_approve(actor=approver, plan=plan)
        engagement.contact_record(
            actor=writer,
            operation=operation,
            person_id=person_id,
            contact_on=today - timedelta(days=ago),
            contact_how="Home visit, as planned",
            decision=decision,
            their_words=words,
        )
    _walk(users[SUPPORTER], operation, engaged, [("support_in_place", 70)], today)


def _suspects(
    users: dict[str, User], operation: Operation, suspects: list[UUID], today: date
) -> None:
    """One charged; one arrested, with a child abduction warning notice."""
    actor = users[OPENER]
    charged, arrested = suspects
    _walk(
        actor,
        operation,
        charged,
        [("traced", 170), ("arrested", 150), ("interviewed", 149), ("charged", 90)],
        today,
    )
    _walk(actor, operation, arrested, [("traced", 150), ("arrested", 40)], today)
    disruptions.disruption_record(
        actor=actor,
        operation=operation,
        person_id=arrested,
        kind=Disruption.Kind.CAWN,
        served_on=today - timedelta(days=35),
        note="Served after he was seen with a looked-after child near a children's home.",
    )
    for person_id in suspects:
        returns.suspect_facts_set(
            actor=actor,
            operation=operation,
            person_id=person_id,
            deceased=False,
            public_prominence=False,
        )


# ---------------------------------------------------------------- the meeting


def _meeting(users: dict[str, User], survivor: UUID, today: date) -> Meeting:
    """A strategy meeting of three agencies: its decision for the survivor under
    pre-contact review, an action now overdue and one still to come."""
    chair = users[CHAIR]
    meeting = meetings.meeting_hold(
        actor=chair,
        kind=Meeting.Kind.STRATEGY,
        held_on=today - timedelta(days=21),
        attendees=[users[name] for name in ATTENDEES],
    )
    person = nominal_target(viewer_for(chair), survivor)
    meetings.discussed_record(
        actor=chair,
        meeting=meeting,
        person=person,
        decision="No contact until the plan is approved and social care has checked its "
        "records; then a joint approach by police and the ISVA service.",
    )
    meetings.action_agree(
        actor=chair,
        meeting=meeting,
        text="Complete social care's check of its records for the pre-contact review.",
        owner=users[OVERDUE_OWNER],
        due_on=today - timedelta(days=7),
        person=person,
    )
    meetings.action_agree(
        actor=chair,
        meeting=meeting,
        text="Ask the ISVA service for a named worker before contact is made.",
        owner=users[OPENER],
        due_on=today + timedelta(days=14),
        person=person,
    )
    return meeting


def _meeting_of(operation: Operation) -> Meeting | None:
    """The demo's meeting: the strategy meeting that discussed a survivor of it."""
    people = operation.statuses.filter(role="victim").values_list("person_id", flat=True)
    return (
        Meeting.objects.filter(kind=Meeting.Kind.STRATEGY, discussed__person_id__in=people)
        .order_by("pk")
        .first()
    )
