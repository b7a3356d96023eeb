"""The linking pipeline's public face: prepare, train, score, explain, cluster, evaluate
(and the name normalisation trace search shares with the model).

The rest of the hub imports this module and nothing else of the pipeline, so the
pipeline's inside can change without the hub noticing. `records` arguments are frames of
RECORD_COLUMNS (see types.py); frames already passed through `prepare` are accepted as
they are. No Django here: the hub's services call these with data read from
PersonRecords and store what comes back.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from safehub.linking.pipeline import comparisons as design
from safehub.linking.pipeline import household, identifier_checks
from safehub.linking.pipeline import model as models
from safehub.linking.pipeline import splink_adapter as engine
from safehub.linking.pipeline.clustering import DEFAULT_POLICY, ClusterPolicy
from safehub.linking.pipeline.clustering import cluster as _cluster
from safehub.linking.pipeline.features import HANDLES, is_prepared, with_name_rarity
from safehub.linking.pipeline.features import prepare as _prepare
from safehub.linking.pipeline.metrics import evaluate as _evaluate
from safehub.linking.pipeline.model import LinkModel
from safehub.linking.pipeline.names import name_tokens, nickname_keys, phonetic, spelling
from safehub.linking.pipeline.splink_adapter import Backend, DuckDBBackend, SparkBackend
from safehub.linking.pipeline.thresholds import LINK_WEIGHT, MIN_WEIGHT, REVIEW_BAND
from safehub.linking.pipeline.types import (
    RECORD_COLUMNS,
    ClusterResult,
    Decision,
    Explanation,
    Metrics,
    PairScore,
)

__all__ = [
    "HANDLES",
    "LINK_WEIGHT",
    "MIN_WEIGHT",
    "RECORD_COLUMNS",
    "REVIEW_BAND",
    "Backend",
    "ClusterPolicy",
    "ClusterResult",
    "Decision",
    "DuckDBBackend",
    "Explanation",
    "LinkModel",
    "Metrics",
    "PairScore",
    "SparkBackend",
    "cluster",
    "evaluate",
    "explain",
    "explain_every_pair",
    "name_tokens",
    "nickname_keys",
    "phonetic",
    "prepare",
    "score",
    "score_new",
    "spelling",
    "train",
]

PAIR_COLUMNS = ["left_id", "right_id", "match_weight", "match_probability"]
_PRIOR = 1e-4  # before training; estimated from the data by `train`


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """RECORD_COLUMNS in -> the features the model compares (pure pandas)."""
    return _prepare(records)


def _features(records: pd.DataFrame) -> pd.DataFrame:
    return records if is_prepared(records) else _prepare(records)


def _scored(model: LinkModel, records: pd.DataFrame) -> pd.DataFrame:
    """The features a model scores: names rare or common by the model's own counts."""
    return with_name_rarity(_features(records), model.term_frequencies.get("first_name", {}))


def train(
    records: pd.DataFrame,
    *,
    seed: int = 1,
    backend: Backend | None = None,
    labels: Sequence[Decision] = (),
) -> LinkModel:
    """Estimate u by random sampling, m by EM (and reviewers' `same` labels)."""
    features = _features(records)
    frequencies = models.term_frequencies(features)
    features = with_name_rarity(features, frequencies.get("first_name", {}))
    same = [(d.left_id, d.right_id) for d in labels if d.verdict == "same"]
    sample = models.training_sample(features, seed=seed, keep={i for pair in same for i in pair})
    comparisons = models.learnable(features)
    settings = engine.settings_for(comparisons, design.BLOCKING_RULES, _PRIOR)
    run = engine.train(
        sample,
        settings=settings,
        term_frequencies=frequencies,
        seed=seed,
        backend=backend or engine.default_backend(),
        deterministic_rules=design.DETERMINISTIC_RULES,
        deterministic_recall=design.DETERMINISTIC_RECALL,
        em_rules=design.EM_TRAINING_RULES,
        u_pairs=models.u_sample_size(len(sample)),
        em_pairs=models.EM_MAX_PAIRS,
        same_pairs=same,
    )
    trained = models.with_floors(models.with_ceilings(models.with_fixed_u(run.settings)))
    share = round(household.birthday_share(features), 4)
    mistyped = identifier_checks.mistyped_identifiers(features)
    training = {
        "records": len(features),
        "training_sample": len(sample),
        "seed": seed,
        "u_max_pairs": run.u_pairs,
        "em_sessions": run.em_sessions,
        "labelled_same_pairs": run.labelled_pairs,
        "identifiers_m_learned": [c.name for c in comparisons if c.identifier and not c.fixed_m],
        "deterministic_rules": list(design.DETERMINISTIC_RULES),
        "deterministic_recall": design.DETERMINISTIC_RECALL,
        "birthday_share": share,
        "twins_apart": household.twins_apart(share),
        "mistyped_identifiers": list(mistyped),
    }
    checks = {"birthday_share": share, "mistyped_identifiers": list(mistyped)}
    return LinkModel(
        version=models.version_of(trained, frequencies, checks=checks),
        settings=trained,
        summary=models.summarise(trained, training=training, term_frequencies=frequencies),
        term_frequencies=frequencies,
        birthday_share=share,
        mistyped_identifiers=mistyped,
    )


