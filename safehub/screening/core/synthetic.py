"""A synthetic world's extracts as screening facts, with its ground truth.

For the benchmark and tuning without a database: each record is taken as its true
person (the hub itself screens linked Persons). Dates of birth come from the ground
truth, as a Person's best-known date would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from safehub.screening.core.facts import (
    EVENT_THING_COLUMNS,
    FACT_COLUMNS,
    PERSON_COLUMNS,
    PERSON_THING_COLUMNS,
)
from safehub.things import normalized_object_value, place_key, thing_key


@dataclass(frozen=True)
class World:
    facts: pd.DataFrame  # FACT_COLUMNS
    persons: pd.DataFrame  # PERSON_COLUMNS
    people: pd.DataFrame  # the ground truth's people (person, kind, sex, victim, ...)
    event_things: pd.DataFrame  # EVENT_THING_COLUMNS
    person_things: pd.DataFrame  # PERSON_THING_COLUMNS


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def world_facts(world: Path) -> World:
    truth = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))
    person_of = {(r["agency"], r["record_id"]): r["person"] for r in truth["records"]}
    frames, event_things, person_things = [], [], []
    for folder in sorted((world / "extracts").iterdir()):
        if not (folder / "events.csv").exists():
            continue
        agency = folder.name
        events = _read(folder / "events.csv")
        people = _read(folder / "event_people.csv")
        frame = people.merge(events, on="event_id")
        if (folder / "locations.csv").exists():
            places = _read(folder / "locations.csv")[["location_id", "premises_type"]]
            frame = frame.merge(places, on="location_id", how="left")
        else:
            frame["premises_type"] = None
        frame["person"] = [person_of[(agency, r)] for r in frame["record_id"]]
        things = _things(folder, agency, person_of)
        event_things.append(things[0])
        person_things.append(things[1])
        frames.append(
            pd.DataFrame(
                {
                    "person": frame["person"],
                    "event": agency + ":" + frame["event_id"],
                    "agency": agency,
                    "event_type": frame["event_type"],
                    "role": frame["role"],
                    "occurred_on": pd.to_datetime(frame["occurred_at"].str[:10]).dt.date,
                    "ended_on": pd.to_datetime(
                        frame["ended_at"].str[:10].replace("", None)
                    ).dt.date,
                    "premises": frame["premises_type"].replace("", None),
                    "summary": frame["summary"],
                }
            )
        )
    facts = pd.concat(frames, ignore_index=True)[list(FACT_COLUMNS)]
    people = pd.DataFrame(truth["people"])
    persons = people[list(PERSON_COLUMNS)].copy()
    persons["date_of_birth"] = pd.to_datetime(persons["date_of_birth"]).dt.date
    return World(
        facts=facts,
        persons=persons,
        people=people,
        event_things=pd.concat(event_things, ignore_index=True),
        person_things=pd.concat(person_things, ignore_index=True),
    )


def _things(
    folder: Path, agency: str, person_of: dict[tuple[str, str], str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(event things, person things) of one agency's extract, keyed as the hub keys them."""
    keys: dict[str, str] = {}
    if (folder / "objects.csv").exists():
        objects = _read(folder / "objects.csv")
        keys = {
            row.object_id: thing_key(
                row.object_type, normalized_object_value(row.object_type, row.value)
            )
            for row in objects.itertuples(index=False)
            if row.value
        }
    on_events: list[tuple[str, str]] = []
    if (folder / "event_objects.csv").exists():
        links = _read(folder / "event_objects.csv")
        on_events = [
            (f"{agency}:{e}", keys.get(o, ""))
            for e, o in zip(links.event_id, links.object_id, strict=True)
        ]
    if (folder / "locations.csv").exists():
        places = _read(folder / "locations.csv")
        place_of = {
            row.location_id: place_key(row.premises_type, row.postcode)
            for row in places.itertuples(index=False)
        }
        events = _read(folder / "events.csv")
        on_events += [
            (f"{agency}:{e}", place_of.get(loc, ""))
            for e, loc in zip(events.event_id, events.location_id, strict=True)
            if loc
        ]
    of_people: list[tuple[str, str]] = []
    if (folder / "person_objects.csv").exists():
        links = _read(folder / "person_objects.csv")
        of_people = [
            (person_of[(agency, r)], keys.get(o, ""))
            for r, o in zip(links.record_id, links.object_id, strict=True)
        ]
    return (
        pd.DataFrame([t for t in on_events if t[1]], columns=list(EVENT_THING_COLUMNS)),
        pd.DataFrame([t for t in of_people if t[1]], columns=list(PERSON_THING_COLUMNS)),
    )
