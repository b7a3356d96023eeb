"""Reviewers' decisions on pairs of records: whether two records are one person.

A decision outlives every re-link and overrides the model; the next link run (queued when
the decision commits) applies it. Two reviewers deciding one pair at the same moment
cannot both win: the database keeps each pair's decisions in one chain, and the one
overtaken is told (DecidedMeanwhile) and decides again (docs/security.md #26).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from safehub.access.actions import Action, PairTarget, RecordFacts, require
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.linking import tasks
from safehub.linking.models import LinkDecision, ReviewPair, Verdict
from safehub.records.models import PersonRecord


def canonical(a: int, b: int) -> tuple[int, int]:
    if a == b:
        raise ValidationError("A record cannot be paired with itself.")
    return (a, b) if a < b else (b, a)


class DecidedMeanwhile(Exception):
    """Someone else decided the pair after the reviewer last saw it."""

    def __init__(self, latest: LinkDecision) -> None:
        super().__init__(f"pair {latest.left_id}-{latest.right_id} was decided meanwhile")
        self.latest = latest


class SeenUnknown(ValidationError):
    """The reviewer says they saw a decision this pair never had: bad input on the
    page; on the API, a conflict between what the caller saw and the pair (409)."""


class _Unseen:
    """`seen` not given: the caller does not say which decision it saw (older API
    clients); the new decision follows whatever is latest."""


UNSEEN = _Unseen()


def latest_decision(left_id: int, right_id: int) -> LinkDecision | None:
    low, high = canonical(left_id, right_id)
    return (
        LinkDecision.objects.filter(left_id=low, right_id=high)
        .select_related("decided_by")
        .order_by("-pk")
        .first()
    )


def record_facts(record: PersonRecord) -> RecordFacts:
    return RecordFacts(
        record.agency_id, record.sensitivity, record.person_id, record.person.protected_details
    )


def pair_target(left: PersonRecord, right: PersonRecord, pair_id: int = 0) -> PairTarget:
    """Two records as the target of a link decision."""
    return PairTarget(pair_id, record_facts(left), record_facts(right))


def link_decision_record(
    *,
    actor: User,
    left: PersonRecord,
    right: PersonRecord,
    verdict: str,
    note: str = "",
    pair: ReviewPair | None = None,
    seen: int | _Unseen | None = UNSEEN,
) -> LinkDecision:
    """A reviewer says whether two records are one person. The decision outlives every
    re-link and overrides the model; the next run (queued now) applies it. Only a
    reviewer who may see every compared field of both records decides (the rule for
    actions, `Action.LINK_DECIDE`).

    `seen` is the pair's latest decision when the reviewer looked (None: there was none).
    If another was made since, nothing is saved and DecidedMeanwhile says which: the
    reviewer reads it and decides again. Nothing is lost either way: every decision is
    kept, in a chain the database keeps linear."""
    require(
        actor,
        Action.LINK_DECIDE,
        pair_target(left, right, pair.pk if pair else 0),
        route="link_decide",
    )
    if verdict not in Verdict.values:
        raise ValidationError(f"{verdict!r} is not one of {', '.join(Verdict.values)}.")
    with transaction.atomic():  # the decision and its audit row commit together
        return _decision_record(
            actor, left, right, verdict=verdict, note=note, pair=pair, seen=seen
        )


def _decision_record(
    actor: User,
    left: PersonRecord,
    right: PersonRecord,
    *,
    verdict: str,
    note: str,
    pair: ReviewPair | None,
    seen: int | _Unseen | None,
) -> LinkDecision:
    low, high = canonical(left.pk, right.pk)
    for _attempt in range(3):
        latest = latest_decision(low, high)
        if not isinstance(seen, _Unseen) and (latest.pk if latest else None) != seen:
            if latest is None:
                # Decisions are never deleted: "seen" names none of this pair's.
                raise SeenUnknown({"seen_decision": [f"{seen} is not a decision of this pair."]})
            raise DecidedMeanwhile(latest)
        decision = LinkDecision(
            left_id=low,
            right_id=high,
            verdict=verdict,
            note=note.strip(),
            decided_by=actor,
            supersedes=latest,
        )
        # Uniqueness is the database's to enforce, at the moment of the write.
        decision.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                decision.save()
            break
        except IntegrityError:
            # Another decision on the pair was saved between our read and our write.
            if not isinstance(seen, _Unseen):
                newest = latest_decision(low, high)
                assert newest is not None
                raise DecidedMeanwhile(newest) from None
    else:  # three writes in a row overtaken: tell the caller rather than keep trying
        newest = latest_decision(low, high)
        assert newest is not None
        raise DecidedMeanwhile(newest)
    ReviewPair.objects.filter(left_id=low, right_id=high).update(state=ReviewPair.State.DECIDED)
    audit.record(
        actor=actor,
        verb=Verb.LINK_DECISION,
        target_type="record_pair",
        target_id=f"{low}-{high}",
        justification=note.strip(),
        detail={
            "decision": verdict,
            "records": [low, high],
            "pair": pair.pk if pair is not None else None,
            "persons": sorted({str(left.person_id), str(right.person_id)}),
        },
    )

    transaction.on_commit(
        lambda: tasks.link_records.enqueue(
            full=False, retrain=False, user_id=None, trigger="decision"
        )
    )
    return decision
