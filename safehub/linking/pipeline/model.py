"""The trained linkage model: versioned, JSON-serialisable and readable by a person."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from safehub.linking.pipeline import household
from safehub.linking.pipeline import splink_adapter as engine
from safehub.linking.pipeline.comparisons import COMPARISONS, Comparison
from safehub.linking.pipeline.thresholds import LINK_WEIGHT, MIN_WEIGHT, REVIEW_BAND

MODEL_FORMAT = "safehub-link-model/1"
TF_COLUMNS = ("first_name", "surname")
TF_MAX_VALUES = 200_000  # the commonest names; rarer ones take the level's average weight
TF_MIN_COUNT = 2


EM_MAX_PAIRS = 2_000_000  # per EM session: plenty to estimate m, bounded at any scale
TRAINING_RECORDS = 100_000


# An identifier's m is learned when at least two agencies each hold it on this many
# records: then pairs of one person's records showing it twice are common enough for EM.
SHARED_IDENTIFIER_RECORDS = 200


def learnable(
    features: pd.DataFrame, comparisons: Sequence[Comparison] = COMPARISONS
) -> tuple[Comparison, ...]:
    """The comparisons, with m learned for identifiers that several agencies share."""

    def shared(comparison: Comparison) -> bool:
        if not (comparison.fixed_m and comparison.identifier):
            return False
        held = features.loc[features[comparison.identifier].notna(), "agency"]
        return int((held.value_counts() >= SHARED_IDENTIFIER_RECORDS).sum()) >= 2

    return tuple(replace(c, fixed_m=False) if shared(c) else c for c in comparisons)


def training_sample(
    features: pd.DataFrame, *, seed: int, keep: Collection[int] = ()
) -> pd.DataFrame:
    """At most TRAINING_RECORDS records, drawn at random, to train on.

    Sampling records keeps every estimate unbiased: u comes from random pairs anyway, the
    share of pairs that match is the same in a uniform sample (matches and pairs both
    shrink by the square of the fraction), and a sample of 100,000 holds thousands of
    matching pairs for EM. Training then costs the same at any scale; the
    name frequencies still come from every record. Records in `keep` (those reviewers
    labelled) are always in.
    """
    if len(features) <= TRAINING_RECORDS:
        return features
    kept = features["unique_id"].isin(list(keep))
    rest = features[~kept].sample(n=max(0, TRAINING_RECORDS - int(kept.sum())), random_state=seed)
    return pd.concat([features[kept], rest], ignore_index=True)


def u_sample_size(records: int) -> int:
    """Random pairs for u: enough to see rare agreements (dates of birth) hundreds of
    times, bounded so training stays a small part of a million-record run."""
    return int(min(5e6, max(5e5, 5 * records)))


@dataclass(frozen=True)
class LinkModel:
    """A trained model: Splink's settings (m and u per level), name frequencies, summary."""

    version: str  # "<trained at, UTC>-<sha12 of settings and frequencies>"
    settings: dict[str, object]
    summary: dict[str, object]
    term_frequencies: dict[str, dict[str, float]] = field(default_factory=dict)
    # household.birthday_share of the training records; None (a model saved before it was
    # measured) keeps the twin rule.
    birthday_share: float | None = None
    # identifier_checks.mistyped_identifiers of the training records.
    mistyped_identifiers: tuple[str, ...] = ()

    @property
    def twins_apart(self) -> bool:
        return household.twins_apart(self.birthday_share)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": MODEL_FORMAT,
                "version": self.version,
                "settings": self.settings,
                "summary": self.summary,
                "term_frequencies": self.term_frequencies,
                "birthday_share": self.birthday_share,
                "mistyped_identifiers": list(self.mistyped_identifiers),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> LinkModel:
        data = json.loads(text)
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a {MODEL_FORMAT} model: {data.get('format')!r}")
        return cls(
            version=data["version"],
            settings=data["settings"],
            summary=data["summary"],
            term_frequencies=data["term_frequencies"],
            birthday_share=data.get("birthday_share"),
            mistyped_identifiers=tuple(data.get("mistyped_identifiers", ())),
        )


def term_frequencies(features: pd.DataFrame) -> dict[str, dict[str, float]]:
    """How common each first name and surname is among the training records."""
    out: dict[str, dict[str, float]] = {}
    for column in TF_COLUMNS:
        counts = features[column].dropna().value_counts()
        total = int(counts.sum())
        kept = counts[counts >= TF_MIN_COUNT].head(TF_MAX_VALUES)
        out[column] = {str(v): float(c) / total for v, c in kept.items()} if total else {}
    return out


def with_fixed_u(
    settings: Mapping[str, Any], comparisons: Sequence[Comparison] = COMPARISONS
) -> dict[str, Any]:
    """The design's u, back on the levels of comparisons that keep it (`fixed_u`)."""
    u = {
        (c.name, level.label): level.u
        for c in comparisons
        if c.fixed_u
        for level in c.levels
        if not level.null
    }
    return engine.with_u_probabilities(settings, u)


