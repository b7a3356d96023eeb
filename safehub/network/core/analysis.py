"""What the association graph says: networks around suspects, suspects ranked by the
young people they reach, and the gateways between them.

Family ties and shared homes are left out of all of it (graph.KEPT_APART), so a family
does not become a network and a household does not make a brother a gateway.
"""

from __future__ import annotations

import random
from datetime import date

import igraph as ig
import numpy as np
import pandas as pd

from safehub.network.core.graph import KEPT_APART, AssociationGraph

ADULT_YEARS = 18
SEED = 7  # Leiden is randomised: one seed, the same networks for the same graph
# Leiden's resolution (CPM, per unit of edge weight): a network is a group whose members
# share more ties with each other than this, so a busy takeaway does not fuse two groups.
RESOLUTION = 0.05
# What a tie says of a group (graph.py's edge types); the rest weigh 1.
TYPE_WEIGHT = {
    "co_offending": 3.0,
    "victim_suspect": 3.0,
    "seen_with": 2.0,
    "uses": 2.0,
    "relationship": 2.0,
    "associate": 1.5,
    "co_present": 0.5,
    "at": 0.5,
    "frequents": 0.5,
}
REPEATS = 5  # facts of one tie counted at most
BUSY = 50  # a thing tied to more people than this is a gateway, not a member


def working(graph: AssociationGraph) -> ig.Graph:
    """The graph without the ties kept apart (same vertices, same numbering)."""
    kinds = np.asarray(graph.graph.es["type"], dtype=object)
    kept = np.flatnonzero(~np.isin(kinds, list(KEPT_APART)))
    return graph.graph.subgraph_edges(kept.tolist(), delete_vertices=False)


def quiet(graph: AssociationGraph) -> ig.Graph:
    """`working` without the busy things (tied to more than `BUSY` others)."""
    g = working(graph)
    degree = np.asarray(g.degree())
    busy = (graph.nodes["kind"].to_numpy() != "person") & (degree > BUSY)
    ends = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    kept = np.flatnonzero(~(busy[ends[:, 0]] | busy[ends[:, 1]]))
    return g.subgraph_edges(kept.tolist(), delete_vertices=False)


def communities(graph: AssociationGraph, resolution: float = RESOLUTION) -> pd.Series:
    """Each node's community (Leiden, weighted CPM), indexed by node.

    Ties weigh by what they say of a group (`TYPE_WEIGHT`: a suspect with a child or
    another suspect most, people merely present together least), repeated facts up to
    `REPEATS`; things tied to more than `BUSY` others (a busy shop, a town-centre taxi
    rank) are left out of the grouping — they are gateways (`gateways`), and through
    them every group would fuse with every other."""
    g = quiet(graph)
    g.es["strength"] = [
        TYPE_WEIGHT.get(kind, 1.0) * min(weight, REPEATS)
        for kind, weight in zip(g.es["type"], g.es["weight"], strict=True)
    ]
    # igraph's own Leiden (C, CPM): the same networks as leidenalg's in a fortieth of the
    # time on these graphs; its random numbers from one seeded generator.
    ig.set_random_number_generator(random.Random(SEED))  # noqa: S311 - not for secrets
    partition = g.community_leiden(
        objective_function="CPM", weights="strength", resolution=resolution, n_iterations=2
    )
    return pd.Series(partition.membership, index=graph.nodes["node"].to_numpy(), name="community")


def components(graph: AssociationGraph) -> pd.Series:
    """Each node's connected component of the same graph (the baseline)."""
    membership = working(graph).connected_components().membership
    return pd.Series(membership, index=graph.nodes["node"].to_numpy(), name="community")


def networks(graph: AssociationGraph, membership: pd.Series) -> pd.DataFrame:
    """The communities that hold at least one suspect: network, node (people and things)."""
    nodes = graph.nodes.set_index("node")
    frame = pd.DataFrame({"node": membership.index, "community": membership.to_numpy()})
    with_suspects = set(frame.loc[nodes.loc[frame["node"], "suspect"].to_numpy(), "community"])
    frame = frame[frame["community"].isin(with_suspects)]
    order = {c: n for n, c in enumerate(sorted(with_suspects), start=1)}
    frame = frame.assign(network=frame["community"].map(lambda c: f"NET{order[c]:04d}"))
    return frame[["network", "node"]].reset_index(drop=True)


