"""A synthetic world's extracts as the network's frames, each record taken as its true
person (the hub itself builds from linked Persons), with the ground truth's networks."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from safehub.network.core.frames import (
    EVENT_THING_COLUMNS,
    PERSON_COLUMNS,
    PERSON_THING_COLUMNS,
    PRESENCE_COLUMNS,
    RELATION_COLUMNS,
)
from safehub.things import address_key, normalized_object_value, thing_key


@dataclass(frozen=True)
class World:
    presence: pd.DataFrame
    person_things: pd.DataFrame
    event_things: pd.DataFrame
    relations: pd.DataFrame
    persons: pd.DataFrame
    people: pd.DataFrame  # the truth's people
    networks: list[dict[str, Any]]  # the truth's networks
    reference: str  # the world's reference date
    recorded: set[str]  # truth people some agency holds a record of


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def world_frames(world: Path) -> World:
    truth = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))
    person_of = {(r["agency"], r["record_id"]): r["person"] for r in truth["records"]}
    parts: dict[str, list[pd.DataFrame]] = {"presence": [], "pt": [], "et": [], "rel": []}
    for folder in sorted((world / "extracts").iterdir()):
        if folder.is_dir():
            _agency(folder, person_of, parts)
    people = pd.DataFrame(truth["people"])
    persons = people[["person", "date_of_birth"]].copy()
    persons["date_of_birth"] = pd.to_datetime(persons["date_of_birth"])
    return World(
        presence=pd.concat(parts["presence"], ignore_index=True)[list(PRESENCE_COLUMNS)],
        person_things=pd.concat(parts["pt"], ignore_index=True)[list(PERSON_THING_COLUMNS)],
        event_things=pd.concat(parts["et"], ignore_index=True)[list(EVENT_THING_COLUMNS)],
        relations=pd.concat(parts["rel"], ignore_index=True)[list(RELATION_COLUMNS)],
        persons=persons[list(PERSON_COLUMNS)],
        people=people,
        networks=truth["networks"],
        reference=truth["reference_date"],
        recorded={r["person"] for r in truth["records"]},
    )


def _agency(
    folder: Path, person_of: dict[tuple[str, str], str], parts: dict[str, list[pd.DataFrame]]
) -> None:
    agency = folder.name
    events, people = _read(folder / "events.csv"), _read(folder / "event_people.csv")
    if not events.empty and not people.empty:
        frame = people.merge(events, on="event_id")
        parts["presence"].append(
            pd.DataFrame(
                {
                    "person": [person_of[(agency, r)] for r in frame["record_id"]],
                    "event": agency + ":" + frame["event_id"],
                    "role": frame["role"],
                    "occurred_on": pd.to_datetime(frame["occurred_at"].str[:10]),
                    "agency": agency,
                    "grading": frame["grading"],
                }
            )
        )
    objects = _read(folder / "objects.csv")
    keys = {
        row.object_id: thing_key(
            row.object_type, normalized_object_value(row.object_type, row.value)
        )
        for row in objects.itertuples(index=False)
        if row.value
    }
    places = _read(folder / "locations.csv")
    where = {
        row.location_id: address_key(row.premises_type, row.postcode, row.address)
        for row in places.itertuples(index=False)
    }
    rows: list[tuple[str, str, str, str, str | None]] = []
    for row in _read(folder / "person_objects.csv").itertuples(index=False):
        rows.append(
            (
                person_of[(agency, row.record_id)],
                keys.get(row.object_id, ""),
                row.relation,
                agency,
                None,
            )
        )
    for row in _read(folder / "person_locations.csv").itertuples(index=False):
        on = getattr(row, "_3", "") or None  # the `from` column
        rows.append(
            (
                person_of[(agency, row.record_id)],
                where.get(row.location_id, ""),
                row.relation,
                agency,
                on,
            )
        )
    parts["pt"].append(pd.DataFrame(rows, columns=list(PERSON_THING_COLUMNS)))
    seen = [
        (f"{agency}:{row.event_id}", keys.get(row.object_id, ""))
        for row in _read(folder / "event_objects.csv").itertuples(index=False)
    ]
    if not events.empty:
        seen += [
            (f"{agency}:{e}", where.get(loc, ""))
            for e, loc in zip(events["event_id"], events["location_id"], strict=True)
            if loc
        ]
    parts["et"].append(pd.DataFrame(seen, columns=list(EVENT_THING_COLUMNS)))
    relations = _read(folder / "person_people.csv")
    if not relations.empty:
        parts["rel"].append(
            pd.DataFrame(
                {
                    "person": [person_of[(agency, r)] for r in relations["record_id"]],
                    "other": [person_of[(agency, r)] for r in relations["other_record_id"]],
                    "relation": relations["relation"],
                    "agency": agency,
                }
            )
        )


def replicated(world: World, copies: int) -> World:
    """`copies` disjoint copies of `world`, each copy's people, events, things and
    networks relabelled (`c1-…`, `c2-…`; the first keeps its labels): a larger input of
    the same shape, as if that many towns' hubs were built as one."""
    if copies <= 1:
        return world
    parts = [world, *(_relabelled(world, f"c{copy}-") for copy in range(1, copies))]

    def joined(name: str) -> pd.DataFrame:
        return pd.concat([getattr(part, name) for part in parts], ignore_index=True)

    return World(
        presence=joined("presence"),
        person_things=joined("person_things"),
        event_things=joined("event_things"),
        relations=joined("relations"),
        persons=joined("persons"),
        people=joined("people"),
        networks=[n for part in parts for n in part.networks],
        reference=world.reference,
        recorded=set().union(*(part.recorded for part in parts)),
    )


def _relabelled(world: World, tag: str) -> World:
    def tagged(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
        return frame.assign(**{c: _renamed(frame[c], lambda v: tag + v) for c in columns})

    def thing(frame: pd.DataFrame) -> pd.DataFrame:  # `phone:+44…` → `phone:c1-+44…`
        return frame.assign(key=_renamed(frame["key"], lambda v: v.replace(":", ":" + tag, 1)))

    def network(n: dict[str, Any]) -> dict[str, Any]:
        people = {k: [tag + p for p in n[k]] for k in ("offenders", "victims")}
        return {**n, "network": tag + n["network"], **people}

    return World(
        presence=tagged(world.presence, "person", "event"),
        person_things=thing(tagged(world.person_things, "person")),
        event_things=thing(tagged(world.event_things, "event")),
        relations=tagged(world.relations, "person", "other"),
        persons=tagged(world.persons, "person"),
        people=tagged(world.people, "person"),
        networks=[network(n) for n in world.networks],
        reference=world.reference,
        recorded={tag + p for p in world.recorded},
    )


def _renamed(values: pd.Series, rename: Callable[[str], str]) -> pd.Series:
    """Each distinct value renamed once, its rows sharing the one new string."""
    codes, distinct = pd.factorize(values.astype(str))
    return pd.Series(
        np.asarray([rename(v) for v in distinct], dtype=object)[codes], index=values.index
    )