def with_floors(
    settings: Mapping[str, Any], comparisons: Sequence[Comparison] = COMPARISONS
) -> dict[str, Any]:
    """Cap the evidence against of each comparison that has a floor.

    A level below its floor gets m = u * 2^floor; the comparison's other levels give up
    that mass in proportion, so m still sums to one.
    """
    floors = {c.name: c.floor_weight for c in comparisons}
    levels = engine.level_parameters(settings)
    new_m: dict[tuple[str, str], float] = {}
    for name, floor in floors.items():
        mine = [
            p
            for p in levels
            if p.comparison == name and not p.null and p.m is not None and p.u is not None
        ]
        raised = {
            p.level: p.u * 2.0**floor
            for p in mine
            if p.m is not None and p.u is not None and _weight(p.m, p.u) < floor
        }
        if not raised:
            continue
        rest = [p for p in mine if p.level not in raised]
        spare = 1.0 - sum(raised.values())
        total_rest = sum(p.m or 0.0 for p in rest)
        for p in rest:
            new_m[(name, p.level)] = (p.m or 0.0) * spare / total_rest if total_rest else 0.0
        for level, m in raised.items():
            new_m[(name, level)] = m
    return engine.with_m_probabilities(settings, new_m)


ORDERED_STEP = 0.5  # bits an ordered comparison's other levels stay below its first


def with_ceilings(
    settings: Mapping[str, Any], comparisons: Sequence[Comparison] = COMPARISONS
) -> dict[str, Any]:
    """In an `ordered` comparison, no level's weight exceeds the first (the exact
    agreement) less half a bit: a difference, however small, is a little doubt. The m
    taken off goes to the last level ("all other")."""
    ordered = {c.name for c in comparisons if c.ordered}
    levels = engine.level_parameters(settings)
    new_m: dict[tuple[str, str], float] = {}
    for name in ordered:
        mine = [
            p
            for p in levels
            if p.comparison == name and not p.null and p.m is not None and p.u is not None
        ]
        if len(mine) < 3:
            continue
        ceiling = _weight(mine[0].m or 0.0, mine[0].u or 0.0) - ORDERED_STEP
        spare = 0.0
        for p in mine[1:-1]:
            m, u = p.m or 0.0, p.u or 0.0
            if _weight(m, u) > ceiling:
                new_m[(name, p.level)] = u * 2.0**ceiling
                spare += m - new_m[(name, p.level)]
        if spare > 0:
            new_m[(name, mine[-1].level)] = (mine[-1].m or 0.0) + spare
    return engine.with_m_probabilities(settings, new_m) if new_m else dict(settings)


def _weight(m: float, u: float) -> float:
    if m <= 0:
        return -math.inf
    return math.log2(m / u) if u > 0 else math.inf


def summarise(
    settings: Mapping[str, Any],
    *,
    training: Mapping[str, Any],
    term_frequencies: Mapping[str, Mapping[str, float]],
    comparisons: Sequence[Comparison] = COMPARISONS,
) -> dict[str, object]:
    """What a person inspecting the model needs, without reading Splink's JSON."""
    by_name = {c.name: c for c in comparisons}
    rows: dict[str, list[dict[str, object]]] = {}
    for p in engine.level_parameters(settings):
        level: dict[str, object] = {"level": p.level, "null": p.null}
        if not p.null and p.m is not None and p.u is not None:
            weight = _weight(p.m, p.u)
            level.update(
                m=p.m, u=p.u, match_weight=round(weight, 3) if math.isfinite(weight) else None
            )
        rows.setdefault(p.comparison, []).append(level)
    prior = engine.probability_two_random_records_match(settings)
    return {
        "comparisons": [
            {
                "name": name,
                "description": by_name[name].description,
                "floor_weight": by_name[name].floor_weight,
                "levels": levels,
            }
            for name, levels in rows.items()
        ],
        "probability_two_random_records_match": prior,
        "prior_match_weight": math.log2(prior / (1 - prior)),
        "blocking_rules": [
            r["blocking_rule"] if isinstance(r, Mapping) else r
            for r in settings["blocking_rules_to_generate_predictions"]
        ],
        "training": dict(training),
        "term_frequencies": {c: len(v) for c, v in term_frequencies.items()},
        "thresholds": {
            "link_weight": LINK_WEIGHT,
            "review_band": list(REVIEW_BAND),
            "min_weight": MIN_WEIGHT,
        },
        "environment": engine.environment(),
    }


def version_of(
    settings: Mapping[str, Any],
    term_frequencies: Mapping[str, Mapping[str, float]],
    trained_at: datetime | None = None,
    checks: Mapping[str, object] | None = None,
) -> str:
    content = {"settings": settings, "tf": term_frequencies, **(checks or {})}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    when = (trained_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{when}-{digest[:12]}"
