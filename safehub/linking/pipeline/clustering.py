"""Scored pairs -> Persons, without the chaining of connected components.

Connected components joins two people as soon as one weak link bridges them, and a
common name bridges many. Here links are taken strongest first, and a merge of two
clusters happens only when

- no reviewer said two of their records are different people,
- no two records of one agency across the merge contradict each other: their
  identifiers of one kind (NHS number, UPN, PNC id, when `records` has them) differ, or
  the model scored the pair itself as other people. Agencies do hold one person twice
  (a police nominal made when the first was not found, a clinic record under other
  details, a new social-care record after a move) and those are the people the hub
  exists for; but an agency that keeps two identifiers apart (twins at one school)
  knows they are two people (unless its data shows the numbers mistyped:
  identifier_checks.py),
- the records of the two clusters agree with each other on the whole, not just along the
  one link (missing comparisons count against), and
- the two clusters are not both large (that merge goes to a reviewer instead).

Afterwards a cluster held together by a single weak link between two groups is split.
Reviewers' decisions override the model: `same` links, `different` forbids.
Person keys are stable: a cluster keeps the key of the previous person that holds most
of its records (stable_keys.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from safehub.linking.pipeline.stable_keys import stable_keys
from safehub.linking.pipeline.types import ClusterResult, Decision, PairScore
from safehub.linking.pipeline.union_find import Clusters


@dataclass(frozen=True)
class ClusterPolicy:
    """The knobs of the clustering, in match weight (log2 odds)."""

    # A within-agency pair scored below link_weight + this is evidence of two people;
    # one blocking never proposed is no evidence either way (cohesion still counts it).
    same_agency_margin: float = -4.0
    cohesion: float = 0.0  # least mean weight between two clusters' records to merge
    missing_weight: float = -6.0  # weight taken for a pair blocking did not propose
    clip: float = 15.0  # one very strong pair must not carry a whole merge
    large_cluster: int = 5  # merging two clusters of at least this size needs a reviewer
    bridge_margin: float = 4.0  # a lone bridge weaker than link_weight + this is cut
    # Identifier columns whose difference is no veto inside one agency: the data shows
    # them mistyped (identifier_checks.py; the model keeps the list).
    mistyped_identifiers: tuple[str, ...] = ()


DEFAULT_POLICY = ClusterPolicy()
FORCED = float("inf")


class _Pairs:
    """Scored pairs by record index, and any pair's weight by lookup."""

    def __init__(self, n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray) -> None:
        self.left, self.right, self.weight = left, right, weight
        self.n = n
        low, high = np.minimum(left, right), np.maximum(left, right)
        keys = low.astype(np.int64) * n + high
        self.weights = dict(zip(keys.tolist(), weight.tolist(), strict=True))

    def lookup(self, a: int, b: int) -> float | None:
        return self.weights.get(a * self.n + b if a < b else b * self.n + a)


IDENTIFIER_COLUMNS = ("nhs_number", "upn", "pnc_id")


class _Identifiers:
    """The records' identifiers, compared only when two records of one agency meet."""

    def __init__(self, records: pd.DataFrame, mistyped: tuple[str, ...] = ()) -> None:
        self.columns = [
            records[c].to_numpy(dtype=object)
            for c in IDENTIFIER_COLUMNS
            if c in records.columns and c not in mistyped
        ]

    def contradict(self, a: int, b: int) -> bool:
        return any(
            _identifier(column[a]) != _identifier(column[b])
            and _identifier(column[a])
            and _identifier(column[b])
            for column in self.columns
        )


def _identifier(value: object) -> str:
    return "" if pd.isna(value) else str(value).replace(" ", "").upper()


@dataclass
class _Run:
    ids: np.ndarray
    agency: np.ndarray
    identifiers: _Identifiers
    pairs: _Pairs
    link_weight: float
    policy: ClusterPolicy
    clusters: Clusters
    review: list[PairScore]
    merged_edges: list[tuple[int, int, float]]

    def same_agency_ok(self, ra: int, rb: int) -> bool:
        """No two records of one agency across the merge contradict each other: their
        identifiers of one kind differ, or their own score says two people."""
        against = self.link_weight + self.policy.same_agency_margin
        b_members = self.clusters.of(rb)
        for x in self.clusters.of(ra):
            for y in b_members:
                if self.agency[x] != self.agency[y]:
                    continue
                if self.identifiers.contradict(x, y):
                    return False
                w = self.pairs.lookup(x, y)
                if w is not None and w < against:
                    return False
        return True

    def cohesive(self, ra: int, rb: int) -> bool:
        """The two clusters' records agree on the whole: the mean weight of every pair
        across them (clipped; a pair blocking never proposed counts against) is high."""
        a_members, b_members = self.clusters.of(ra), self.clusters.of(rb)
        if len(a_members) == 1 and len(b_members) == 1:
            return True
        clip, missing = self.policy.clip, self.policy.missing_weight
        total = 0.0
        for x in a_members:
            for y in b_members:
                w = self.pairs.lookup(x, y)
                total += missing if w is None else max(-clip, min(clip, w))
        return total / (len(a_members) * len(b_members)) >= self.policy.cohesion

    def consider(self, a: int, b: int, w: float) -> None:
        """Merge the clusters of a and b along their link of weight w, if the rules allow."""
        clusters = self.clusters
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb or clusters.conflict(ra, rb):
            return
        alone = ra not in clusters.members and rb not in clusters.members
        if alone and self.agency[a] != self.agency[b]:
            pass  # two single records of two agencies: nothing more to check
        elif w != FORCED:
            large = self.policy.large_cluster
            if not (self.same_agency_ok(ra, rb) and self.cohesive(ra, rb)):
                return
            if len(clusters.of(ra)) >= large and len(clusters.of(rb)) >= large:
                self.review.append(_pair_score(self.ids, a, b, w))
                return
        clusters.union(ra, rb)
        self.merged_edges.append((a, b, w))


