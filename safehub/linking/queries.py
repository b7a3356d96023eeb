"""Reads of linking: the review queue and a pair side by side (through the access policy,
audited), the model and the runs (no personal data).

A pair is a reviewer's only when they may see every field the model compares on *both*
records (`policy.identity_q`: the record itself, or an agreement's `linkage`; and a
protected person's contact details only as the policy allows). Any other pair is left
out of their queue and is a 404: a comparison level ("a number in common") would tell
them something about a record they may not see (docs/adr/0008-link-review-sees-both-sides.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet

from safehub.access import policy
from safehub.access.actions import Action, refuse_route, rule_of
from safehub.access.models import CasePerson
from safehub.access.policy import Viewer
from safehub.access.refusals import refused_as_missing
from safehub.agencies.models import Agency
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.linking.models import (
    LinkDecision,
    LinkModelVersion,
    LinkRun,
    PersonLink,
    ReviewPair,
)
from safehub.linking.pipeline import facade as pipeline
from safehub.linking.records_frame import record_mapping
from safehub.records.models import CONTACT_FIELDS, PersonRecord
from safehub.records.queries import visible


def is_reviewer(viewer: Viewer) -> bool:
    """Whether the viewer holds a role that decides pairs (which pairs: `_reviewable`)."""
    return viewer.agency_id is not None and bool(viewer.roles & rule_of(Action.LINK_DECIDE).roles)


def require_reviewer(viewer: Viewer, *, route: str) -> None:
    """404 (audited) for anyone who does not review links: supervisors, analysts and
    linkage officers do."""
    if not is_reviewer(viewer):
        raise refuse_route(viewer, route)


# ---------------------------------------------------------------- one side of a pair


@dataclass(frozen=True)
class Side:
    """One record of a pair, every compared field shown: a pair reaches a reviewer only
    when they may see all of both records' (`_reviewable`)."""

    record_pk: int
    agency_code: str
    agency_name: str
    person_id: UUID | None  # set when the viewer may open the record's Person
    record_id: str
    family_name: str
    given_names: str
    other_names: tuple[str, ...]
    date_of_birth: str
    sex: str
    identifiers: dict[str, str]
    contact: dict[str, str]

    @property
    def name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


def _side(record: PersonRecord, openable: set[UUID]) -> Side:
    agency: Agency = record.agency
    return Side(
        record.pk,
        agency.code,
        agency.name,
        person_id=record.person_id if record.person_id in openable else None,
        record_id=record.record_id,
        family_name=record.family_name,
        given_names=record.given_names,
        other_names=tuple(n.strip() for n in record.other_names.split(";") if n.strip()),
        date_of_birth=record.date_of_birth,
        sex=record.sex,
        identifiers={
            k: v for k in ("nhs_number", "pnc_id", "upn", "local_id") if (v := getattr(record, k))
        },
        contact={name: getattr(record, name) for name in CONTACT_FIELDS},
    )


def _openable(viewer: Viewer, records: Sequence[PersonRecord]) -> set[UUID]:
    ids = {r.person_id for r in records}
    return set(visible.visible_persons(viewer).filter(pk__in=ids).values_list("pk", flat=True))


# ---------------------------------------------------------------- the queue


def _reviewable(viewer: Viewer) -> QuerySet[ReviewPair]:
    """Pairs both of whose records' compared fields the viewer may see: the rule of
    `Action.LINK_DECIDE` as a filter."""
    if not is_reviewer(viewer):
        return ReviewPair.objects.none()
    return ReviewPair.objects.filter(
        policy.identity_q(viewer, prefix="left__"), policy.identity_q(viewer, prefix="right__")
    )


def _in_viewers_open_case(viewer: Viewer, side: str) -> Exists:
    return Exists(
        CasePerson.objects.filter(
            person_id=OuterRef(f"{side}__person_id"),
            case__members=viewer.user_id,
            case__closed_at__isnull=True,
        )
    )


def review_queue(viewer: Viewer) -> QuerySet[ReviewPair]:
    """Open pairs the reviewer may look at: first those touching a person in one of the
    reviewer's own open cases (a screening review, an operation, an engagement plan),
    then merges of large clusters, then the strongest.

    Only the reviewer's own cases: a pair raised for someone else's operation would tell
    them that the person is in one (docs/adr/0010-several-records-in-one-agency.md)."""
    return (
        _reviewable(viewer)
        .filter(state=ReviewPair.State.OPEN)
        .annotate(
            in_my_case=_in_viewers_open_case(viewer, "left")
            | _in_viewers_open_case(viewer, "right")
        )
        .order_by("-in_my_case", "-reason", "-match_weight", "pk")
    )


