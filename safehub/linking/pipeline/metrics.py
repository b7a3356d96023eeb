"""How good a clustering is against the truth: pairwise and B-cubed precision and recall.

Records are judged on the truth's records: one the prediction does not mention is a
cluster of its own there (nothing was linked to it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping

from safehub.linking.pipeline.types import Metrics


def evaluate[K: Hashable](predicted: Mapping[K, str], truth: Mapping[K, str]) -> Metrics:
    """Pairwise precision/recall/F1 over same-person pairs, and B-cubed per record."""
    records = list(truth)
    predicted_of = {r: predicted.get(r, _alone(r)) for r in records}
    true_sizes = Counter(truth[r] for r in records)
    predicted_sizes = Counter(predicted_of[r] for r in records)
    both_sizes = Counter((truth[r], predicted_of[r]) for r in records)

    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    predicted_pairs = sum(_pairs(n) for n in predicted_sizes.values())
    correct_pairs = sum(_pairs(n) for n in both_sizes.values())
    precision = correct_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = correct_pairs / true_pairs if true_pairs else 1.0

    # B-cubed: for each record, the share of its predicted cluster that is truly its
    # person (precision) and the share of its person found in its cluster (recall).
    b_precision = b_recall = 0.0
    for (person, cluster), overlap in both_sizes.items():
        b_precision += overlap * overlap / predicted_sizes[cluster]
        b_recall += overlap * overlap / true_sizes[person]
    n = len(records)
    b_precision = b_precision / n if n else 1.0
    b_recall = b_recall / n if n else 1.0
    return Metrics(
        pairwise_precision=precision,
        pairwise_recall=recall,
        pairwise_f1=_f1(precision, recall),
        bcubed_precision=b_precision,
        bcubed_recall=b_recall,
        bcubed_f1=_f1(b_precision, b_recall),
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        records=n,
    )


def _alone(record: object) -> str:
    return f"\x00unlinked:{record!r}"


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0
