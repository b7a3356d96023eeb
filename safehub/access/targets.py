"""What an action is taken on, as the rules for actions need to see it: a person with
the agencies holding them, an ask of another agency, a pair of records, an owned thing.

The layers above the policy (records, linking, the API) build these from what they hold,
so the rules below them never import those layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID


@dataclass(frozen=True)
class PersonTarget:
    """A Person as an action's target, with what the layers above know of them."""

    person_id: UUID
    held_by: frozenset[int]  # agencies holding a record of the person
    openable: bool = False  # the actor may open the person (safehub.records.queries.visible)


@dataclass(frozen=True)
class AccessAsk:
    """Asking for what another agency holds about a person: `owner_id` named (from a
    profile's "held by"), or None (from a trace: the holders are not named to the asker)."""

    person: PersonTarget
    owner_id: int | None


@dataclass(frozen=True)
class RecordFacts:
    """What the policy needs of one person record to say whether its identity is seen."""

    agency_id: int
    sensitivity: str
    person_id: UUID
    protected: bool


@dataclass(frozen=True)
class PairTarget:
    """A pair of person records a reviewer would decide."""

    pair_id: int
    left: RecordFacts
    right: RecordFacts


class Owned(Protocol):
    """Something that belongs to one user (an API token)."""

    pk: Any
    user_id: int