def cluster(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    *,
    link_weight: float,
    review_band: tuple[float, float],
    decisions: Sequence[Decision] = (),
    previous: Mapping[int, str] | None = None,
    policy: ClusterPolicy = DEFAULT_POLICY,
) -> ClusterResult:
    """Assign every record in `records` (unique_id, agency) to a Person key."""
    ids = records["unique_id"].astype("int64").to_numpy()
    index = pd.Index(ids)
    agency = pd.factorize(records["agency"].astype(str))[0]
    left = index.get_indexer(pairs["left_id"].astype("int64").to_numpy())
    right = index.get_indexer(pairs["right_id"].astype("int64").to_numpy())
    weight = pairs["match_weight"].astype("float64").to_numpy()
    known = (left >= 0) & (right >= 0) & (left != right)
    left, right, weight = _distinct_pairs(len(ids), left[known], right[known], weight[known])

    verdicts = _verdicts(decisions, index)
    scored = _Pairs(len(ids), left, right, weight)
    identifiers = _Identifiers(records, policy.mistyped_identifiers)
    run = _Run(ids, agency, identifiers, scored, link_weight, policy, Clusters(len(ids)), [], [])
    for (a, b), verdict in verdicts.items():
        if verdict == "different":
            run.clusters.forbid(a, b)
    for (a, b), verdict in verdicts.items():
        if verdict == "same":
            run.consider(a, b, FORCED)
    strong = weight >= link_weight
    clean, group = _clean_links(run, strong, verdicts)
    slow = strong & ~clean
    order = np.argsort(-weight[slow], kind="stable")
    for a, b, w in zip(
        left[slow][order].tolist(),
        right[slow][order].tolist(),
        weight[slow][order].tolist(),
        strict=True,
    ):
        if not verdicts or verdicts.get((min(a, b), max(a, b))) is None:
            run.consider(a, b, w)
    labels = run.clusters.roots()
    whole = np.zeros(len(ids), dtype=bool)
    whole[left[clean]] = whole[right[clean]] = True
    labels[whole] = group[whole]  # the clean groups: none of their links was in the loop
    labels, split = _split_weak_bridges(run, labels)
    assignment, new = stable_keys(ids, labels, previous or {})
    review = run.review + _in_band(ids, scored, review_band, verdicts, labels)
    return ClusterResult(
        assignment=assignment, review=_unique(review), new_clusters=new, split_clusters=split
    )


