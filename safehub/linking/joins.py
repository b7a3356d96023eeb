"""Why a person's records are one person, for anyone who may open them; and challenging
a join, which puts it back in the review queue.

The page explains only what the viewer may see in full: pairs of the person's records
whose every compared field the viewer may see (`policy.identity_q`, as the review queue
decides a reviewer "sees the pair fully", docs/adr/0008-link-review-sees-both-sides.md).
Each pair's evidence is the model of the link run that joined them, comparing the two
records themselves (so nothing of a third, withheld record enters it), in plain words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access import policy
from safehub.access.actions import Action, PersonTarget, require
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.linking.evidence_words import evidence_words, likelihood_words
from safehub.linking.models import LinkDecision, PersonLink, ReviewPair
from safehub.linking.pipeline import facade as pipeline
from safehub.linking.records_frame import record_mapping
from safehub.records.models import Person, PersonRecord
from safehub.records.queries import opening, visible

# Fewer withheld records than this are not counted on the page: a small count tells too
# much (docs/security.md: no count under 5).
LEAST_COUNTED = 5


@dataclass(frozen=True)
class JoinRecord:
    """One of the person's records the viewer sees in full."""

    record_pk: int
    agency_name: str
    record_id: str
    name: str
    date_of_birth: str

    @property
    def label(self) -> str:
        return f"{self.agency_name} record {self.record_id}"


@dataclass(frozen=True)
class Evidence:
    words: str
    weight: float


@dataclass(frozen=True)
class Join:
    """Two records and the evidence that they are one person."""

    left: JoinRecord
    right: JoinRecord
    weight: float | None  # None: no link run recorded a model for them
    probability: float | None
    matches: tuple[Evidence, ...] = ()  # for, strongest first
    differs: tuple[Evidence, ...] = ()  # against, strongest first
    decision: LinkDecision | None = None  # the latest reviewer's decision on the pair
    challenged: bool = False  # back in the review queue, waiting for a reviewer

    @property
    def key(self) -> str:
        return f"{self.left.record_pk}-{self.right.record_pk}"

    @property
    def label(self) -> str:
        return f"{self.left.label} and {self.right.label}"

    @property
    def likelihood(self) -> str:
        return "" if self.probability is None else likelihood_words(self.probability)


@dataclass(frozen=True)
class PersonJoins:
    person_id: UUID
    records: list[JoinRecord]
    joins: list[Join]
    withheld: str  # the line about records the viewer may not see, or ""
    protected: bool  # some records' contact details are withheld: their joins are not shown
    evidence: bool  # a link run's model explains these records


# ---------------------------------------------------------------- whose records


@dataclass(frozen=True)
class _Split:
    full: list[PersonRecord]  # every compared field visible
    protected: list[PersonRecord]  # visible, but not their protected contact details
    withheld: list[PersonRecord]  # of agencies none of whose records of the person are seen


def _split(viewer: Viewer, person: Person) -> _Split:
    records = list(
        PersonRecord.objects.filter(person=person)
        .select_related("agency")
        .order_by("agency__name", "record_id")
    )
    seen = set(
        PersonRecord.objects.filter(
            policy.record_q(viewer, person_id=person.pk), person=person
        ).values_list("pk", flat=True)
    )
    full = (
        set(
            PersonRecord.objects.filter(policy.identity_q(viewer), person=person).values_list(
                "pk", flat=True
            )
        )
        & seen
    )
    seen_agencies = {r.agency_id for r in records if r.pk in seen}
    # A withheld record of an agency whose other records of the person the viewer sees
    # is left out altogether: the profile's "held by <agency>" could be an event, and
    # saying a record is withheld would tell that the agency holds one from a service
    # the viewer may not see (a clinic's, say). A record of an agency the viewer sees
    # nothing of is implied by "held by" already; only those are spoken of, and counted
    # only from LEAST_COUNTED.
    return _Split(
        full=[r for r in records if r.pk in full],
        protected=[r for r in records if r.pk in seen and r.pk not in full],
        withheld=[r for r in records if r.pk not in seen and r.agency_id not in seen_agencies],
    )


