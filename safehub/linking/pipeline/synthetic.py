"""Read a synthetic world's extracts as pipeline records, with its ground truth.

For tests, benchmarks and tuning without a database: the hub itself feeds the pipeline
from PersonRecords. Records are numbered in the order the extracts list them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from safehub.linking.pipeline.breakdown import kind_of
from safehub.linking.pipeline.features import HANDLES
from safehub.linking.pipeline.types import RECORD_COLUMNS


def world_records(world: Path) -> tuple[pd.DataFrame, dict[int, str]]:
    """(records in RECORD_COLUMNS and `handles`, record unique_id -> true person id)."""
    frames = []
    for folder in sorted((world / "extracts").iterdir()):
        persons = _read(folder / "persons.csv")
        persons.insert(0, "agency", folder.name)
        handles = _handles(folder)
        persons[HANDLES] = persons["record_id"].map(handles).fillna("")
        frames.append(persons)
    records = pd.concat(frames, ignore_index=True)
    records.insert(0, "unique_id", range(1, len(records) + 1))
    records = records[[*RECORD_COLUMNS, HANDLES]]
    truth_rows = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))["records"]
    person_of = {(row["agency"], row["record_id"]): row["person"] for row in truth_rows}
    truth = {
        int(uid): person_of[(agency, record_id)]
        for uid, agency, record_id in zip(
            records["unique_id"], records["agency"], records["record_id"], strict=True
        )
    }
    return records, truth


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _handles(folder: Path) -> dict[str, str]:
    """record_id -> the `social_media` objects the extract links to it, `;`-separated,
    as the hub reads them from its PersonObjects (`records_frame.handles_of`)."""
    if not (folder / "objects.csv").exists() or not (folder / "person_objects.csv").exists():
        return {}
    objects = _read(folder / "objects.csv")
    handles = objects[objects["object_type"] == "social_media"].set_index("object_id")["value"]
    links = _read(folder / "person_objects.csv")
    links = links[links["object_id"].isin(handles.index)]
    values = links["object_id"].map(handles)
    return values.groupby(links["record_id"], sort=False).agg(";".join).to_dict()


def world_kinds(world: Path) -> dict[str, str]:
    """True person id -> kind (breakdown.KINDS): victim, offender, other young person or adult."""
    people = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))["people"]
    return {str(person["person"]): kind_of(person) for person in people}
