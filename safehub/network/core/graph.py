"""The association graph: Persons and things (phones, vehicles, handles, places) joined
by what the agencies recorded.

Edges, each with its type, weight (how many facts support it), first and last date (and
every date between: `dates`), the agency records behind it, the best intelligence
grading among them, and how many of its facts both ends took part in (`involved`: not
as the one who reported the event or witnessed it):

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

Built on integer codes and arrays of facts; strings made once each, in the result.
"""

from __future__ import annotations

import gc
import itertools
from dataclasses import dataclass, fields

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
# Who reported an event or witnessed it took no part in it: a mother reporting her
# daughter missing is at the event, not in what happened (`involved`).
BYSTANDERS = ("reporter", "witness")
# What a relation says (any other: `associate`), and a relation to a thing (else `uses`).
RELATION_TYPE = {"parent": "family", "sibling": "family", "partner": "relationship"}
RELATION_TYPE |= {"boyfriend": "relationship"}
THING_TYPE = {"home": "lives_at", "placement": "lives_at", "frequents": "frequents"}
THING_TYPE |= {"school": "frequents"}
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
    "involved",
)
TYPES = (  # in name order: an edge's type code sorts as its name
    "associate",
    "at",
    "co_offending",
    "co_present",
    "family",
    "frequents",
    "lives_at",
    "peer",
    "relationship",
    "seen_with",
    "uses",
    "victim_suspect",
)
TYPE_CODE = {kind: code for code, kind in enumerate(TYPES)}
# The 3x5x2 intelligence assessment (A-E) as the chart's three gradings; a fact that is
# not intelligence (a recorded incident, a referral) is `recorded`.
GRADING_RANK = {"confirmed": 0, "recorded": 1, "tentative": 2, "unconfirmed": 3}
GRADINGS = np.asarray(sorted(GRADING_RANK, key=GRADING_RANK.__getitem__), dtype=object)
NAT = np.iinfo(np.int64).min  # NaT's own integer


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
    owned = checked(person_things, PERSON_THING_COLUMNS, "person things")
    seen = checked(event_things, EVENT_THING_COLUMNS, "event things")
    frames = _Frames(
        checked(presence, PRESENCE_COLUMNS, "presence"),
        checked(relations, RELATION_COLUMNS, "relations"),
        owned[owned["key"].astype(bool).to_numpy()],
        seen[seen["key"].astype(bool).to_numpy()],
        checked(persons, PERSON_COLUMNS, "persons"),
    )
    # Millions of small lists and no reference cycles: the cycle collector's passes
    # over them would cost a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _built(frames)
    finally:
        if collecting:
            gc.enable()


def _built(frames: _Frames) -> AssociationGraph:
    parts = [_between_people(frames), _recorded(frames), _seen(frames)]
    facts = _Facts(*(np.concatenate(f) for f in zip(*map(_Facts.columns, parts), strict=True)))
    edges, ends = _merged(facts, frames)
    order = pd.unique(np.concatenate([frames.present, *ends])).astype(np.int64)
    at = np.empty(len(frames.nodes), dtype=np.int64)
    at[order] = np.arange(len(order))
    graph = ig.Graph(n=len(order))
    graph.add_edges(np.column_stack([at[ends[0]], at[ends[1]]]))
    nodes = pd.DataFrame(  # in the order first met: people at events, then edges' ends
        {
            "node": pd.Series(frames.nodes[order], dtype=object),
            "kind": pd.Series(frames.kinds[order], dtype=object),
            "suspect": frames.suspect[order],
            "date_of_birth": pd.to_datetime(frames.born[order]),
        }
    )
    graph.vs["name"] = nodes["node"].tolist()
    graph.es["type"] = edges["type"].tolist()
    graph.es["weight"] = edges["weight"].astype(float).tolist()
    graph.es["involved"] = edges["involved"].astype(float).tolist()
    graph.es["row"] = list(range(len(edges)))  # the edge's row in `edges`, kept by subgraphs
    return AssociationGraph(nodes, edges, graph)


