"""From clusters to Persons (safehub.linking.assignment): pure rules, no database."""

from __future__ import annotations

import itertools
from uuid import UUID

import pytest

from safehub.linking.assignment import plan_assignment

P1, P2, P3 = (UUID(int=n) for n in (1, 2, 3))


def _new_ids():
    counter = itertools.count(100)
    return lambda: UUID(int=next(counter))


def test_records_that_stay_together_keep_their_person() -> None:
    plan = plan_assignment({1: P1, 2: P1}, {1: str(P1), 2: str(P1)})
    assert plan.moves == {}
    assert plan.new_persons == []
    assert plan.emptied == {}


def test_a_record_joining_another_persons_cluster_moves_and_its_person_empties() -> None:
    plan = plan_assignment({1: P1, 2: P2}, {1: str(P1), 2: str(P1)})
    assert plan.moves == {P1: [2]}
    assert plan.emptied == {P2: P1}
    assert plan.target == {1: P1, 2: P1}


def test_a_split_keeps_the_person_for_the_kept_key_and_makes_a_new_one() -> None:
    plan = plan_assignment(
        {1: P1, 2: P1, 3: P1}, {1: str(P1), 2: str(P1), 3: "new:1"}, new_id=_new_ids()
    )
    assert plan.new_persons == [UUID(int=100)]
    assert plan.moves == {UUID(int=100): [3]}
    assert plan.emptied == {}  # P1 keeps records 1 and 2, and its case rows
    assert plan.sources[UUID(int=100)] == {P1}


def test_an_emptied_person_goes_to_where_most_of_its_records_went() -> None:
    previous = {1: P1, 2: P1, 3: P1, 4: P2, 5: P3}
    plan = plan_assignment(previous, {1: str(P2), 2: str(P2), 3: str(P3), 4: str(P2), 5: str(P3)})
    assert plan.emptied == {P1: P2}


def test_a_tie_goes_to_the_lowest_person_id() -> None:
    plan = plan_assignment(
        {1: P3, 2: P3, 3: P1, 4: P2}, {1: str(P2), 2: str(P1), 3: str(P1), 4: str(P2)}
    )
    assert plan.emptied == {P3: P1}


def test_an_unknown_key_that_looks_like_a_person_id_is_a_new_person() -> None:
    stranger = UUID(int=42)
    plan = plan_assignment({1: P1}, {1: str(stranger)}, new_id=_new_ids())
    assert plan.target[1] == UUID(int=100)
    assert plan.emptied == {P1: UUID(int=100)}


def test_every_record_must_have_a_cluster() -> None:
    with pytest.raises(ValueError, match="no cluster"):
        plan_assignment({1: P1, 2: P2}, {1: str(P1)})
