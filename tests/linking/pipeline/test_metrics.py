"""Pairwise and B-cubed precision and recall on examples worked by hand."""

from __future__ import annotations

import pytest

from safehub.linking.pipeline import facade


def test_perfect_clustering_scores_one() -> None:
    truth = {1: "a", 2: "a", 3: "b"}
    metrics = facade.evaluate({1: "x", 2: "x", 3: "y"}, truth)
    assert metrics.pairwise_f1 == metrics.bcubed_f1 == 1.0
    assert (metrics.true_pairs, metrics.predicted_pairs, metrics.records) == (1, 1, 3)


def test_one_false_merge() -> None:
    # Truth: {1,2} {3}; predicted: {1,2,3}. Pairs: 1 true, 3 predicted, 1 correct.
    metrics = facade.evaluate({1: "x", 2: "x", 3: "x"}, {1: "a", 2: "a", 3: "b"})
    assert metrics.pairwise_precision == pytest.approx(1 / 3)
    assert metrics.pairwise_recall == 1.0
    assert metrics.pairwise_f1 == pytest.approx(0.5)
    # B-cubed precision: records 1 and 2 see 2/3 of their cluster right, record 3 1/3.
    assert metrics.bcubed_precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert metrics.bcubed_recall == 1.0


def test_one_missed_link() -> None:
    # Truth: {1,2,3}; predicted: {1,2} {3}. Pairs: 3 true, 1 predicted, 1 correct.
    metrics = facade.evaluate({1: "x", 2: "x", 3: "y"}, {1: "a", 2: "a", 3: "a"})
    assert metrics.pairwise_precision == 1.0
    assert metrics.pairwise_recall == pytest.approx(1 / 3)
    assert metrics.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def test_records_the_prediction_omits_count_as_unlinked() -> None:
    metrics = facade.evaluate({1: "x"}, {1: "a", 2: "a"})
    assert metrics.pairwise_recall == 0.0
    assert metrics.pairwise_precision == 1.0  # nothing predicted, nothing wrong
    assert metrics.records == 2


def test_cluster_names_do_not_matter() -> None:
    truth = {"r1": "p", "r2": "p", "r3": "q", "r4": "q"}
    left = facade.evaluate({"r1": "A", "r2": "A", "r3": "B", "r4": "C"}, truth)
    right = facade.evaluate({"r1": "9", "r2": "9", "r3": "new:1", "r4": "new:2"}, truth)
    assert left == right
