"""Person keys that stay put: a cluster keeps the key of the previous Person holding most
of its records, so a re-link moves as few records between Persons as it can."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np


def stable_keys(
    ids: np.ndarray, labels: np.ndarray, previous: Mapping[int, str]
) -> tuple[dict[int, str], int]:
    """Each cluster keeps the previous key most of its records had; others get new ones
    ("new:<n>", numbered in the order of their smallest record id)."""
    order = np.lexsort((ids, labels))
    first_of_label = np.r_[True, labels[order][1:] != labels[order][:-1]]
    # Clusters numbered by their smallest record id, so "new:<n>" is deterministic.
    smallest = ids[order][first_of_label]
    cluster_labels = labels[order][first_of_label]
    rank = np.empty(len(labels), dtype=np.int64)
    rank[cluster_labels[np.argsort(smallest, kind="stable")]] = np.arange(len(smallest))
    number = rank[labels]
    key_of = _previous_keys(ids, number, previous)
    names = np.empty(len(smallest), dtype=object)
    new = 0
    for at in range(len(smallest)):
        if at in key_of:
            names[at] = key_of[at]
        else:
            new += 1
            names[at] = f"new:{new}"
    return dict(zip(ids.tolist(), names[number].tolist(), strict=True)), new


def _previous_keys(
    ids: np.ndarray, number: np.ndarray, previous: Mapping[int, str]
) -> dict[int, str]:
    """Cluster number -> the previous key it keeps: most records first, each key once."""
    if not previous:
        return {}
    votes = Counter(
        (int(n), previous[i])
        for i, n in zip(ids.tolist(), number.tolist(), strict=True)
        if i in previous
    )
    key_of: dict[int, str] = {}
    taken: set[str] = set()
    for (at, key), _count in sorted(votes.items(), key=lambda v: (-v[1], v[0][1], v[0][0])):
        if at not in key_of and key not in taken:
            key_of[at] = key
            taken.add(key)
    return key_of