def _withheld_line(count: int) -> str:
    if count >= LEAST_COUNTED:
        return f"{count} other records joined on evidence you may not see"
    return "Other records joined on evidence you may not see" if count else ""


def _join_record(record: PersonRecord) -> JoinRecord:
    return JoinRecord(
        record.pk,
        record.agency.name,
        record.record_id,
        f"{record.given_names} {record.family_name}".strip(),
        record.date_of_birth,
    )


# ---------------------------------------------------------------- the evidence


def _run_model(person_id: UUID) -> pipeline.LinkModel | None:
    """The model of the link run that last linked the person's records (every record's
    link is rewritten by each run, so they share it)."""
    link = (
        PersonLink.objects.filter(record__person_id=person_id, run__model__isnull=False)
        .select_related("run__model")
        .first()
    )
    if link is None or link.run.model is None:
        return None
    return pipeline.LinkModel.from_json(link.run.model.model_json)


def _scores(
    model: pipeline.LinkModel | None, records: Sequence[PersonRecord]
) -> dict[tuple[int, int], pipeline.PairScore]:
    if model is None or len(records) < 2:
        return {}
    mappings = [record_mapping(r, r.agency.code) for r in records]
    return {(s.left_id, s.right_id): s for s in pipeline.explain_every_pair(model, mappings)}


def _evidence(score: pipeline.PairScore) -> tuple[tuple[Evidence, ...], tuple[Evidence, ...]]:
    said = [
        Evidence(words, float(e.match_weight))
        for e in score.explanation
        if e.comparison != "prior"
        and (words := evidence_words(e.comparison, e.level, e.left_value, e.right_value))
    ]
    matches = sorted((e for e in said if e.weight > 0), key=lambda e: -e.weight)
    differs = sorted((e for e in said if e.weight < 0), key=lambda e: e.weight)
    return tuple(dict.fromkeys(matches)), tuple(dict.fromkeys(differs))


def _tree(
    pks: list[int], scores: dict[tuple[int, int], pipeline.PairScore]
) -> list[tuple[int, int]]:
    """The strongest pairs that hold the records together (a maximum spanning tree), so
    each record is shown beside the record it matches best; without scores, each record
    beside the first."""
    if not scores:
        return [(pks[0], pk) for pk in pks[1:]]
    group = {pk: pk for pk in pks}

    def root(pk: int) -> int:
        while group[pk] != pk:
            pk = group[pk]
        return pk

    chosen = []
    for key in sorted(scores, key=lambda k: (-scores[k].match_weight, k)):
        a, b = root(key[0]), root(key[1])
        if a != b:
            group[b] = a
            chosen.append(key)
    return chosen


def _latest_decisions(pks: list[int]) -> dict[tuple[int, int], LinkDecision]:
    latest: dict[tuple[int, int], LinkDecision] = {}
    for decision in LinkDecision.objects.filter(left_id__in=pks, right_id__in=pks).order_by("-pk"):
        latest.setdefault((decision.left_id, decision.right_id), decision)
    return latest


def _challenged(pks: list[int]) -> set[tuple[int, int]]:
    return set(
        ReviewPair.objects.filter(
            left_id__in=pks,
            right_id__in=pks,
            state=ReviewPair.State.OPEN,
            reason=ReviewPair.Reason.CHALLENGED,
        ).values_list("left_id", "right_id")
    )


def _joins(records: list[PersonRecord], model: pipeline.LinkModel | None) -> list[Join]:
    if len(records) < 2:
        return []
    pks = sorted(r.pk for r in records)
    shown = {r.pk: _join_record(r) for r in records}
    scores = _scores(model, records)
    decisions, challenged = _latest_decisions(pks), _challenged(pks)
    keys = list(dict.fromkeys([*_tree(pks, scores), *sorted(decisions), *sorted(challenged)]))
    joins = []
    for low, high in keys:
        score = scores.get((low, high))
        matches, differs = _evidence(score) if score is not None else ((), ())
        joins.append(
            Join(
                shown[low],
                shown[high],
                score.match_weight if score is not None else None,
                score.match_probability if score is not None else None,
                matches,
                differs,
                decisions.get((low, high)),
                (low, high) in challenged,
            )
        )
    return joins