def young_people(graph: AssociationGraph, on: date) -> np.ndarray:
    """Which vertices are people under 18 on `on` (a known date of birth)."""
    born = graph.nodes["date_of_birth"]
    cutoff = pd.Timestamp(on) - pd.DateOffset(years=ADULT_YEARS)
    return ((graph.nodes["kind"] == "person") & born.notna() & (born > cutoff)).to_numpy()


def rank_suspects(graph: AssociationGraph, on: date) -> pd.DataFrame:
    """Suspects by the distinct young people they reach in two steps (directly, through
    another person, or through a phone, car, handle or place), then by PageRank:
    node, young_people, pagerank, rank. Busy things are no reach: a man seen once at the
    town's busiest takeaway does not reach every child who buys chips there."""
    g = quiet(graph)
    young = young_people(graph, on)
    pagerank = np.asarray(g.pagerank(weights="weight"))
    suspects = np.flatnonzero(graph.nodes["suspect"].to_numpy())
    reach = g.neighborhood(suspects.tolist(), order=2)
    counts = [int(young[list(near)].sum()) for near in reach]
    frame = pd.DataFrame(
        {
            "node": graph.nodes["node"].to_numpy()[suspects],
            "young_people": counts,
            "pagerank": pagerank[suspects],
        }
    ).sort_values(["young_people", "pagerank"], ascending=False, ignore_index=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame


def gateways(graph: AssociationGraph, on: date, least: int = 2) -> pd.DataFrame:
    """Places, vehicles, phones, handles and people (not suspects themselves) tied both
    to suspects and to at least `least` young people: node, kind, young_people,
    suspects, most first."""
    g = working(graph)
    young = young_people(graph, on)
    suspect = graph.nodes["suspect"].to_numpy()
    pairs = np.unique(np.sort(np.asarray(g.get_edgelist(), dtype=np.int64), axis=1), axis=0)
    ends = np.concatenate([pairs, pairs[:, ::-1]]) if len(pairs) else np.empty((0, 2), int)
    n = g.vcount()
    n_young = np.bincount(ends[:, 0], weights=young[ends[:, 1]], minlength=n).astype(int)
    n_suspects = np.bincount(ends[:, 0], weights=suspect[ends[:, 1]], minlength=n).astype(int)
    chosen = (~suspect) & (n_suspects > 0) & (n_young >= least)
    rows = zip(
        graph.nodes["node"].to_numpy()[chosen],
        graph.nodes["kind"].to_numpy()[chosen],
        n_young[chosen],
        n_suspects[chosen],
        strict=True,
    )
    frame = pd.DataFrame(rows, columns=["node", "kind", "young_people", "suspects"])
    return frame.sort_values(["young_people", "suspects"], ascending=False, ignore_index=True)


def changes(graph: AssociationGraph, members: set[str], since: date) -> pd.DataFrame:
    """What changed in a network since `since`: ties first recorded on or after it that
    touch its members (family and homes aside), with whoever or whatever they bring in
    (`newcomer`: the end outside the network, '' when both ends were members)."""
    edges = graph.edges[~graph.edges["type"].isin(KEPT_APART)]
    touching = edges["source"].isin(members) | edges["target"].isin(members)
    fresh = edges[touching & (edges["first"] >= pd.Timestamp(since))].copy()
    outside_source = ~fresh["source"].isin(members)
    outside_target = ~fresh["target"].isin(members)
    fresh["newcomer"] = ""
    fresh.loc[outside_source, "newcomer"] = fresh.loc[outside_source, "source"]
    fresh.loc[outside_target, "newcomer"] = fresh.loc[outside_target, "target"]
    columns = ["source", "target", "type", "first", "records", "grading", "newcomer"]
    return fresh.sort_values("first", ignore_index=True)[columns]
