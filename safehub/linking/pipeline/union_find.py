"""Union-find over record indexes, keeping each cluster's members and the records a
reviewer said must never join it (clustering.py merges through it)."""

from __future__ import annotations

import numpy as np


class Clusters:
    """Union-find that also keeps each cluster's members and forbidden partners."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {}
        self.forbidden: dict[int, set[int]] = {}

    def roots(self) -> np.ndarray:
        """Every record's cluster root, at once (pointer jumping over the parents)."""
        parent = np.asarray(self.parent, dtype=np.int64)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                return parent
            parent = grand

    def find(self, a: int) -> int:
        root = a
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[a] != root:
            self.parent[a], a = root, self.parent[a]
        return root

    def of(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def union(self, a: int, b: int) -> None:
        if len(self.of(a)) < len(self.of(b)):
            a, b = b, a
        self.parent[b] = a
        self.members[a] = self.of(a) + self.members.pop(b, [b])
        if b in self.forbidden:
            self.forbidden.setdefault(a, set()).update(self.forbidden.pop(b))

    def forbid(self, a: int, b: int) -> None:
        self.forbidden.setdefault(self.find(a), set()).add(b)
        self.forbidden.setdefault(self.find(b), set()).add(a)

    def conflict(self, ra: int, rb: int) -> bool:
        if not self.forbidden:
            return False
        banned_a, banned_b = self.forbidden.get(ra), self.forbidden.get(rb)
        if banned_a and any(m in banned_a for m in self.of(rb)):
            return True
        return bool(banned_b and any(m in banned_b for m in self.of(ra)))
