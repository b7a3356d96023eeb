"""The association graph: Persons and things (phones, vehicles, handles, places) joined
by what the agencies recorded.

Edges, each with its type, weight (how many facts support it), first and last date (and
every date between: `dates`), the agency records behind it and the best intelligence
grading among them:

- between two people at one event, by their roles: `co_offending` (two suspects),
  `victim_suspect` (a suspect and someone the event is about), `peer` (two people it is
  about: missing together, in one car), `co_present` (anyone else: a witness, a driver);
- between two people an agency records as related: `family` (parent, sibling),
  `relationship` (partner, boyfriend), `associate`;
- between a person and a thing: `uses` (owns or uses it), `seen_with` (the thing was
  seen, used or seized at an event they were in), `lives_at` (an address: home or
  placement), `frequents` (a place), `at` (a public place an event of theirs happened).

Family ties and shared homes are kept apart (`KEPT_APART`): a family is not a network,
and the analysis leaves them out of communities and reach.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import numpy as np
import pandas as pd

from safehub.network.core.frames import (
    EVENT_THING_COLUMNS,
    PERSON_COLUMNS,
    PERSON_THING_COLUMNS,
    PRESENCE_COLUMNS,
    RELATION_COLUMNS,
    checked,
)

ABOUT = ("subject", "victim", "missing_person", "passenger")
SUSPECT = "suspect"
FAMILY_RELATIONS = ("parent", "sibling")
KEPT_APART = frozenset({"family", "lives_at"})
EDGE_COLUMNS = (
    "source",
    "target",
    "type",
    "weight",
    "first",
    "last",
    "dates",
    "records",
    "grading",
)
# The 3x5x2 intelligence assessment (A-E) as the chart's three gradings; a fact that is
# not intelligence (a recorded incident, a referral) is `recorded`.
GRADING_RANK = {"confirmed": 0, "recorded": 1, "tentative": 2, "unconfirmed": 3}


def grading(grade: str) -> str:
    """`1/A/P` → confirmed; B or C → tentative; D or E → unconfirmed; '' → recorded."""
    parts = str(grade or "").split("/")
    if len(parts) < 2 or not parts[1]:
        return "recorded"
    return {"A": "confirmed", "B": "tentative", "C": "tentative"}.get(
        parts[1].upper(), "unconfirmed"
    )


def person_node(person: object) -> str:
    return f"person:{person}"


@dataclass(frozen=True)
class AssociationGraph:
    nodes: pd.DataFrame  # node, kind (person, phone, vehicle, social_media, place, ...), suspect
    edges: pd.DataFrame  # EDGE_COLUMNS, source < target
    graph: ig.Graph  # vertices named by `node`, edges in `edges`' order

    def index(self, node: str) -> int:
        return int(self.graph.vs.find(name=node).index)


def build(
    presence: pd.DataFrame,
    person_things: pd.DataFrame | None = None,
    event_things: pd.DataFrame | None = None,
    relations: pd.DataFrame | None = None,
    persons: pd.DataFrame | None = None,
) -> AssociationGraph:
    """The graph of everything the frames hold (frames.py)."""
    presence = checked(presence, PRESENCE_COLUMNS, "presence").copy()
    presence["node"] = presence["person"].map(person_node)
    presence["occurred_on"] = pd.to_datetime(presence["occurred_on"])
    presence["grading"] = presence["grading"].fillna("").map(grading)
    presence["record"] = presence["agency"] + ":" + presence["event"].astype(str)
    parts = [
        _between_people(presence),
        _relations(checked(relations, RELATION_COLUMNS, "relations")),
        _owned(checked(person_things, PERSON_THING_COLUMNS, "person things")),
        _seen(presence, checked(event_things, EVENT_THING_COLUMNS, "event things")),
    ]
    parts = [p for p in parts if not p.empty] or [_NO_FACTS]
    facts = pd.concat([p.drop(columns="on") for p in parts], ignore_index=True)
    # The dates joined as arrays: pandas' concat of an all-empty date column warns.
    facts["on"] = np.concatenate(
        [pd.to_datetime(p["on"]).to_numpy(dtype="datetime64[ns]") for p in parts]
    )
    edges = _merged(facts)
    nodes = _nodes(presence, edges, checked(persons, PERSON_COLUMNS, "persons"))
    graph = ig.Graph(directed=False)
    graph.add_vertices(nodes["node"].tolist())
    graph.add_edges(list(zip(edges["source"], edges["target"], strict=True)))
    graph.es["type"] = edges["type"].tolist()
    graph.es["weight"] = edges["weight"].astype(float).tolist()
    graph.es["row"] = list(range(len(edges)))  # the edge's row in `edges`, kept by subgraphs
    return AssociationGraph(nodes, edges, graph)


_NO_FACTS = pd.DataFrame(
    {
        c: pd.Series(dtype="datetime64[ns]" if c == "on" else "object")
        for c in ("source", "target", "type", "on", "record", "grading")
    }
)


def _pair_type(left: pd.Series, right: pd.Series) -> pd.Series:
    both_suspects = (left == SUSPECT) & (right == SUSPECT)
    one_suspect = ((left == SUSPECT) & right.isin(ABOUT)) | ((right == SUSPECT) & left.isin(ABOUT))
    both_about = left.isin(ABOUT) & right.isin(ABOUT)
    kind = pd.Series("co_present", index=left.index)
    kind[both_about] = "peer"
    kind[one_suspect] = "victim_suspect"
    kind[both_suspects] = "co_offending"
    return kind


def _between_people(presence: pd.DataFrame) -> pd.DataFrame:
    columns = ["event", "node", "role", "occurred_on", "record", "grading"]
    pairs = presence[columns].merge(presence[columns], on="event", suffixes=("_a", "_b"))
    pairs = pairs[pairs["node_a"] < pairs["node_b"]]
    return pd.DataFrame(
        {
            "source": pairs["node_a"],
            "target": pairs["node_b"],
            "type": _pair_type(pairs["role_a"], pairs["role_b"]),
            "on": pairs["occurred_on_a"],
            "record": pairs["record_a"],
            "grading": pairs["grading_a"],
        }
    )


def _relations(relations: pd.DataFrame) -> pd.DataFrame:
    a, b = relations["person"].map(person_node), relations["other"].map(person_node)
    kind = relations["relation"].map(
        lambda r: (
            "family"
            if r in FAMILY_RELATIONS
            else ("relationship" if r in ("partner", "boyfriend") else "associate")
        )
    )
    return pd.DataFrame(
        {
            "source": a.where(a < b, b),
            "target": b.where(a < b, a),
            "type": kind,
            "on": pd.Series(pd.NaT, index=relations.index, dtype="datetime64[ns]"),
            "record": relations["agency"] + ":relation",
            "grading": "recorded",
        }
    )


def _owned(things: pd.DataFrame) -> pd.DataFrame:
    things = things[things["key"].astype(bool)]
    kind = things["relation"].map(
        lambda r: (
            "lives_at"
            if r in ("home", "placement")
            else ("frequents" if r in ("frequents", "school") else "uses")
        )
    )
    return pd.DataFrame(
        {
            "source": things["person"].map(person_node),
            "target": things["key"],
            "type": kind,
            "on": pd.to_datetime(things["on"]),
            "record": things["agency"] + ":" + things["relation"],
            "grading": "recorded",
        }
    )


def _seen(presence: pd.DataFrame, event_things: pd.DataFrame) -> pd.DataFrame:
    seen = presence.merge(event_things[event_things["key"].astype(bool)], on="event")
    return pd.DataFrame(
        {
            "source": seen["node"],
            "target": seen["key"],
            "type": seen["key"].str.startswith("place:").map({True: "at", False: "seen_with"}),
            "on": seen["occurred_on"],
            "record": seen["record"],
            "grading": seen["grading"],
        }
    )


def _merged(facts: pd.DataFrame) -> pd.DataFrame:
    """One edge per pair and type: how many facts, when, which records, best grading.
    Done on integer codes and sorted arrays (no function per edge, no grouping of
    strings): one edge key per fact, sorted once, cut at the key's boundaries."""
    if facts.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in EDGE_COLUMNS})
    source, sources = pd.factorize(facts["source"], sort=True)
    target, targets = pd.factorize(facts["target"], sort=True)
    kind, kinds = pd.factorize(facts["type"], sort=True)
    key = (source.astype(np.int64) * len(targets) + target) * len(kinds) + kind
    record, records = pd.factorize(facts["record"], sort=True)
    on = facts["on"].to_numpy(dtype="datetime64[ns]")
    rank = facts["grading"].map(GRADING_RANK).to_numpy(dtype=np.int64)
    order = np.lexsort((record, key))
    key, record, on, rank = key[order], record[order], on[order], rank[order]
    edge_keys, starts = np.unique(key, return_index=True)
    dated = ~np.isnat(on)
    ints = on.astype(np.int64)
    never = np.iinfo(np.int64).min  # NaT's own integer
    earliest = np.minimum.reduceat(np.where(dated, ints, np.iinfo(np.int64).max), starts)
    latest = np.maximum.reduceat(np.where(dated, ints, never), starts)
    undated = np.maximum.reduceat(dated.astype(np.int8), starts) == 0
    best = {r: name for name, r in GRADING_RANK.items()}
    dated_keys, dated_days = key[dated], ints[dated]
    day_order = np.lexsort((dated_days, dated_keys))
    day_keys, day_ints = _distinct(dated_keys[day_order], dated_days[day_order])
    day_rows = (day_keys, pd.DatetimeIndex(day_ints).date)  # dates, converted once
    names = records.to_numpy(dtype=object)
    kept_keys, kept_codes = _distinct(key, record)
    record_rows = (kept_keys, names[kept_codes])
    edges = pd.DataFrame(
        {
            "source": sources[edge_keys // len(kinds) // len(targets)],
            "target": targets[(edge_keys // len(kinds)) % len(targets)],
            "type": kinds[edge_keys % len(kinds)],
            "weight": np.diff(np.append(starts, len(key))),
            "first": pd.to_datetime(np.where(undated, never, earliest)),
            "last": pd.to_datetime(np.where(undated, never, latest)),
            "records": [r.tolist() for r in _cut(*record_rows, edge_keys)],
            "dates": [days.tolist() for days in _cut(*day_rows, edge_keys)],
            "grading": pd.Series(np.minimum.reduceat(rank, starts)).map(best).to_numpy(),
        }
    )
    return edges[list(EDGE_COLUMNS)]


def _distinct(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted by (key, value) with repeated pairs dropped."""
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (values[1:] != values[:-1])
    return keys[keep], values[keep]


def _cut(keys: np.ndarray, values: np.ndarray, edge_keys: np.ndarray) -> list[np.ndarray]:
    """The values of each edge's rows (`keys` sorted), [] where it has none."""
    starts = np.searchsorted(keys, edge_keys, side="left")
    return np.split(values, starts[1:]) if len(edge_keys) else []


def _nodes(presence: pd.DataFrame, edges: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    names = pd.unique(pd.concat([presence["node"], edges["source"], edges["target"]]))
    nodes = pd.DataFrame({"node": names})
    nodes["kind"] = nodes["node"].str.split(":", n=1).str[0]
    suspects = set(presence.loc[presence["role"] == SUSPECT, "node"])
    nodes["suspect"] = nodes["node"].isin(suspects)
    born = dict(zip(persons["person"].map(person_node), persons["date_of_birth"], strict=True))
    nodes["date_of_birth"] = pd.to_datetime(nodes["node"].map(born))
    return nodes
