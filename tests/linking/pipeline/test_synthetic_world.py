"""The whole pipeline on a small synthetic world, against its ground truth."""

from __future__ import annotations

import pandas as pd

from safehub.linking.pipeline import facade


def test_pipeline_reaches_f1_above_point_nine_on_a_small_world(
    world: tuple[pd.DataFrame, dict[int, str]], model: facade.LinkModel
) -> None:
    records, truth = world
    pairs = facade.score(model, records, min_weight=facade.MIN_WEIGHT)
    result = facade.cluster(
        records, pairs, link_weight=facade.LINK_WEIGHT, review_band=facade.REVIEW_BAND
    )
    metrics = facade.evaluate(result.assignment, truth)
    assert metrics.pairwise_f1 >= 0.9, metrics
    assert metrics.bcubed_f1 >= 0.95, metrics
    assert set(result.assignment) == set(truth)