@dataclass(frozen=True)
class _Facts:
    """Per fact: ends, type, day (ns or `NAT`), record, grading rank, both took part."""

    source: np.ndarray
    target: np.ndarray
    kind: np.ndarray
    on: np.ndarray
    record: np.ndarray
    rank: np.ndarray
    involved: np.ndarray

    def columns(self) -> tuple[np.ndarray, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


class _Frames:
    """The frames' people, things, events and records as codes. Of the presence rows only
    those that make a fact (an event of two or more, or with a thing seen at it) carry
    their event's day, grading, role and record: most events are one person's."""

    def __init__(
        self,
        presence: pd.DataFrame,
        relations: pd.DataFrame,
        owned: pd.DataFrame,
        seen: pd.DataFrame,
        persons: pd.DataFrame,
    ) -> None:
        self.relations, self.owned, self.seen = relations, owned, seen
        self._name_nodes(presence, persons)
        self.suspect = np.zeros(len(self.nodes), dtype=bool)
        self.suspect[self.present[(presence["role"] == SUSPECT).to_numpy(dtype=bool)]] = True
        event, events = _grouped(np.concatenate([presence["event"], seen["event"]]))
        event, self.seen_event = np.split(event, [len(presence)])
        counted = np.bincount(event, minlength=len(events)) > 1
        counted[self.seen_event] = True
        rows = np.flatnonzero(counted[event])
        active = presence.iloc[rows]
        self.event, self.who = event[rows], self.present[rows]
        self.roles = active["role"].to_numpy(dtype=object)
        grade, grades = _distinct_codes(active["grading"].fillna(""))
        ranks = np.asarray([GRADING_RANK[grading(g)] for g in grades], dtype=np.int64)
        self.rank, self.on = ranks[grade], _days(active["occurred_on"])
        self.took_part = ~active["role"].isin(BYSTANDERS).to_numpy()
        self._records(events, active["agency"])

    def _name_nodes(self, presence: pd.DataFrame, persons: pd.DataFrame) -> None:
        """Every node named once, numbered in name order, with its kind; each person's
        and thing's code; dates of birth by code (a person listed twice: the last)."""
        owned, relations = self.owned, self.relations
        people = [presence, relations, relations, owned, persons]
        columns = ["person", "person", "other", "person", "person"]
        every = np.concatenate([p[c].to_numpy() for p, c in zip(people, columns, strict=True)])
        person, distinct_people = _distinct_codes(every)
        key, keys = _distinct_codes(np.concatenate([owned["key"].to_numpy(), self.seen["key"]]))
        person_nodes = "person:" + pd.Series(distinct_people, dtype=object).astype(str)
        codes, self.nodes = _in_order(np.concatenate([person_nodes, keys]))
        person_codes, thing_codes = np.split(codes, [len(person_nodes)])
        self.kinds = np.empty(len(self.nodes), dtype=object)
        self.kinds[thing_codes] = [k.partition(":")[0] for k in keys]
        self.kinds[person_codes] = "person"
        ends = np.cumsum([len(p) for p in people])[:-1]
        self.present, self.person, self.other, self.owner, listed = np.split(
            person_codes[person], ends
        )
        self.thing, self.seen_thing = np.split(thing_codes[key], [len(owned)])
        self.born = np.full(len(self.nodes), NAT, dtype=np.int64)
        last = ~pd.Series(listed).duplicated(keep="last").to_numpy()
        self.born[listed[last]] = _days(persons["date_of_birth"])[last]

    def _records(self, events: np.ndarray, agencies: pd.Series) -> None:
        """Each fact's record (`agency:event`, `agency:<relation to a thing>`,
        `agency:relation`) as a number: its text is made only if some edge has it."""
        o, r = self.owned, self.relations
        every = np.concatenate([agencies, o["agency"], r["agency"]])
        agency, self.agencies = _distinct_codes(every)
        relation, relations = _distinct_codes(o["relation"])
        self.details = np.concatenate([events, relations, np.asarray(["relation"], dtype=object)])
        at = np.full(len(r), len(events) + len(relations))
        detail = np.concatenate([self.event, len(events) + relation, at])
        numbers = agency * len(self.details) + detail
        self.at_event, self.of_thing, self.of_relation = np.split(
            numbers, np.cumsum([len(agencies), len(o)])
        )

    def record_texts(self, numbers: np.ndarray) -> np.ndarray:
        width = len(self.details)
        texts = [f"{self.agencies[n // width]}:{self.details[n % width]}" for n in numbers.tolist()]
        return np.asarray(texts, dtype=object)


def _pair_type(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    left_suspect, right_suspect = left == SUSPECT, right == SUSPECT
    left_about, right_about = np.isin(left, ABOUT), np.isin(right, ABOUT)
    kind = np.full(len(left), TYPE_CODE["co_present"], dtype=np.int64)
    kind[left_about & right_about] = TYPE_CODE["peer"]
    kind[(left_suspect & right_about) | (right_suspect & left_about)] = TYPE_CODE["victim_suspect"]
    kind[left_suspect & right_suspect] = TYPE_CODE["co_offending"]
    return kind


def _between_people(frames: _Frames) -> _Facts:
    shared = np.flatnonzero(np.bincount(frames.event)[frames.event] > 1)  # events of 2+
    a, b = _rows_sharing(frames.event[shared], frames.event[shared])
    a, b = shared[a], shared[b]
    ordered = frames.who[a] < frames.who[b]  # each pair once, the lesser name first
    a, b = a[ordered], b[ordered]
    return _Facts(
        source=frames.who[a],
        target=frames.who[b],
        kind=_pair_type(frames.roles[a], frames.roles[b]),
        on=frames.on[a],
        record=frames.at_event[a],
        rank=frames.rank[a],
        involved=frames.took_part[a] & frames.took_part[b],
    )


def _recorded(frames: _Frames) -> _Facts:
    """What agencies record of people besides events: how two are related (the lesser
    name first) and the things people own, use or live at; graded `recorded`."""
    a, b = frames.person, frames.other
    relation = frames.relations["relation"].map(RELATION_TYPE).fillna("associate")
    thing = frames.owned["relation"].map(THING_TYPE).fillna("uses")
    kind = pd.concat([relation, thing]).map(TYPE_CODE).to_numpy(dtype=np.int64)
    return _Facts(
        source=np.concatenate([np.minimum(a, b), frames.owner]),
        target=np.concatenate([np.maximum(a, b), frames.thing]),
        kind=kind,
        on=np.concatenate([np.full(len(a), NAT), _days(frames.owned["on"])]),
        record=np.concatenate([frames.of_relation, frames.of_thing]),
        rank=np.full(len(kind), GRADING_RANK["recorded"]),
        involved=np.ones(len(kind), dtype=bool),
    )


def _seen(frames: _Frames) -> _Facts:
    row, thing = _rows_sharing(frames.event, frames.seen_event)
    place = frames.seen["key"].str.startswith("place:").to_numpy(dtype=bool)
    return _Facts(
        source=frames.who[row],
        target=frames.seen_thing[thing],
        kind=np.where(place[thing], TYPE_CODE["at"], TYPE_CODE["seen_with"]).astype(np.int64),
        on=frames.on[row],
        record=frames.at_event[row],
        rank=frames.rank[row],
        involved=frames.took_part[row],
    )


def _merged(facts: _Facts, frames: _Frames) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray]]:
    """One edge per pair and type: how many facts, when, which records, best grading;
    with the edges' ends as node codes. One edge key per fact, sorted once, cut at the
    keys' boundaries (no function per edge, no grouping of strings)."""
    if not len(facts.source):
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in EDGE_COLUMNS})
        return empty, (facts.source, facts.target)
    n, t = max(1, len(frames.nodes)), len(TYPES)
    key = (facts.source * n + facts.target) * t + facts.kind
    used, behind = np.unique(facts.record, return_inverse=True)
    text_code, texts = _in_order(frames.record_texts(used))
    order = np.lexsort((text_code[behind], key))
    key, record, on = key[order], text_code[behind][order], facts.on[order]
    edge_keys, starts = np.unique(key, return_index=True)
    dated = on != NAT
    earliest = _at_starts(np.minimum, np.where(dated, on, np.iinfo(np.int64).max), starts)
    latest = _at_starts(np.maximum, on, starts)  # NAT is the least integer
    undated = _at_starts(np.maximum, dated.astype(np.int8), starts) == 0
    by_day = np.lexsort((on[dated], key[dated]))
    day_keys, days = _distinct(key[dated][by_day], on[dated][by_day])
    day, distinct_days = pd.factorize(days)  # one `date` object per distinct day
    record_keys, record_codes = _distinct(key, record)
    source, target = edge_keys // t // n, (edge_keys // t) % n
    edges = pd.DataFrame(
        {
            "source": frames.nodes[source],
            "target": frames.nodes[target],
            "type": np.asarray(TYPES, dtype=object)[edge_keys % t],
            "weight": np.diff(np.append(starts, len(key))),
            "first": pd.to_datetime(np.where(undated, NAT, earliest)),
            "last": pd.to_datetime(np.where(undated, NAT, latest)),
            "dates": _cut(day_keys, pd.DatetimeIndex(distinct_days).date[day], edge_keys),
            "records": _cut(record_keys, texts[record_codes], edge_keys),
            "grading": GRADINGS[_at_starts(np.minimum, facts.rank[order], starts)],
            "involved": _at_starts(np.add, facts.involved[order].astype(np.int64), starts),
        }
    )
    return edges[list(EDGE_COLUMNS)], (source, target)


