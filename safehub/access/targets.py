"""What an action is taken on, as the rules for actions need to see it: a person with
the agencies holding them, an ask of another agency, a pair of records, an owned thing.

The layers above the policy (records, linking, the API) build these from what they hold,
so the rules below them never import those layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from safehub.access.models import AccessRequest, CaseTeam
from safehub.agencies.models import Agency, SharingAgreement, User


@dataclass(frozen=True)
class PersonTarget:
    """A Person as an action's target, with what the layers above know of them."""

    person_id: UUID
    held_by: frozenset[int]  # agencies holding a record of the person
    openable: bool = False  # the actor may open the person (safehub.records.queries.visible)


@dataclass(frozen=True)
class ChildTarget:
    """A child whose Philomena profile is kept, with the agencies responsible for their
    care: children's social care holding their record, and the carer's agency."""

    person: PersonTarget
    carers: frozenset[int]


@dataclass(frozen=True)
class EpisodeTarget:
    """A child's missing episode: the child, and the agency that recorded it (the
    episode is that agency's record, which its return amends)."""

    person: PersonTarget
    agency_id: int


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


@dataclass(frozen=True)
class MeetingTarget:
    """A meeting as the rules see it: who chaired it and who came."""

    chair_id: int
    attendee_ids: frozenset[int]

    def present(self, user_id: int) -> bool:
        return user_id == self.chair_id or user_id in self.attendee_ids


@dataclass(frozen=True)
class AgreedAction:
    """An action a meeting agreed: its owner and the meeting's chair."""

    owner_id: int
    chair_id: int


def described(target: object) -> tuple[str, str, str]:
    """(target_type, target_id, subject person) for the refusal's audit row."""
    if isinstance(target, tuple):  # (case, person): the person is what the refusal is about
        target = target[-1]
    if isinstance(target, AccessAsk | ChildTarget | EpisodeTarget):
        target = target.person
    if isinstance(target, PersonTarget):
        target = target.person_id
    if target is None:
        return "action", "", ""
    if isinstance(target, UUID):
        return "person", str(target), str(target)
    if isinstance(target, PairTarget):
        return "link_review_pair", str(target.pair_id), ""
    if isinstance(target, Agency):
        return "agency", target.code, ""
    if isinstance(target, AccessRequest):
        return "access_request", str(target.pk), str(target.person_id)
    kind = _TARGET_TYPES.get(type(target), type(target).__name__.lower()[:40])
    return kind, str(getattr(target, "pk", "")), ""


_TARGET_TYPES: dict[type, str] = {
    SharingAgreement: "sharing_agreement",
    CaseTeam: "case",
    User: "user",
}
