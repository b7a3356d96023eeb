"""Fixtures of the linking tests: one small synthetic world and one model trained on it
(once per session: training is the slow part), and a hub that has imported the world.

Tests that claim linking works run the real pipeline (Splink on DuckDB); they reuse the
trained model so that each link run costs a second or two, not a training.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import LazySettings

from safehub.access.services.registration import agency_add
from safehub.agencies.models import Agency, HubScope, Sensitivity, SharingCondition
from safehub.ingest import services as ingest
from safehub.linking.models import LinkModelVersion
from safehub.linking.pipeline import facade as pipeline
from safehub.linking.pipeline.synthetic import world_records
from safehub.records.models import PersonRecord
from safehub.synth.world import generate
from tests import factories as f

WORLD_SEED = 3
WORLD_YOUNG_PEOPLE = 200


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("world")
    generate(out_dir=folder, seed=WORLD_SEED, young_people=WORLD_YOUNG_PEOPLE)
    return folder


@pytest.fixture(scope="session")
def model_json(world: Path) -> str:
    records, _ = world_records(world)
    return pipeline.train(records, seed=1).to_json()


@pytest.fixture(autouse=True)
def linking_var_dir(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Each test's own var/ (checkpoints of link runs live there; xdist workers share
    the suite's). The pure pipeline's tests (tests/linking/pipeline/) need none."""
    if "pipeline" in request.node.path.parts:
        return
    settings: LazySettings = request.getfixturevalue("settings")
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def trained(db: None, model_json: str) -> LinkModelVersion:
    """The session's model, as the hub's active model."""
    model = pipeline.LinkModel.from_json(model_json)
    return LinkModelVersion.objects.create(
        version=model.version,
        model_json=model_json,
        summary=model.summary,
        trained_on_records=0,
        active=True,
    )


def _agencies(world: Path) -> dict[str, Agency]:
    entries = json.loads((world / "agencies.json").read_text(encoding="utf-8"))
    return {e["code"]: agency_add(code=e["code"], name=e["name"], type=e["type"]) for e in entries}


ImportWorld = Callable[..., dict[str, Agency]]


@pytest.fixture
def import_world(db: None, world: Path) -> ImportWorld:
    """`import_world(skip=("voluntary",))`: the world's agencies and extracts in the hub."""

    def run(*, skip: tuple[str, ...] = ()) -> dict[str, Agency]:
        agencies = {a.code: a for a in Agency.objects.all()} or _agencies(world)
        for folder in sorted((world / "extracts").iterdir()):
            if folder.name not in skip:
                ingest.extract_import(path=folder)
        return agencies

    return run


@pytest.fixture
def hub(import_world: ImportWorld, trained: LinkModelVersion) -> dict[str, Agency]:
    """The whole world imported (each record its own Person), the model active."""
    agencies = import_world()
    assert PersonRecord.objects.count() > 400
    return agencies


@pytest.fixture
def linkage_everywhere(hub: dict[str, Agency]) -> dict[str, Agency]:
    """Every agency shares all it holds with every other, always, and its records'
    identity for link review: any supervisor, analyst or linkage officer may decide any
    pair."""
    for provider in hub.values():
        for recipient in hub.values():
            if provider != recipient:
                f.agreement(
                    provider,
                    recipient,
                    *Sensitivity.values,
                    linkage=True,
                    condition=SharingCondition.ALWAYS,
                    scope=HubScope.ANY_HUB,
                )
    return hub


def truth(world: Path) -> dict[tuple[str, str], str]:
    data = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))
    return {(r["agency"], r["record_id"]): r["person"] for r in data["records"]}