def person_joins(viewer: Viewer, person_id: UUID) -> PersonJoins:
    """Why the person's records are one person, as far as the viewer may see; 404
    (audited) as for a missing person unless they may open them. Audited before it is
    returned."""
    # Opening the person's records' names and dates counts, like the profile, towards the
    # day's people opened outside one's cases (TooManyOutsideCase past the limit).
    opened = opening.person_opened(viewer, person_id, route="link_person_joins")
    person = opened.person
    split = _split(viewer, person)
    model = _run_model(person.pk)
    joins = _joins(split.full, model)
    opening.record_opening(
        viewer,
        opened,
        route="link_person_joins",
        verb=Verb.LINK_JOINS_VIEWED,
        detail={"records": [r.pk for r in split.full], "pairs": [j.key for j in joins]},
    )
    return PersonJoins(
        person.pk,
        [_join_record(r) for r in split.full],
        joins,
        _withheld_line(len(split.withheld)),
        protected=bool(split.protected),
        evidence=model is not None,
    )


# ---------------------------------------------------------------- a challenge


def _person_target(viewer: Viewer, person_id: UUID) -> PersonTarget:
    held_by = PersonRecord.objects.filter(person_id=person_id).values_list("agency_id", flat=True)
    return PersonTarget(
        person_id,
        frozenset(held_by),
        openable=visible.visible_persons(viewer).filter(pk=person_id).exists(),
    )


def _pair_of(viewer: Viewer, person_id: UUID, pair: str) -> tuple[PersonRecord, PersonRecord]:
    """Two of the person's records the viewer sees in full, named "<pk>-<pk>"."""
    low, _, high = pair.partition("-")
    ids = sorted({int(x) for x in (low, high) if x.isdigit()})
    records = list(
        PersonRecord.objects.filter(
            policy.identity_q(viewer),
            policy.record_q(viewer, person_id=person_id),
            person_id=person_id,
            pk__in=ids,
        )
        .select_related("agency")
        .order_by("pk")
    )
    if len(ids) != 2 or len(records) != 2:
        raise ValidationError("Choose which join you challenge")
    return records[0], records[1]


def _score(person_id: UUID, left: PersonRecord, right: PersonRecord) -> tuple[float, float]:
    """The pair's weight and probability under the run's model (the queue sorts by it;
    the reviewer's page explains it again). Without a model: even odds."""
    model = _run_model(person_id)
    if model is None:
        return 0.0, 0.5
    score = pipeline.explain(
        model, record_mapping(left, left.agency.code), record_mapping(right, right.agency.code)
    )
    return score.match_weight, score.match_probability


def join_challenge(viewer: Viewer, person_id: UUID, *, pair: str, reason: str) -> ReviewPair:
    """Anyone who may open the person challenges the join of two of their records they
    see in full: the pair goes back to the review queue (opened again, or made), with
    the reason, for a reviewer who sees both records to decide; that decision takes
    effect as any other (decisions.py). ValidationError for a pair not theirs to name."""
    require(
        viewer,
        Action.LINK_CHALLENGE,
        _person_target(viewer, person_id),
        route="link_join_challenge",
    )
    left, right = _pair_of(viewer, person_id, pair)
    weight, probability = _score(person_id, left, right)
    with transaction.atomic():  # the queue item and its audit row commit together
        review, made = ReviewPair.objects.update_or_create(
            left=left,
            right=right,
            defaults={
                "state": ReviewPair.State.OPEN,
                "reason": ReviewPair.Reason.CHALLENGED,
                "match_weight": weight,
                "match_probability": probability,
                "challenged_by": viewer.user,
                "challenge_reason": reason.strip(),
                "challenged_at": timezone.now(),
            },
        )
        audit.record(
            actor=viewer.user,
            verb=Verb.LINK_CHALLENGED,
            target_type="record_pair",
            target_id=f"{left.pk}-{right.pk}",
            subject_person=str(person_id),
            justification=reason.strip(),
            detail={
                "route": "link_join_challenge",
                "pair": review.pk,
                "records": [left.pk, right.pk],
                "reopened": not made,
            },
        )
    return review
