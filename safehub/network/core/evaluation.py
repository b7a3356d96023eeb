"""How well the networks found match a synthetic world's true ones (issue 12, item 6).

- **recovered**: of the true organised networks (kind `group`: several offenders), the
  share whose recorded people (offenders and victims some agency holds a record of) a
  found network matches at Jaccard ≥ 0.5, and ≥ 0.8 — the best-matching found network
  each, people compared (not things);
- **top suspects**: of the top-N ranked suspects, the share who are true offenders;
- **connectedness**: Spearman's correlation between an offender's young people reached
  and their true number of victims.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from safehub.network.core.graph import person_node


def true_networks(
    networks: Iterable[dict[str, Any]], recorded: set[str], kind: str = "group"
) -> dict[str, set[str]]:
    """The true organised networks' people whom some agency recorded (`recorded`: truth
    person ids with a record): no graph can hold a man no agency ever met."""
    found: dict[str, set[str]] = {}
    for n in networks:
        if n["kind"] != kind or len(n["offenders"]) < 2:
            continue
        members = {person_node(p) for p in [*n["offenders"], *n["victims"]] if p in recorded}
        if members:
            found[n["network"]] = members
    return found


def recovered(truth: dict[str, set[str]], found: pd.DataFrame) -> dict[str, float]:
    """found: network, node (people only are compared)."""
    people = found[found["node"].str.startswith("person:")]
    groups = {k: set(v) for k, v in people.groupby("network")["node"]}
    member_of: dict[str, list[str]] = {}
    for network, nodes in groups.items():
        for node in nodes:
            member_of.setdefault(node, []).append(network)
    best = []
    for members in truth.values():
        candidates = {n for m in members for n in member_of.get(m, [])}
        scores = [len(members & groups[c]) / len(members | groups[c]) for c in candidates]
        best.append(max(scores, default=0.0))
    n = max(1, len(best))
    return {
        "networks": len(best),
        "at_0_5": sum(b >= 0.5 for b in best) / n,
        "at_0_8": sum(b >= 0.8 for b in best) / n,
    }


def top_suspects(ranked: pd.DataFrame, offenders: set[str], top: int = 50) -> float:
    head = ranked.head(top)
    return (
        float(head["node"].isin({person_node(o) for o in offenders}).mean()) if len(head) else 0.0
    )


def connectedness(ranked: pd.DataFrame, victims_of: dict[str, int]) -> float:
    """Spearman's rho between young people reached and true victims, over true offenders."""
    frame = ranked.assign(
        victims=ranked["node"].map({person_node(k): v for k, v in victims_of.items()})
    )
    frame = frame.dropna(subset=["victims"])
    if len(frame) < 3:
        return float("nan")
    return float(frame["young_people"].rank().corr(frame["victims"].rank()))
