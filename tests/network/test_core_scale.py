"""The graph built for scale (integer codes, sorted arrays) says what a plain statement
of the same rules says, fact by fact, on random frames; and the replicated synthetic
world the 1M-edge benchmark builds is disjoint copies of one world."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest

from safehub.network.core import graph
from safehub.network.core.frames import (
    EVENT_THING_COLUMNS,
    PERSON_THING_COLUMNS,
    PRESENCE_COLUMNS,
    RELATION_COLUMNS,
)
from safehub.network.core.synthetic import World, replicated

ROLES: tuple[str, ...] = ("subject", "victim", "suspect", "witness", "missing_person")
ROLES += ("associate", "reporter", "driver", "passenger")  # every role of the exchange format

THINGS = ("phone:+447700900001", "vehicle:AB12CDE", "place:NV11AA", "address:NV1 1 MILL LANE")
GRADES = ("", "1/A/P", "2/B/P", "3/E/C", "4/C/P")


def random_frames(rng: random.Random) -> tuple[pd.DataFrame, ...]:
    people = [f"P{i}" for i in range(12)]
    day = date(2025, 1, 1)
    presence = [
        (
            rng.choice(people),
            f"E{event}",
            rng.choice(ROLES),
            pd.Timestamp(day + timedelta(days=event % 5)),
            rng.choice(("police", "csc")),
            rng.choice(GRADES),
        )
        for event in range(25)
        for _ in range(rng.randrange(1, 5))
    ]
    owned = [
        tuple(rng.choice(c) for c in (people, (*THINGS, ""), ("uses", "home", "school")))
        + tuple(rng.choice(c) for c in (("police", "health"), (None, "2024-05-01")))
        for _ in range(15)
    ]
    at_events = [(f"E{rng.randrange(30)}", rng.choice(THINGS)) for _ in range(15)]
    kinds = (people, people, ("parent", "partner", "associate"), ("police", "csc"))
    relations = [tuple(rng.choice(c) for c in kinds) for _ in range(10)]
    return (
        pd.DataFrame(presence, columns=list(PRESENCE_COLUMNS)),
        pd.DataFrame(owned, columns=list(PERSON_THING_COLUMNS)),
        pd.DataFrame(at_events, columns=list(EVENT_THING_COLUMNS)),
        pd.DataFrame(relations, columns=list(RELATION_COLUMNS)),
    )


def pair_type(a: str, b: str) -> str:
    if a == graph.SUSPECT and b == graph.SUSPECT:
        return "co_offending"
    if graph.SUSPECT in (a, b) and {a, b} & set(graph.ABOUT):
        return "victim_suspect"
    return "peer" if a in graph.ABOUT and b in graph.ABOUT else "co_present"


def plain_facts(frames: tuple[pd.DataFrame, ...]) -> list[tuple[Any, ...]]:
    """(source, target, type, day, record, grading, both took part) per fact, as the
    module's docstring states them."""
    presence, owned, at_events, relations = frames
    facts: list[tuple[Any, ...]] = []
    at: dict[str, list[Any]] = defaultdict(list)
    for row in presence.itertuples(index=False):
        at[row.event].append(row)
    for rows in at.values():
        for a in rows:
            for b in rows:
                ends = graph.person_node(a.person), graph.person_node(b.person)
                if ends[0] < ends[1]:
                    took_part = {a.role, b.role}.isdisjoint(graph.BYSTANDERS)
                    facts.append((*ends, pair_type(a.role, b.role), a.occurred_on.date()))
                    facts[-1] += (f"{a.agency}:{a.event}", graph.grading(a.grading), took_part)
    for row in owned[owned["key"] != ""].itertuples(index=False):
        kind = {"home": "lives_at", "school": "frequents"}.get(row.relation, "uses")
        on = date.fromisoformat(row.on) if row.on else None
        node = graph.person_node(row.person)
        facts.append((node, row.key, kind, on, f"{row.agency}:{row.relation}", "recorded", True))
    for row in relations.itertuples(index=False):
        a, b = sorted((graph.person_node(row.person), graph.person_node(row.other)))
        kind = {"parent": "family", "partner": "relationship"}.get(row.relation, "associate")
        facts.append((a, b, kind, None, f"{row.agency}:relation", "recorded", True))
    for thing in at_events.itertuples(index=False):
        for row in at.get(thing.event, []):
            kind = "at" if thing.key.startswith("place:") else "seen_with"
            facts.append((graph.person_node(row.person), thing.key, kind, row.occurred_on.date()))
            facts[-1] += (f"{row.agency}:{row.event}", graph.grading(row.grading))
            facts[-1] += (row.role not in graph.BYSTANDERS,)
    return facts