@dataclass(frozen=True)
class QueueEntry:
    pair: ReviewPair
    left: Side
    right: Side
    cases: tuple[str, ...] = ()  # the references of the reviewer's open cases it touches


def _viewers_cases(viewer: Viewer, person_ids: set[UUID]) -> dict[UUID, list[str]]:
    rows = CasePerson.objects.filter(
        person_id__in=person_ids, case__members=viewer.user_id, case__closed_at__isnull=True
    ).values_list("person_id", "case__reference")
    cases: dict[UUID, list[str]] = {}
    for person_id, reference in rows.order_by("case__reference"):
        cases.setdefault(person_id, []).append(reference)
    return cases


def review_entries(viewer: Viewer, pairs: Sequence[ReviewPair]) -> list[QueueEntry]:
    """A page of the queue, each side as the policy allows; audited as a view."""
    chosen = list(
        ReviewPair.objects.filter(pk__in=[p.pk for p in pairs]).select_related(
            "left__agency", "right__agency", "left__person", "right__person"
        )
    )
    by_pk = {p.pk: p for p in chosen}
    records = [r for p in chosen for r in (p.left, p.right)]
    openable = _openable(viewer, records)
    cases = _viewers_cases(viewer, {r.person_id for r in records if r.person_id})
    entries = [
        QueueEntry(
            pair,
            _side(pair.left, openable),
            _side(pair.right, openable),
            tuple(
                sorted({*cases.get(pair.left.person_id, ()), *cases.get(pair.right.person_id, ())})
            ),
        )
        for pair in (by_pk[p.pk] for p in pairs if p.pk in by_pk)
    ]
    if entries:
        audit.record(
            actor=viewer.user,
            verb=Verb.VIEW,
            target_type="link_review_list",
            detail={"route": "link_review_queue", "pairs": [e.pair.pk for e in entries]},
        )
    return entries


def review_pair_for(viewer: Viewer, pair_id: int, *, route: str) -> ReviewPair:
    """The pair, or 404 (audited) whether missing or not the viewer's to review (a record
    whose compared fields they may not see); and only for reviewers."""
    require_reviewer(viewer, route=route)
    pair = (
        _reviewable(viewer)
        .filter(pk=pair_id)
        .select_related("left__agency", "right__agency", "left__person", "right__person")
        .first()
    )
    if pair is None:
        raise refused_as_missing(viewer, "link_review_pair", pair_id, route, message="No such pair")
    return pair


# ---------------------------------------------------------------- a pair side by side


COMPARISON_LABELS = {
    "first_name": "First name",
    "surname": "Surname",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "address": "Address",
    "phone": "Phone",
    "email": "E-mail",
    "handles": "Social media",
    "nhs_number": "NHS number",
    "pnc_id": "PNC id",
    "upn": "Unique Pupil Number",
    "prior": "Starting point",
}


@dataclass(frozen=True)
class Bar:
    """One comparison's bar of the waterfall, with its place on the chart (SVG units)."""

    comparison: str
    level: str
    left_value: str
    right_value: str
    match_weight: float
    x: float
    width: float
    positive: bool

    @property
    def label(self) -> str:
        return COMPARISON_LABELS.get(
            self.comparison, self.comparison.replace("_", " ").capitalize()
        )


@dataclass
class PairView:
    pair: ReviewPair
    left: Side
    right: Side
    bars: list[Bar]
    prior_weight: float
    total_weight: float
    probability: float
    together: bool  # the two records are in one Person now
    decisions: list[LinkDecision]
    axis_zero: float = 0.0  # x of weight 0 on the chart
    prior_bar: Bar | None = None
    chart_width: int = 320  # the bars' span; the chart adds MARGIN each side

    @property
    def svg_width(self) -> int:
        return self.chart_width + 2 * MARGIN

    @property
    def latest_decision_pk(self) -> int | None:
        """The decision that counts now (decisions are newest first), if any."""
        return self.decisions[0].pk if self.decisions else None


MARGIN = 10


