"""The values that cross the pipeline's boundary (pure Python, no Django, no Splink)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# One row per person record, as the hub hands them to the pipeline. `unique_id` is the
# PersonRecord's primary key; every other column is text ("" when unknown) as imported:
# `date_of_birth` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `other_names`, `phone` and
# `email` are `;`-separated.
RECORD_COLUMNS = (
    "unique_id",
    "agency",
    "record_id",
    "family_name",
    "given_names",
    "other_names",
    "date_of_birth",
    "sex",
    "postcode",
    "address",
    "phone",
    "email",
    "nhs_number",
    "pnc_id",
    "upn",
)

Verdict = Literal["same", "different", "unsure"]


@dataclass(frozen=True)
class Decision:
    """A reviewer's judgement on a pair; it overrides the model, and is a label."""

    left_id: int
    right_id: int
    verdict: Verdict


@dataclass(frozen=True)
class Explanation:
    """One comparison's part in a pair's match weight: a bar of the waterfall."""

    comparison: str  # e.g. "date_of_birth"
    level: str  # e.g. "day and month transposed"
    left_value: str
    right_value: str
    bayes_factor: float
    match_weight: float  # log2(bayes_factor)


@dataclass(frozen=True)
class PairScore:
    left_id: int
    right_id: int
    match_weight: float
    match_probability: float
    explanation: tuple[Explanation, ...] = ()


@dataclass(frozen=True)
class Metrics:
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    true_pairs: int
    predicted_pairs: int
    records: int


@dataclass(frozen=True)
class ClusterResult:
    """Which cluster each record belongs to, and which pairs a person should review."""

    assignment: dict[int, str]  # record id -> cluster key (stable)
    review: list[PairScore] = field(default_factory=list)
    new_clusters: int = 0
    split_clusters: int = 0  # clusters broken apart to stop chaining