def _distinct_codes(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value's code, and the distinct values in the order first met."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _in_order(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value's code and the distinct values, numbered in sorted order: a stable
    argsort of the distinct strings (pandas' sorted factorize takes five times as long)."""
    codes, distinct = _distinct_codes(values)
    order = np.argsort(distinct, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], distinct[order]


def _grouped(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes that group equal values, and the value of each code: by their 64-bit hashes
    sorted (a hash table of millions of distinct event ids is slow), checked against the
    values themselves, exactly grouped the slow way should two ever share a hash."""
    hashes = pd.util.hash_array(values, categorize=False)
    _, first, codes = np.unique(hashes, return_index=True, return_inverse=True)
    if bool((values == values[first][codes]).all()):
        return codes.astype(np.int64), values[first]
    return _distinct_codes(values)


def _days(values: pd.Series) -> np.ndarray:
    """Dates as integers (ns, `NAT` for none); text or objects converted once each."""
    if values.dtype != object:
        return pd.to_datetime(values).to_numpy(dtype="datetime64[ns]").astype(np.int64)
    codes, distinct = pd.factorize(values)
    days = _days(pd.to_datetime(pd.Series(distinct, dtype=object)))
    return np.where(codes < 0, NAT, days[codes] if len(days) else NAT)


def _rows_sharing(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j) with left[i] == right[j] (an inner join of two integer columns): the
    right sorted once, each left value's run of equals found by binary search."""
    order = np.argsort(right, kind="stable")
    low = np.searchsorted(right[order], left, side="left")
    count = np.searchsorted(right[order], left, side="right") - low
    i = np.repeat(np.arange(len(left)), count)
    within = np.arange(len(i)) - np.repeat(np.cumsum(count) - count, count)
    return i, order[np.repeat(low, count) + within]


def _at_starts(ufunc: np.ufunc, values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """`ufunc` over each edge's rows (empty when there are no edges)."""
    return ufunc.reduceat(values, starts) if len(starts) else values[:0]


def _distinct(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted by (key, value) with repeated pairs dropped."""
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (values[1:] != values[:-1])
    return keys[keep], values[keep]


def _cut(keys: np.ndarray, values: np.ndarray, edge_keys: np.ndarray) -> list[list[object]]:
    """The values of each edge's rows (`keys` sorted) as lists, [] where it has none:
    one conversion to Python objects, then list slices."""
    bounds = [*np.searchsorted(keys, edge_keys, side="left").tolist(), len(keys)]
    every = values.tolist()
    return [every[lo:hi] for lo, hi in itertools.pairwise(bounds)]