def _scale(weights: Sequence[float], prior: float, width: int) -> tuple[float, float]:
    """(x of weight 0, pixels per unit of weight) for a chart of `width` pixels."""
    running, points = prior, [0.0, prior]
    for weight in weights:
        running += weight
        points.append(running)
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    return MARGIN + (-low) * width / span, width / span


def _bars(
    explanation: Sequence[pipeline.Explanation], prior: float, width: int
) -> tuple[list[Bar], float, Bar]:
    """The comparisons' bars, the x of weight 0, and the starting point's bar (0 to the
    prior), each bar starting where the one before ended."""
    weights = [float(e.match_weight) for e in explanation]
    zero, unit = _scale(weights, prior, width)
    start_bar = Bar(
        comparison="prior",
        level="any two records",
        left_value="",
        right_value="",
        match_weight=prior,
        x=round(zero + min(0.0, prior) * unit, 1),
        width=max(round(abs(prior) * unit, 1), 1.0),
        positive=prior >= 0,
    )
    bars: list[Bar] = []
    running = prior
    for item, weight in zip(explanation, weights, strict=True):
        start, end = running, running + weight
        running = end
        bars.append(
            Bar(
                comparison=item.comparison,
                level=item.level,
                left_value=item.left_value,
                right_value=item.right_value,
                match_weight=weight,
                x=round(zero + min(start, end) * unit, 1),
                width=max(round(abs(weight) * unit, 1), 1.0),
                positive=weight >= 0,
            )
        )
    return bars, zero, start_bar


def _explain(pair: ReviewPair) -> tuple[float, float, float, list[pipeline.Explanation]]:
    """(prior weight, total weight, probability, explanation) from the active model."""
    model_row = LinkModelVersion.objects.filter(active=True).first()
    if model_row is None:
        return 0.0, pair.match_weight, pair.match_probability, []
    model = pipeline.LinkModel.from_json(model_row.model_json)
    scored = pipeline.explain(
        model,
        record_mapping(pair.left, pair.left.agency.code),
        record_mapping(pair.right, pair.right.agency.code),
    )
    parts = list(scored.explanation)
    prior = [p for p in parts if p.comparison == "prior"]
    rest = [p for p in parts if p.comparison != "prior"]
    prior_weight = (
        float(prior[0].match_weight)
        if prior
        else (scored.match_weight - sum(float(p.match_weight) for p in rest))
    )
    return prior_weight, float(scored.match_weight), float(scored.match_probability), rest


def review_pair_view(viewer: Viewer, pair: ReviewPair) -> PairView:
    """Both records side by side and the waterfall; audited (one row per person seen)
    before it is returned. `pair` comes from `review_pair_for`: the viewer's to review."""
    openable = _openable(viewer, [pair.left, pair.right])
    left, right = _side(pair.left, openable), _side(pair.right, openable)
    for person_id in dict.fromkeys((pair.left.person_id, pair.right.person_id)):
        audit.record(
            actor=viewer.user,
            verb=Verb.VIEW,
            target_type="link_review_pair",
            target_id=str(pair.pk),
            subject_person=str(person_id),
            detail={"route": "link_review_pair", "records": [left.record_pk, right.record_pk]},
        )
    prior, total, probability, explanation = _explain(pair)
    view = PairView(
        pair,
        left,
        right,
        [],
        prior,
        total,
        probability,
        together=pair.left.person_id == pair.right.person_id,
        decisions=list(
            LinkDecision.objects.filter(left_id=pair.left_id, right_id=pair.right_id)
            .select_related("decided_by")
            .order_by("-pk")
        ),
    )
    view.bars, view.axis_zero, view.prior_bar = _bars(explanation, prior, view.chart_width)
    return view


# ---------------------------------------------------------------- the model and the runs


def active_model() -> LinkModelVersion | None:
    return LinkModelVersion.objects.filter(active=True).first()


def recent_runs(limit: int = 10) -> list[LinkRun]:
    return list(LinkRun.objects.select_related("model", "requested_by")[:limit])


def current_run() -> LinkRun | None:
    return LinkRun.objects.filter(status=LinkRun.Status.RUNNING).first()


def link_counts() -> dict[str, int]:
    """How linking stands (no personal data)."""
    return {
        "links": PersonLink.objects.count(),
        "open_pairs": ReviewPair.objects.filter(state=ReviewPair.State.OPEN).count(),
        "decisions": LinkDecision.objects.count(),
        "unlinked": PersonRecord.objects.filter(link__isnull=True).count(),
    }
