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

from safehub.screening.core.facts import FACT_COLUMNS, PERSON_COLUMNS


@dataclass(frozen=True)
class World:
    facts: pd.DataFrame  # FACT_COLUMNS
    persons: pd.DataFrame  # PERSON_COLUMNS
    people: pd.DataFrame  # the ground truth's people (person, kind, sex, victim, ...)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def world_facts(world: Path) -> World:
    truth = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))
    person_of = {(r["agency"], r["record_id"]): r["person"] for r in truth["records"]}
    frames = []
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
    return World(facts=facts, persons=persons, people=people)
