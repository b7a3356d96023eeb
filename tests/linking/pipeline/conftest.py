"""A small synthetic world and a model trained on it, made once per test session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from safehub.linking.pipeline import facade
from safehub.linking.pipeline.synthetic import world_records
from safehub.synth.world import generate

SEED = 31
YOUNG_PEOPLE = 600


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, dict[int, str]]:
    """(records in RECORD_COLUMNS, record id -> true person) of a 600-child world."""
    folder: Path = tmp_path_factory.mktemp("linking-world")
    generate(out_dir=folder, seed=SEED, young_people=YOUNG_PEOPLE)
    return world_records(folder)


@pytest.fixture(scope="session")
def model(world: tuple[pd.DataFrame, dict[int, str]]) -> facade.LinkModel:
    records, _truth = world
    return facade.train(records, seed=1)
