"""How two people (or a person and a thing) are connected, as one viewer may see it: the
shortest chain of ties, and the chain whose contacts happened in order ("how is this girl
connected to this man, and in what order did the contacts happen?").

The search grows rings around both ends through the rows the viewer may see
(neighbourhood.py), as the chart does, until the rings meet or RINGS rings have grown on
each side; the paths are then found (core/paths.py) in the graph of what was seen, with
the people the viewer may not open and a protected person's things left out as the chart
leaves them out. "No chain you may see" is all that is said when there is none: never
whether one runs through what is withheld. Audited with the people on the chains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import igraph as ig
import pandas as pd

from safehub.access.policy import Viewer
from safehub.network.core import paths
from safehub.network.core.graph import AssociationGraph
from safehub.network.queries import neighbourhood
from safehub.network.queries.chart import ChartPerson, built, drawable, node_label, people_of
from safehub.network.queries.neighbourhood import Rows, person_id
from safehub.network.queries.people import audit_people
from safehub.records.queries.visible import person_for, require_data_role

RINGS = 2  # rings grown around each end: chains of up to about four ties
RING_MAX = 200  # nodes a ring may add (the most tied first): a busy place stops the growth


@dataclass(frozen=True)
class StepView:
    node: str
    label: str
    tie: str  # the tie taken to get here ('' for the start)
    on: date | None


@dataclass(frozen=True)
class Connection:
    a: str
    b: str
    a_label: str
    b_label: str
    shortest: list[StepView]
    in_order: list[StepView]  # contacts in date order, reaching `b` earliest


def _joined(parts: list[Rows]) -> Rows:
    def frame(name: str) -> pd.DataFrame:
        return pd.concat([getattr(p, name) for p in parts], ignore_index=True)

    events: dict[str, neighbourhood.EventFacts] = {}
    for part in parts:
        events.update(part.events)
    return Rows(
        _unique(frame("presence")),
        _unique(frame("person_things")),
        _unique(frame("event_things")),
        _unique(frame("relations")),
        events,
        parts[0].agencies,
    )


def _unique(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows read in two rings once (the dates and flags as they are: only text is keyed)."""
    keys = [c for c in frame.columns if frame[c].dtype == object]
    return frame.drop_duplicates(subset=keys or None, ignore_index=True)


def _graph(viewer: Viewer, rows: Rows, ends: tuple[str, str]) -> AssociationGraph:
    """The graph of the seen rows, less what the chart would not draw."""
    whole = built(rows)
    people = people_of(viewer, whole.edges, ends)
    keep = drawable(viewer, whole.edges, people, rows.agencies)
    edges = whole.edges[keep.to_numpy()].reset_index(drop=True)
    g = ig.Graph(directed=False)
    g.add_vertices(whole.nodes["node"].tolist())
    g.add_edges(list(zip(edges["source"], edges["target"], strict=True)))
    g.es["type"] = edges["type"].tolist()
    g.es["weight"] = edges["weight"].astype(float).tolist()
    g.es["row"] = list(range(len(edges)))
    return AssociationGraph(whole.nodes, edges, g)


def _ring(viewer: Viewer, frontier: set[str], reached: set[str]) -> tuple[Rows, set[str]]:
    rows = neighbourhood.around(viewer, frontier).seen()
    edges = built(rows).edges
    strength: dict[str, int] = {}
    for source, target, weight in zip(
        edges["source"], edges["target"], edges["weight"], strict=True
    ):
        for node in (source, target):
            if node not in reached:
                strength[node] = strength.get(node, 0) + int(weight)
    grown = sorted(strength, key=lambda n: (-strength[n], n))[:RING_MAX]
    return rows, set(grown)


def connection(viewer: Viewer, a: str, b: str, *, route: str) -> Connection:
    """The chains from `a` to `b` the viewer may see (empty lists when there is none); a
    404 (audited) for a person the viewer may not open."""
    require_data_role(viewer, route=route)
    for node in (a, b):
        if (pid := person_id(node)) is not None:
            person_for(viewer, pid, route=route)
    parts: list[Rows] = []
    sides = [({a}, {a}), ({b}, {b})]  # (frontier, reached) of each end
    for _ in range(RINGS):
        for i, (frontier, reached) in enumerate(sides):
            if not frontier:
                continue
            rows, grown = _ring(viewer, frontier, reached)
            parts.append(rows)
            sides[i] = (grown, reached | grown)
        if sides[0][1] & sides[1][1]:
            break
    g = _graph(viewer, _joined(parts), (a, b))
    known = set(g.nodes["node"])
    people = people_of(viewer, g.edges, (a, b))
    shortest = in_order = []
    if a in known and b in known:
        shortest = [_view(s, people) for s in paths.shortest_path(g, a, b)]
        in_order = [_view(s, people) for s in paths.time_respecting_path(g, a, b)]
    named = sorted(
        {str(person_id(s.node)) for s in (*shortest, *in_order) if person_id(s.node) is not None}
    )
    audit_people(
        viewer,
        target_type="network_path",
        target_id=str(person_id(a) or ""),
        route=route,
        people=named,
    )
    return Connection(a, b, node_label(a, people), node_label(b, people), shortest, in_order)


def _view(step: paths.Step, people: dict[str, ChartPerson]) -> StepView:
    return StepView(step.node, node_label(step.node, people), step.tie, step.on)
