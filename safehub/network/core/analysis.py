"""What the association graph says: networks around suspects, suspects ranked by the
young people they reach, and the gateways between them.

Family ties and shared homes are left out of all of it (graph.KEPT_APART), so a family
does not become a network and a household does not make a brother a gateway; so are ties
that rest only on reporting or witnessing an event (`involved`).
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
# A piece with no suspect of its own (girls drawn in through one another, their phones
# and handles) joins the network it is most tied to where their ties would hold them
# together at this coarser resolution; a piece with suspects of its own stays a network
# (two groups that share one man stay two).
JOINING = 0.02
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


def _kept(graph: AssociationGraph, keep: np.ndarray) -> ig.Graph:
    return graph.graph.subgraph_edges(np.flatnonzero(keep).tolist(), delete_vertices=False)


def _apart(graph: AssociationGraph) -> np.ndarray:
    return np.isin(np.asarray(graph.graph.es["type"], dtype=object), list(KEPT_APART))


def working(graph: AssociationGraph) -> ig.Graph:
    """The graph without the ties kept apart (same vertices, same numbering)."""
    return _kept(graph, ~_apart(graph))


def involved(graph: AssociationGraph) -> ig.Graph:
    """`working` without the ties no fact of which both ends took part in: whoever only
    reported an event or witnessed it (a mother reporting her daughter missing) is at
    it, not in what happened (graph.BYSTANDERS)."""
    return _kept(graph, ~_apart(graph) & (np.asarray(graph.graph.es["involved"]) > 0))


def quiet(graph: AssociationGraph) -> ig.Graph:
    """`involved` without the busy things (tied to more than `BUSY` others)."""
    g = involved(graph)
    degree = np.asarray(g.degree())
    busy = (graph.nodes["kind"].to_numpy() != "person") & (degree > BUSY)
    ends = _ends(g)
    kept = np.flatnonzero(~(busy[ends[:, 0]] | busy[ends[:, 1]]))
    return g.subgraph_edges(kept.tolist(), delete_vertices=False)


def _ends(g: ig.Graph) -> np.ndarray:
    return np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)


def communities(graph: AssociationGraph, resolution: float = RESOLUTION) -> pd.Series:
    """Each node's community (Leiden, weighted CPM), indexed by node.

    Ties weigh by what they say of a group (`TYPE_WEIGHT`: a suspect with a child or
    another suspect most, people merely present together least), the facts both ends
    took part in counted up to `REPEATS`; things tied to more than `BUSY` others (a busy
    shop, a town-centre taxi rank) are left out of the grouping — they are gateways
    (`gateways`), and through them every group would fuse with every other. Pieces with
    no suspect then join the network they are most tied to (`JOINING`)."""
    g = quiet(graph)
    kinds = pd.Series(g.es["type"], dtype=object)
    strength = kinds.map(TYPE_WEIGHT).fillna(1.0).to_numpy(dtype=float) * np.minimum(
        np.asarray(g.es["involved"], dtype=float), REPEATS
    )
    g.es["strength"] = strength.tolist()
    membership = _leiden(g, resolution)
    suspect = graph.nodes["suspect"].to_numpy(dtype=bool)
    joined = _joined(membership, _ends(g), strength, suspect)
    return pd.Series(joined, index=graph.nodes["node"].to_numpy(), name="community")


def _leiden(g: ig.Graph, resolution: float) -> np.ndarray:
    """Leiden (CPM on `strength`; igraph's own, in C: leidenalg's found the same networks
    in forty times the time) over the vertices with a tie; each vertex without one is a
    community of its own, as CPM would have it anyway. (igraph's Leiden slows with the
    count of untied vertices: 2.6 s against 0.35 s over the tied ones at 350k edges.)"""
    degree = np.asarray(g.degree())
    tied = np.flatnonzero(degree > 0)
    # Leiden is randomised: its random numbers from one seeded generator.
    ig.set_random_number_generator(random.Random(SEED))  # noqa: S311 - not for secrets
    partition = g.induced_subgraph(tied.tolist()).community_leiden(
        objective_function="CPM", weights="strength", resolution=resolution, n_iterations=2
    )
    membership = np.empty(g.vcount(), dtype=np.int64)
    membership[tied] = partition.membership
    alone = np.flatnonzero(degree == 0)
    membership[alone] = len(tied) + np.arange(len(alone))
    return membership


def _joined(
    membership: np.ndarray, ends: np.ndarray, strength: np.ndarray, suspect: np.ndarray
) -> np.ndarray:
    """`membership` with each community that holds no suspect merged into the one with
    suspects it has the most tie strength with, where that strength exceeds `JOINING`
    times the product of their sizes (what CPM at that resolution would ask)."""
    if not len(ends):
        return membership
    n = int(membership.max()) + 1
    size = np.bincount(membership, minlength=n)
    held = np.bincount(membership, weights=suspect, minlength=n) > 0
    a, b = membership[ends[:, 0]], membership[ends[:, 1]]
    piece, network = np.concatenate([a, b]), np.concatenate([b, a])
    between = pd.DataFrame(
        {"piece": piece, "network": network, "strength": np.concatenate([strength, strength])}
    )[~held[piece] & held[network]]
    ties = between.groupby(["piece", "network"], as_index=False)["strength"].sum()
    ties = ties[ties["strength"] > JOINING * size[ties["piece"]] * size[ties["network"]]]
    best = ties.sort_values("strength", ascending=False, kind="stable").drop_duplicates("piece")
    into = np.arange(n)
    into[best["piece"].to_numpy()] = best["network"].to_numpy()
    return into[membership]


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
    node, young_people, pagerank, rank, over `quiet` ties. Busy things are no reach: a
    man seen once at the town's busiest takeaway does not reach every child who buys
    chips there; nor is a witness's presence."""
    g = quiet(graph)
    young = young_people(graph, on)
    pagerank = np.asarray(g.pagerank(weights="involved"))
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
    to suspects and to at least `least` young people (`involved` ties): node, kind,
    young_people, suspects, most first."""
    g = involved(graph)
    young = young_people(graph, on)
    suspect = graph.nodes["suspect"].to_numpy()
    pairs = np.unique(np.sort(_ends(g), axis=1), axis=0)
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
