"""The same model on Splink's Spark backend (pyspark, local mode) finds the same Persons."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from safehub.linking.pipeline import facade

# The Spark session is tests/conftest.py's (one per worker, shared with the link run's test).
pytestmark = pytest.mark.slow


def test_spark_scores_and_clusters_like_duckdb(
    spark: Any, world: tuple[pd.DataFrame, dict[int, str]], model: facade.LinkModel
) -> None:
    records, _truth = world
    sample = records[records["unique_id"] <= 400]
    on_duckdb = facade.score(model, sample, min_weight=facade.MIN_WEIGHT)
    on_spark = facade.score(
        model, sample, min_weight=facade.MIN_WEIGHT, backend=facade.SparkBackend(spark)
    )
    assert len(on_duckdb) > 20
    merged = on_duckdb.merge(
        on_spark,
        on=["left_id", "right_id"],
        how="outer",
        suffixes=("_duckdb", "_spark"),
        indicator=True,
    )
    assert (merged["_merge"] == "both").all()
    assert (merged["match_weight_duckdb"] - merged["match_weight_spark"]).abs().max() < 1e-6

    def persons(pairs: pd.DataFrame) -> set[frozenset[int]]:
        result = facade.cluster(
            sample, pairs, link_weight=facade.LINK_WEIGHT, review_band=facade.REVIEW_BAND
        )
        by_key: dict[str, set[int]] = {}
        for record, key in result.assignment.items():
            by_key.setdefault(key, set()).add(record)
        return {frozenset(v) for v in by_key.values()}

    assert persons(on_duckdb) == persons(on_spark)