def score(
    model: LinkModel, records: pd.DataFrame, *, min_weight: float, backend: Backend | None = None
) -> pd.DataFrame:
    """All candidate pairs above `min_weight`: left_id < right_id, weight, probability."""
    pairs = engine.predict(
        _scored(model, records),
        settings=model.settings,
        term_frequencies=model.term_frequencies,
        min_weight=min_weight,
        backend=backend or engine.default_backend(),
    )
    return _ordered(_corrected(pairs, min_weight, twins=model.twins_apart))


def score_new(
    model: LinkModel,
    existing: pd.DataFrame,
    new: pd.DataFrame,
    *,
    min_weight: float,
    backend: Backend | None = None,
) -> pd.DataFrame:
    """Incremental: pairs of a new record with an existing one or another new one."""
    if new.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c.endswith("_id") else "float64") for c in PAIR_COLUMNS}
        )
    if existing.empty:
        return score(model, new, min_weight=min_weight, backend=backend)
    pairs = engine.predict_new(
        _scored(model, existing),
        _scored(model, new),
        settings=model.settings,
        term_frequencies=model.term_frequencies,
        min_weight=min_weight,
        backend=backend or engine.default_backend(),
    )
    return _ordered(_corrected(pairs, min_weight, twins=model.twins_apart))


def _corrected(pairs: pd.DataFrame, min_weight: float, *, twins: bool) -> pd.DataFrame:
    """The model's weights with the household correction, still above `min_weight`."""
    weight = pairs["match_weight"].to_numpy(dtype="float64")
    weight = weight + household.correction(pairs, twins=twins)
    out = pairs[["left_id", "right_id"]].copy()
    out["match_weight"] = weight
    out["match_probability"] = _probability(weight)
    return out[weight >= min_weight]


def _probability(weight: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-weight))


def _ordered(pairs: pd.DataFrame) -> pd.DataFrame:
    left = pairs["left_id"].astype("int64")
    right = pairs["right_id"].astype("int64")
    out = pd.DataFrame(
        {
            "left_id": left.where(left < right, right),
            "right_id": right.where(left < right, left),
            "match_weight": pairs["match_weight"].astype("float64"),
            "match_probability": pairs["match_probability"].astype("float64"),
        }
    )
    out = out.drop_duplicates(["left_id", "right_id"])
    return out.sort_values(["left_id", "right_id"], ignore_index=True)[PAIR_COLUMNS]


def explain(model: LinkModel, left: Mapping[str, str], right: Mapping[str, str]) -> PairScore:
    """The waterfall of one pair: the prior, then each comparison's level and weight."""
    left_id, right_id = _record_id(left, 1), _record_id(right, 2)
    frames = [
        _scored(model, pd.DataFrame([_record(r, i)]))
        for r, i in ((left, left_id), (right, right_id))
    ]
    row = engine.score_pair(
        frames[0], frames[1], settings=model.settings, term_frequencies=model.term_frequencies
    )
    return _explained(model, row, (left_id, left), (right_id, right))


