"""What changed in known networks since the last build: the alerts a build raises.

A network of this build is *known* when it shares a suspect with a network of the last
build. In a known network:

- `young_person`: a young person who was not in it last time, tied to one of its
  suspects — directly (an event they were both in, a relation an agency recorded) or
  through a thing both are tied to (his car she was seen in);
- `thing_seen_again`: a phone, vehicle or account of it seen on a later day than any the
  last build knew of.

Each alert carries the facts behind it as `legs` (a direct tie is one leg, a tie through
a thing two), each leg the edge records (graph.py's `agency:event`, `agency:relation`),
so a page shows it only to whoever may see a fact of every leg; and a key, so a re-run
raises nothing twice.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from safehub.network.core.graph import AssociationGraph

THINGS = ("phone", "vehicle", "social_media")
PERSON_TIES = frozenset(
    {"victim_suspect", "co_present", "peer", "relationship", "associate", "co_offending"}
)
THING_TIES = frozenset({"uses", "seen_with"})
ALERT_COLUMNS = ("key", "kind", "network", "person", "suspect", "thing", "on", "legs", "people")
PREVIOUS_COLUMNS = ("network", "node", "suspect", "last_seen")
RECORDS_KEPT = 20  # records per leg: enough for anyone who may see one of them
PEOPLE_KEPT = 200
ADULT_YEARS = 18


# Each sighting of a thing at an event (SIGHTING_COLUMNS: its key, the event's day, the
# record `agency:event`): a vehicle a hotel saw with no one named is seen all the same,
# though it makes no tie.
SIGHTING_COLUMNS = ("key", "on", "record")


def last_seen(graph: AssociationGraph, sightings: pd.DataFrame | None = None) -> pd.Series:
    """Each node's newest dated fact (NaT where none is dated): its ties, and for a thing
    its sightings."""
    edges = graph.edges
    parts = [
        edges[["source", "last"]].rename(columns={"source": "node"}),
        edges[["target", "last"]].rename(columns={"target": "node"}),
    ]
    if sightings is not None and not sightings.empty:
        parts.append(sightings[["key", "on"]].rename(columns={"key": "node", "on": "last"}))
    ends = pd.concat(parts)
    return pd.to_datetime(ends["last"]).groupby(ends["node"]).max()


def _known(found: pd.DataFrame, previous: pd.DataFrame, suspects: set[str]) -> dict[str, str]:
    """Each network of this build sharing a suspect with one of the last (the first such)."""
    before = previous[previous["suspect"].astype(bool)]
    was = dict(zip(before["node"], before["network"], strict=True))
    known: dict[str, str] = {}
    for network, node in found.itertuples(index=False):
        if node in suspects and node in was:
            known.setdefault(network, was[node])
    return known


def _young(graph: AssociationGraph, today: date) -> set[str]:
    nodes = graph.nodes
    born = pd.to_datetime(nodes["date_of_birth"])
    adult = pd.Timestamp(today) - pd.DateOffset(years=ADULT_YEARS)
    return set(nodes.loc[(nodes["kind"] == "person") & (born > adult) & ~nodes["suspect"], "node"])


def _legs_to(
    edges: pd.DataFrame, person: str, suspects: set[str]
) -> tuple[str, list[list[str]]] | None:
    """The first suspect `person` is tied to, and the legs of that tie."""
    mine = edges[(edges["source"] == person) | (edges["target"] == person)]
    other = np.where(mine["source"] == person, mine["target"], mine["source"])
    direct = mine[np.isin(other, list(suspects)) & mine["type"].isin(PERSON_TIES)]
    if not direct.empty:
        row = direct.sort_values("last", ascending=False).iloc[0]
        suspect = row["target"] if row["source"] == person else row["source"]
        return str(suspect), [list(row["records"])[:RECORDS_KEPT]]
    for _, leg in mine[mine["type"].isin(THING_TIES)].iterrows():
        thing = leg["target"] if leg["source"] == person else leg["source"]
        theirs = edges[
            ((edges["source"] == thing) & edges["target"].isin(suspects))
            | ((edges["target"] == thing) & edges["source"].isin(suspects))
        ]
        theirs = theirs[theirs["type"].isin(THING_TIES)]
        if not theirs.empty:
            far = theirs.iloc[0]
            suspect = far["source"] if far["target"] == thing else far["target"]
            legs = [list(leg["records"])[:RECORDS_KEPT], list(far["records"])[:RECORDS_KEPT]]
            return str(suspect), legs
    return None


def alerts(
    graph: AssociationGraph,
    found: pd.DataFrame,
    previous: pd.DataFrame,
    today: date,
    sightings: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """ALERT_COLUMNS, one row per alert of this build (`found`: network, node; `previous`:
    PREVIOUS_COLUMNS of the last build's members; `sightings`: SIGHTING_COLUMNS)."""
    suspects = set(graph.nodes.loc[graph.nodes["suspect"], "node"])
    known = _known(found, previous, suspects)
    if not known:
        return pd.DataFrame(columns=list(ALERT_COLUMNS))
    members = found[found["network"].isin(known)]
    before = previous.groupby("network")["node"].apply(set).to_dict()
    seen_before = dict(zip(previous["node"], pd.to_datetime(previous["last_seen"]), strict=True))
    seen_now = last_seen(graph, sightings)
    young = _young(graph, today)
    edges = graph.edges  # only the ties of known networks' members are read below
    inside = set(members["node"])
    edges = edges[edges["source"].isin(inside) | edges["target"].isin(inside)]
    rows: list[dict[str, object]] = []
    for network, listed in members.groupby("network")["node"]:
        nodes = set(listed)
        people = sorted(n for n in nodes if n.startswith("person:"))[:PEOPLE_KEPT]
        was = before.get(known[str(network)], set())
        ours = nodes & suspects
        for person in sorted((nodes & young) - was):
            tie = _legs_to(edges, person, ours)
            if tie is not None:
                suspect, legs = tie
                rows.append(
                    _row(
                        "young_person",
                        network,
                        people,
                        legs,
                        person=person,
                        suspect=suspect,
                        on=seen_now.get(person),
                    )
                )
        for thing in sorted(n for n in nodes & was if n.split(":", 1)[0] in THINGS):
            now, then = seen_now.get(thing), seen_before.get(thing)
            if pd.notna(now) and (pd.isna(then) or now > then):
                newest = edges[
                    ((edges["source"] == thing) | (edges["target"] == thing))
                    & (pd.to_datetime(edges["last"]) == now)
                ]
                records = {r for rs in newest["records"] for r in rs}
                if sightings is not None and not sightings.empty:
                    that_day = (sightings["key"] == thing) & (
                        pd.to_datetime(sightings["on"]) == now
                    )
                    records |= set(sightings.loc[that_day, "record"])
                legs = [sorted(records)[:RECORDS_KEPT]]
                rows.append(_row("thing_seen_again", network, people, legs, thing=thing, on=now))
    return pd.DataFrame(rows, columns=list(ALERT_COLUMNS))


def _row(
    kind: str,
    network: object,
    people: list[str],
    legs: list[list[str]],
    *,
    person: str = "",
    suspect: str = "",
    thing: str = "",
    on: object = None,
) -> dict[str, object]:
    day = pd.Timestamp(on).date() if on is not None and pd.notna(on) else None
    # A young person is raised once per suspect; a thing once per newest day seen.
    key = f"{kind}|{person}|{suspect}" if kind == "young_person" else f"{kind}|{thing}|{day}"
    return {
        "key": key,
        "kind": kind,
        "network": str(network),
        "person": person,
        "suspect": suspect,
        "thing": thing,
        "on": day,
        "legs": legs,
        "people": people,
    }
