"""Pairwise precision and recall by kind of person and by where the pair sits.

An average hides the people the hub exists for: victims and offenders have more records,
often several in one agency, and are the hardest to link. So a clustering is judged
separately for each kind of person (victims, offenders, other young people, other
adults) and for pairs inside one agency apart from pairs across two.

Counted from cluster sizes, never by listing pairs, so a million records cost seconds:

- a true pair belongs to the kind of its person; it is *found* when both records share a
  predicted cluster;
- a predicted pair touches a kind when either record's true person is of that kind; its
  precision is the share of those pairs that are truly one person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

KINDS = ("victim", "offender", "other young person", "other adult")
SCOPES = ("within one agency", "across agencies")


@dataclass(frozen=True)
class PairCounts:
    true_pairs: int
    predicted_pairs: int
    found: int  # true pairs inside one predicted cluster (for recall)
    correct: int  # predicted pairs that are one true person (for precision)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def kind_of(person: Mapping[str, object]) -> str:
    """A ground-truth person's kind: victims first, then offenders, by age group."""
    if person.get("victim"):
        return "victim"
    if person.get("offender"):
        return "offender"
    return "other young person" if person.get("kind") == "young_person" else "other adult"


def breakdown[K: Hashable](
    predicted: Mapping[K, str],
    truth: Mapping[K, str],
    kind: Mapping[str, str],
    agency: Mapping[K, str],
) -> dict[str, PairCounts]:
    """PairCounts for every kind, every scope and each (kind, scope), plus "all".

    `truth` maps records to true persons, `kind` persons to a kind (KINDS), `agency`
    records to the agency holding them. Records the prediction leaves out stand alone.
    """
    records = list(truth)
    cluster = {r: predicted.get(r, f"\x00alone:{r!r}") for r in records}
    kind_of_record = {r: kind.get(truth[r], "other adult") for r in records}

    def count(*parts: Mapping[K, str]) -> Counter[tuple[str, ...]]:
        return Counter(tuple(part[r] for part in parts) for r in records)

    tallies = _Tallies()
    tallies.pairs(count(truth, kind_of_record), "true_pairs", within=False)
    tallies.pairs(count(truth, agency, kind_of_record), "true_pairs", within=True)
    for field in ("found", "correct"):
        tallies.pairs(count(truth, cluster, kind_of_record), field, within=False)
        tallies.pairs(count(truth, cluster, agency, kind_of_record), field, within=True)
    tallies.touching(count(cluster, kind_of_record), count(cluster), within=False)
    tallies.touching(count(cluster, agency, kind_of_record), count(cluster, agency), within=True)

    counts = {group: t.freeze() for group, t in tallies.groups.items()}
    # Across agencies: whatever is not within one agency.
    for whole, inside, across in [
        ("all", SCOPES[0], SCOPES[1]),
        *((k, f"{k}, {SCOPES[0]}", f"{k}, {SCOPES[1]}") for k in KINDS),
    ]:
        if whole in counts:
            counts[across] = _minus(counts[whole], counts.get(inside))
    order = ["all", *KINDS, *SCOPES, *(f"{k}, {s}" for k in KINDS for s in SCOPES)]
    return {group: counts[group] for group in order if group in counts}


class _Tallies:
    """Pair counts per group; keys of the counters end with the records' kind."""

    def __init__(self) -> None:
        self.groups: dict[str, _Tally] = {}

    def add(self, group: str, field: str, pairs: int) -> None:
        self.groups.setdefault(group, _Tally()).add(field, pairs)

    def pairs(self, keys: Counter[tuple[str, ...]], field: str, *, within: bool) -> None:
        """n records under one key give n*(n-1)/2 pairs to `field`, for all and the kind."""
        for key, n in keys.items():
            scope = f", {SCOPES[0]}" if within else ""
            self.add(SCOPES[0] if within else "all", field, _pairs(n))
            self.add(f"{key[-1]}{scope}", field, _pairs(n))

    def touching(
        self, keys: Counter[tuple[str, ...]], groups: Counter[tuple[str, ...]], *, within: bool
    ) -> None:
        """Predicted pairs: all a group's pairs, and those touching each kind in it (all
        the group's pairs less those among the other kinds)."""
        scope = f", {SCOPES[0]}" if within else ""
        for key, n in keys.items():
            total = groups[key[:-1]]
            self.add(f"{key[-1]}{scope}", "predicted_pairs", _pairs(total) - _pairs(total - n))
        for n in groups.values():
            self.add(SCOPES[0] if within else "all", "predicted_pairs", _pairs(n))


class _Tally:
    def __init__(self) -> None:
        self.true_pairs = self.predicted_pairs = self.found = self.correct = 0

    def add(self, field: str, pairs: int) -> None:
        setattr(self, field, getattr(self, field) + pairs)

    def freeze(self) -> PairCounts:
        return PairCounts(self.true_pairs, self.predicted_pairs, self.found, self.correct)


def _minus(whole: PairCounts, part: PairCounts | None) -> PairCounts:
    if part is None:
        return whole
    return PairCounts(
        whole.true_pairs - part.true_pairs,
        whole.predicted_pairs - part.predicted_pairs,
        whole.found - part.found,
        whole.correct - part.correct,
    )


def _pairs(n: int) -> int:
    return n * (n - 1) // 2
