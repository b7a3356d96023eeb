"""How two people are connected: the shortest chain of ties, and the chain whose
contacts happened in order ("how is this girl connected to this man, and in what order
did the contacts happen?").

A time-respecting path goes from `a` to `b` along ties each used on a date no earlier
than the one before it; of those, the one that reaches `b` earliest (Dijkstra on arrival
dates). Ties with no date (an agency's note that two people are related) can be used at
any point without moving the clock. Family ties and shared homes are left out
(graph.KEPT_APART), as everywhere in the analysis.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from safehub.network.core.analysis import working
from safehub.network.core.graph import AssociationGraph


@dataclass(frozen=True)
class Step:
    node: str  # where this step arrives
    tie: str  # the type of tie taken to get there ('' for the start)
    on: date | None  # the contact's date (None: an undated tie, or the start)


def shortest_path(graph: AssociationGraph, a: str, b: str) -> list[Step]:
    """The fewest ties from `a` to `b` ([] when they are not connected)."""
    g = working(graph)
    names = graph.nodes["node"].to_numpy()
    route = g.get_shortest_path(graph.index(a), graph.index(b), output="epath")
    if not route and a != b:
        return []
    steps, here = [Step(a, "", None)], graph.index(a)
    for edge in route:
        tie = g.es[edge]
        here = tie.target if tie.source == here else tie.source
        steps.append(Step(str(names[here]), str(tie["type"]), None))
    return steps


def time_respecting_path(
    graph: AssociationGraph, a: str, b: str, since: date | None = None
) -> list[Step]:
    """The chain of contacts from `a` (from `since`) that reaches `b` earliest, each on a
    date no earlier than the last ([] when there is none)."""
    g = working(graph)
    names = graph.nodes["node"].to_numpy()
    dates = graph.edges["dates"].to_numpy()
    kinds = g.es["type"]
    start, goal = graph.index(a), graph.index(b)
    earliest = since or date.min
    arrival: dict[int, date] = {start: earliest}
    came: dict[int, tuple[int, int, date | None]] = {}
    queue: list[tuple[date, int]] = [(earliest, start)]
    while queue:
        now, here = heapq.heappop(queue)
        if here == goal:
            break
        if now > arrival.get(here, date.max):
            continue
        for edge in g.incident(here):
            tie = g.es[edge]
            there = tie.target if tie.source == here else tie.source
            contacts: list[date] = dates[tie["row"]]
            if contacts and contacts[-1] < now:
                continue  # every contact of this tie was before we got here
            on = _next_contact(contacts, now)
            when = now if on is None else on
            if when < arrival.get(there, date.max):
                arrival[there] = when
                came[there] = (here, edge, on)
                heapq.heappush(queue, (when, there))
    if goal not in arrival:
        return []
    steps, here = [], goal
    while here != start:
        previous, edge, on = came[here]
        steps.append(Step(str(names[here]), str(kinds[edge]), on))
        here = previous
    return [Step(a, "", None), *reversed(steps)]


def _next_contact(contacts: list[date], after: date) -> date | None:
    """The tie's first contact on or after `after` (there is one: the caller checked);
    None for an undated tie, usable at any time."""
    return contacts[bisect_left(contacts, after)] if contacts else None