def _distinct_pairs(
    n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair once, at its strongest weight, the lower index on the left."""
    low, high = np.minimum(left, right), np.maximum(left, right)
    order = np.argsort(-weight, kind="stable")
    _keys, first = np.unique((low * n + high)[order], return_index=True)
    keep = np.sort(order[first])
    return low[keep], high[keep], weight[keep]


def _clean_links(
    run: _Run, strong: np.ndarray, verdicts: Mapping[tuple[int, int], str]
) -> tuple[np.ndarray, np.ndarray]:
    """Strong links inside groups the greedy would join whole, with no check to make.

    A group of records joined by strong links, every two of them linked (so cohesive,
    with no bridge), each from another agency, too small for the large-merge rule and
    with no reviewer's decision near it, becomes one cluster whatever the order of its
    links. Most people are such a group; taking them out of the greedy loop makes
    clustering a million records several times faster.
    """
    n, left, right = len(run.ids), run.pairs.left[strong], run.pairs.right[strong]
    if run.link_weight < run.policy.cohesion or not len(left):
        return np.zeros(len(strong), dtype=bool), np.arange(n)
    group = _components(n, left, right)
    size = np.bincount(group, minlength=n)
    links = np.bincount(group[left], minlength=n)
    agencies = pd.DataFrame({"g": group, "a": run.agency}).drop_duplicates()
    distinct = np.bincount(agencies["g"].to_numpy(), minlength=n)
    decided = np.zeros(n, dtype=bool)
    for a, b in verdicts:
        decided[[a, b]] = True
    touched = np.bincount(group, weights=decided, minlength=n) > 0
    whole = (
        (links == size * (size - 1) // 2)
        & (distinct == size)
        & ~touched
        & (size < 2 * run.policy.large_cluster)
    )
    clean = np.zeros(len(strong), dtype=bool)
    clean[strong] = whole[group[left]]
    return clean, group


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected component of every record (the smallest index in it), vectorised:
    labels spread along links, with pointer jumping, until nothing changes."""
    label = np.arange(n)
    while True:
        low = np.minimum(label[left], label[right])
        spread = label.copy()
        np.minimum.at(spread, left, low)
        np.minimum.at(spread, right, low)
        spread = spread[spread]
        if np.array_equal(spread, label):
            return label
        label = spread


def _verdicts(decisions: Sequence[Decision], index: pd.Index) -> dict[tuple[int, int], str]:
    """(record index, record index) -> the latest verdict on that pair."""
    out: dict[tuple[int, int], str] = {}
    for decision in decisions:
        a = int(index.get_indexer([decision.left_id])[0])
        b = int(index.get_indexer([decision.right_id])[0])
        if a >= 0 and b >= 0 and a != b:
            out[(min(a, b), max(a, b))] = decision.verdict
    return out


def _split_weak_bridges(run: _Run, labels: np.ndarray) -> tuple[np.ndarray, int]:
    """Each record's final cluster label; a cluster held together by one weak link
    between two groups of records (all else strong) is cut at that link."""
    left, right, weight = run.pairs.left, run.pairs.right, run.pairs.weight
    weak = run.link_weight + run.policy.bridge_margin
    inside = (weight >= run.link_weight) & (labels[left] == labels[right])
    sizes = np.bincount(labels, minlength=len(labels))
    # Only clusters of four or more with a weak link inside can have a weak bridge.
    suspects = np.unique(labels[left[inside & (weight < weak) & (sizes[labels[left]] >= 4)]])
    # The suspects' links, grouped by cluster: one sort, then a slice per cluster.
    at = np.flatnonzero(inside & np.isin(labels[left], suspects))
    at = at[np.argsort(labels[left[at]], kind="stable")]
    bounds = [*np.searchsorted(labels[left[at]], suspects, side="left").tolist(), len(at)]
    forced = [(a, b, w) for a, b, w in run.merged_edges if w == FORCED]
    split = 0
    for n, root in enumerate(suspects.tolist()):
        mine = at[bounds[n] : bounds[n + 1]]
        edges = list(
            zip(left[mine].tolist(), right[mine].tolist(), weight[mine].tolist(), strict=True)
        )
        edges += [(a, b, w) for a, b, w in forced if labels[a] == root]
        parts = _cut(edges, weak)
        split += len(parts) > 1
        for part in parts[1:]:
            labels[part] = part[0]
    return labels, split


def _cut(edges: list[tuple[int, int, float]], weak: float) -> list[list[int]]:
    """Remove weak bridges whose both sides hold two records or more, until none is left."""
    graph: nx.Graph[int] = nx.Graph()
    graph.add_weighted_edges_from(edges)
    if graph.number_of_nodes() >= 4:
        while (bridge := _weak_bridge(graph, weak)) is not None:
            graph.remove_edge(*bridge)
    return [sorted(c) for c in nx.connected_components(graph)]


def _weak_bridge(graph: nx.Graph[int], weak: float) -> tuple[int, int] | None:
    for a, b in list(nx.bridges(graph)):
        w = graph[a][b]["weight"]
        if w >= weak:
            continue
        graph.remove_edge(a, b)
        small = min(
            len(nx.node_connected_component(graph, a)), len(nx.node_connected_component(graph, b))
        )
        graph.add_edge(a, b, weight=w)
        if small >= 2:
            return a, b
    return None


def _in_band(
    ids: np.ndarray,
    pairs: _Pairs,
    band: tuple[float, float],
    verdicts: Mapping[tuple[int, int], str],
    labels: np.ndarray,
) -> list[PairScore]:
    """Pairs for a reviewer: weights in the band, not yet decided (or left unsure), in two
    Persons. Two records already in one Person by stronger links leave nothing to decide
    (a wrong join is challenged from the Person's page)."""
    left, right, weight = pairs.left, pairs.right, pairs.weight
    low, high = band
    apart = labels[left] != labels[right]
    inside = np.flatnonzero((weight >= low) & (weight < high) & apart)
    inside = inside[np.argsort(-weight[inside], kind="stable")]
    return [
        _pair_score(ids, int(left[i]), int(right[i]), float(weight[i]))
        for i in inside
        if verdicts.get((min(int(left[i]), int(right[i])), max(int(left[i]), int(right[i]))))
        in (None, "unsure")
    ]


def _pair_score(ids: np.ndarray, a: int, b: int, w: float) -> PairScore:
    left_id, right_id = sorted((int(ids[a]), int(ids[b])))
    return PairScore(
        left_id=left_id, right_id=right_id, match_weight=w, match_probability=1.0 / (1.0 + 2.0**-w)
    )


def _unique(scores: list[PairScore]) -> list[PairScore]:
    seen: set[tuple[int, int]] = set()
    out = []
    for score in scores:
        if (score.left_id, score.right_id) not in seen:
            seen.add((score.left_id, score.right_id))
            out.append(score)
    return out
