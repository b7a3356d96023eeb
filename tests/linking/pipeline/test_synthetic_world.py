"""The whole pipeline on a small synthetic world, against its ground truth."""

from __future__ import annotations

import pandas as pd

from safehub.linking.pipeline import api


def test_pipeline_reaches_f1_above_point_nine_on_a_small_world(
    world: tuple[pd.DataFrame, dict[int, str]], model: api.LinkModel
) -> None:
    records, truth = world
    pairs = api.score(model, records, min_weight=api.MIN_WEIGHT)
    result = api.cluster(records, pairs, link_weight=api.LINK_WEIGHT, review_band=api.REVIEW_BAND)
    metrics = api.evaluate(result.assignment, truth)
    assert metrics.pairwise_f1 >= 0.9, metrics
    assert metrics.bcubed_f1 >= 0.95, metrics
    assert set(result.assignment) == set(truth)
