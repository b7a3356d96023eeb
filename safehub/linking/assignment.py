"""From the pipeline's clusters to the hub's Persons: which records move where, which
Persons are made, which are left empty and where their case and access rows go.

Plain Python over dictionaries, so the rules are tested without a database:

- a cluster whose key is a current Person's id is that Person (ids stay stable while
  records stay together); any other key ("new:3") gets a new Person;
- a Person left with no records is deleted once its case memberships, consents,
  break-glass and access requests have followed its records — to the Person that took
  most of them (ties: the lowest id, so the plan is deterministic);
- a Person that keeps its id keeps its case rows, even if some records split off: a case
  about one human being must not widen to another by a re-link.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from uuid import UUID


@dataclass
class AssignmentPlan:
    target: dict[int, UUID]  # record -> its Person after the write
    moves: dict[UUID, list[int]] = field(default_factory=dict)  # Person -> records joining
    new_persons: list[UUID] = field(default_factory=list)
    emptied: dict[UUID, UUID] = field(default_factory=dict)  # empty Person -> heir
    sources: dict[UUID, set[UUID]] = field(default_factory=dict)  # Person -> where from

    @property
    def records_moved(self) -> int:
        return sum(len(records) for records in self.moves.values())


def _as_person(key: str, current: set[UUID]) -> UUID | None:
    try:
        person = UUID(key)
    except ValueError:
        return None
    return person if person in current else None


def plan_assignment(
    previous: Mapping[int, UUID],
    assignment: Mapping[int, str],
    *,
    new_id: Callable[[], UUID] = uuid.uuid4,
) -> AssignmentPlan:
    """The moves that turn `previous` (record -> Person) into `assignment` (record ->
    cluster key). Every record of `previous` must be in `assignment`."""
    missing = set(previous) - set(assignment)
    if missing:
        raise ValueError(f"{len(missing)} records have no cluster (e.g. {min(missing)})")
    current = set(previous.values())
    key_person: dict[str, UUID] = {}
    plan = AssignmentPlan(target={})
    claimed: set[UUID] = set()
    for key in sorted(set(assignment.values())):
        person = _as_person(key, current)
        if person is None or person in claimed:
            person = new_id()
            plan.new_persons.append(person)
        claimed.add(person)
        key_person[key] = person
    for record, key in assignment.items():
        plan.target[record] = key_person[key]
    moves: dict[UUID, list[int]] = defaultdict(list)
    for record, before in previous.items():
        after = plan.target[record]
        if after != before:
            moves[after].append(record)
            plan.sources.setdefault(after, set()).add(before)
    plan.moves = {person: sorted(records) for person, records in moves.items()}
    plan.emptied = _heirs(previous, plan.target)
    return plan


def _heirs(previous: Mapping[int, UUID], target: Mapping[int, UUID]) -> dict[UUID, UUID]:
    remaining = set(target.values())
    went: dict[UUID, Counter[UUID]] = defaultdict(Counter)
    for record, before in previous.items():
        went[before][target[record]] += 1
    heirs: dict[UUID, UUID] = {}
    for person, destinations in went.items():
        if person in remaining:
            continue
        top = max(destinations.values())
        heirs[person] = min((p for p, n in destinations.items() if n == top), key=str)
    return heirs