def explain_every_pair(model: LinkModel, records: Sequence[Mapping[str, str]]) -> list[PairScore]:
    """The waterfall of every pair of a few records (one person's), in one session.
    Each record needs its `unique_id`; pairs come as (lower id, higher id)."""
    by_id = {_record_id(r, 0): r for r in records}
    if len(by_id) < 2:
        return []
    frame = _scored(model, pd.DataFrame([_record(r, i) for i, r in by_id.items()]))
    rows = engine.score_every_pair(
        frame, settings=model.settings, term_frequencies=model.term_frequencies
    )
    scores = []
    for row in rows:
        low, high = sorted((int(row["unique_id_l"]), int(row["unique_id_r"])))
        scores.append(_explained(model, row, (low, by_id[low]), (high, by_id[high])))
    return sorted(scores, key=lambda s: (s.left_id, s.right_id))


def _explained(
    model: LinkModel,
    row: Mapping[str, Any],
    left: tuple[int, Mapping[str, str]],
    right: tuple[int, Mapping[str, str]],
) -> PairScore:
    """A scored row (every intermediate column) as the prior and each comparison's bar."""
    (left_id, left_record), (right_id, right_record) = left, right
    prior = engine.probability_two_random_records_match(model.settings)
    bars = [
        Explanation(
            "prior",
            "probability that two records are the same person",
            "",
            "",
            prior / (1 - prior),
            math.log2(prior / (1 - prior)),
        )
    ]
    shows = {c.name: c.shows for c in design.COMPARISONS}
    weights: dict[str, float] = {}
    for name, labels in _level_labels(model).items():
        weight = float(row[f"mw_{name}"]) + float(row.get(f"mw_tf_adj_{name}") or 0.0)
        weights[name] = weight
        bars.append(
            Explanation(
                comparison=name,
                level=labels.get(int(row[f"gamma_{name}"]), ""),
                left_value=_shown(left_record, shows.get(name, ())),
                right_value=_shown(right_record, shows.get(name, ())),
                bayes_factor=2.0**weight,
                match_weight=weight,
            )
        )
    total = float(row["match_weight"])
    correction = household.pair_correction(weights, twins=model.twins_apart)
    if correction:
        bars.append(Explanation("household", household.LABEL, "", "", 2.0**correction, correction))
        total += correction
    return PairScore(
        left_id=left_id,
        right_id=right_id,
        match_weight=total,
        match_probability=float(_probability(np.array([total]))[0]),
        explanation=tuple(bars),
    )


def _record_id(record: Mapping[str, str], default: int) -> int:
    value = str(record.get("unique_id", "") or "").strip()
    return int(value) if value.lstrip("-").isdigit() else default


def _record(record: Mapping[str, str], unique_id: int) -> dict[str, object]:
    row: dict[str, object] = {c: str(record.get(c, "") or "") for c in (*RECORD_COLUMNS, HANDLES)}
    row["unique_id"] = unique_id
    return row


def _level_labels(model: LinkModel) -> dict[str, dict[int, str]]:
    """The model's comparisons, in order -> comparison vector value -> level label.

    Splink numbers a comparison's levels from the last (0) up, the null level -1.
    """
    levels: dict[str, list[str]] = {}
    for level in engine.level_parameters(model.settings):
        if not level.null:
            levels.setdefault(level.comparison, []).append(level.level)
    return {
        name: {len(labels) - 1 - at: label for at, label in enumerate(labels)}
        | {-1: "missing on either record"}
        for name, labels in levels.items()
    }


def _shown(record: Mapping[str, str], columns: Sequence[str]) -> str:
    values = [str(record.get(c, "") or "").strip() for c in columns]
    return " · ".join(v for v in values if v)


def cluster(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    *,
    link_weight: float,
    review_band: tuple[float, float],
    decisions: Sequence[Decision] = (),
    previous: Mapping[int, str] | None = None,
    policy: ClusterPolicy = DEFAULT_POLICY,
    model: LinkModel | None = None,
) -> ClusterResult:
    """Persons from scored pairs, resisting chaining; decisions override; keys stable.
    With the `model` that scored them, what it learned of the data's identifiers counts."""
    if model is not None:
        policy = replace(policy, mistyped_identifiers=model.mistyped_identifiers)
    return _cluster(
        records,
        pairs,
        link_weight=link_weight,
        review_band=review_band,
        decisions=decisions,
        previous=previous,
        policy=policy,
    )


def evaluate[K: Hashable](predicted: Mapping[K, str], truth: Mapping[K, str]) -> Metrics:
    """Pairwise precision, recall, F1 and B-cubed of a clustering against the truth."""
    return _evaluate(predicted, truth)