def plain_edges(facts: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    grouped: dict[tuple[str, str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for fact in facts:
        grouped[fact[:3]].append(fact)
    edges = []
    for key in sorted(grouped):
        days = sorted({f[3] for f in grouped[key] if f[3] is not None})
        best = min((f[5] for f in grouped[key]), key=graph.GRADING_RANK.__getitem__)
        records = sorted({f[4] for f in grouped[key]})
        took_part = sum(f[6] for f in grouped[key])
        edges.append((*key, len(grouped[key]), days, records, best, took_part))
    return edges


@pytest.mark.parametrize("seed", range(8))
def test_the_built_edges_are_the_plain_statements_edges(seed: int) -> None:
    frames = random_frames(random.Random(seed))
    built = graph.build(*frames)
    columns = ["source", "target", "type", "weight", "dates", "records", "grading", "involved"]
    got = [tuple(row) for row in built.edges[columns].itertuples(index=False)]
    assert got == plain_edges(plain_facts(frames))
    dated = built.edges[built.edges["dates"].map(bool)]
    assert (dated["first"].dt.date == dated["dates"].map(min)).all()
    assert (dated["last"].dt.date == dated["dates"].map(max)).all()
    assert built.edges.loc[~built.edges["dates"].map(bool), "first"].isna().all()


def test_the_nodes_are_in_the_order_first_met_and_the_graph_follows_the_edges() -> None:
    frames = random_frames(random.Random(1))
    built = graph.build(*frames)
    people = [graph.person_node(p) for p in frames[0]["person"]]
    first_met = list(dict.fromkeys([*people, *built.edges["source"], *built.edges["target"]]))
    assert built.nodes["node"].tolist() == first_met
    names = built.graph.vs["name"]  # an undirected edge lists its lesser vertex first
    assert [{names[a], names[b]} for a, b in built.graph.get_edgelist()] == [
        {a, b} for a, b in zip(built.edges["source"], built.edges["target"], strict=True)
    ]


def small_world() -> World:
    presence = pd.DataFrame(
        [("A", "police:E1", "suspect", pd.Timestamp(2025, 1, 1), "police", "")],
        columns=list(PRESENCE_COLUMNS),
    )
    things = pd.DataFrame(
        [("A", "phone:+447700900001", "uses", "police", None)], columns=list(PERSON_THING_COLUMNS)
    )
    return World(
        presence=presence,
        person_things=things,
        event_things=pd.DataFrame([("police:E1", "place:NV1")], columns=["event", "key"]),
        relations=pd.DataFrame(columns=list(RELATION_COLUMNS)),
        persons=pd.DataFrame({"person": ["A"], "date_of_birth": [pd.Timestamp(1980, 1, 1)]}),
        people=pd.DataFrame({"person": ["A"], "offender": [True]}),
        networks=[{"network": "N1", "kind": "group", "offenders": ["A"], "victims": []}],
        reference="2026-01-01",
        recorded={"A"},
    )


def test_copies_of_a_world_share_no_person_event_or_thing() -> None:
    three = replicated(small_world(), 3)
    assert three.presence["person"].tolist() == ["A", "c1-A", "c2-A"]
    assert three.person_things["key"].tolist()[1] == "phone:c1-+447700900001"
    assert three.event_things["key"].tolist()[2] == "place:c2-NV1"
    assert [n["offenders"] for n in three.networks] == [["A"], ["c1-A"], ["c2-A"]]
    assert three.recorded == {"A", "c1-A", "c2-A"}
    assert len(graph.build(three.presence, three.person_things, three.event_things).edges) == 6
