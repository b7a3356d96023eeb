"""Linking a new extract against existing records without re-scoring everything."""

from __future__ import annotations

import pandas as pd

from safehub.linking.pipeline import facade

PairSet = dict[tuple[int, int], float]


def as_dict(pairs: pd.DataFrame) -> PairSet:
    return {
        (int(a), int(b)): float(w)
        for a, b, w in zip(pairs["left_id"], pairs["right_id"], pairs["match_weight"], strict=True)
    }


def test_score_new_finds_the_full_runs_pairs_for_the_new_records(
    world: tuple[pd.DataFrame, dict[int, str]], model: facade.LinkModel
) -> None:
    records, _truth = world
    is_new = records["agency"] == "voluntary"
    new_ids = set(records.loc[is_new, "unique_id"].astype(int))
    full = as_dict(facade.score(model, records, min_weight=-5))
    incremental = facade.score_new(model, records[~is_new], records[is_new], min_weight=-5)
    expected = {pair: w for pair, w in full.items() if new_ids & set(pair)}
    assert expected, "the world's voluntary records should match something"
    found = as_dict(incremental)
    assert found.keys() == expected.keys()
    assert all(abs(found[p] - expected[p]) < 1e-9 for p in found)
    assert (incremental["left_id"] < incremental["right_id"]).all()


def test_incremental_cluster_keeps_existing_person_keys(
    world: tuple[pd.DataFrame, dict[int, str]], model: facade.LinkModel
) -> None:
    records, _truth = world
    is_new = records["agency"] == "voluntary"
    before = facade.cluster(
        records[~is_new],
        facade.score(model, records[~is_new], min_weight=-5),
        link_weight=facade.LINK_WEIGHT,
        review_band=facade.REVIEW_BAND,
    )
    previous = {r: f"person-{k}" for r, k in before.assignment.items()}
    old_pairs = facade.score(model, records[~is_new], min_weight=-5)
    new_pairs = facade.score_new(model, records[~is_new], records[is_new], min_weight=-5)
    after = facade.cluster(
        records,
        pd.concat([old_pairs, new_pairs], ignore_index=True),
        link_weight=facade.LINK_WEIGHT,
        review_band=facade.REVIEW_BAND,
        previous=previous,
    )
    kept = sum(after.assignment[r] == key for r, key in previous.items())
    assert kept / len(previous) > 0.99
    assert after.new_clusters <= int(is_new.sum())


def test_score_new_with_nothing_new_or_nothing_old(
    world: tuple[pd.DataFrame, dict[int, str]], model: facade.LinkModel
) -> None:
    records, _truth = world
    none = facade.score_new(model, records, records.iloc[:0], min_weight=-5)
    assert none.empty
    assert list(none.columns) == ["left_id", "right_id", "match_weight", "match_probability"]
    first = records[records["unique_id"] <= 200]
    assert as_dict(facade.score_new(model, first.iloc[:0], first, min_weight=-5)) == as_dict(
        facade.score(model, first, min_weight=-5)
    )
