"""A small synthetic world shared by the synth tests (generated once per session)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from safehub.synth import WorldSummary, generate

SEED = 11
YOUNG_PEOPLE = 1500


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> WorldSummary:
    return generate(out_dir=tmp_path_factory.mktemp("world"), seed=SEED, young_people=YOUNG_PEOPLE)


@pytest.fixture(scope="session")
def truth(world: WorldSummary) -> dict:
    return json.loads((world.out_dir / "ground_truth.json").read_text(encoding="utf-8"))


def read_rows(folder: Path, kind: str) -> list[dict[str, str]]:
    path = folder / f"{kind}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def extracts(world: WorldSummary) -> dict[str, dict[str, list[dict[str, str]]]]:
    """Every extract's rows: {agency: {kind: rows}}."""
    kinds = (
        "persons",
        "locations",
        "objects",
        "events",
        "event_people",
        "event_objects",
        "person_objects",
        "person_locations",
        "person_people",
    )
    return {
        folder.name: {kind: read_rows(folder, kind) for kind in kinds}
        for folder in sorted((world.out_dir / "extracts").iterdir())
    }
