"""Layering: Splink and DuckDB stay in one adapter module; no Django in the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import safehub.linking.pipeline as pipeline

PACKAGE = Path(pipeline.__file__).parent
ADAPTER = "splink_adapter.py"


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_adapter_imports_splink_or_duckdb() -> None:
    offenders = [
        p.name
        for p in PACKAGE.glob("*.py")
        if p.name != ADAPTER and imported(p) & {"splink", "duckdb", "pyspark"}
    ]
    assert offenders == []
    assert {"splink", "duckdb"} <= imported(PACKAGE / ADAPTER)


def test_the_pipeline_never_imports_django() -> None:
    assert [p.name for p in PACKAGE.glob("*.py") if "django" in imported(p)] == []


def test_the_hub_imports_the_pipeline_only_through_its_facade() -> None:
    """Outside the pipeline, linking's modules import `pipeline.facade` and nothing else
    of it (tests may import its insides)."""
    hub = PACKAGE.parent
    offenders = []
    for path in hub.rglob("*.py"):
        if PACKAGE in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            inside = [
                n
                for n in names
                if n.startswith("safehub.linking.pipeline.")
                and not n.startswith("safehub.linking.pipeline.facade")
            ]
            if inside:
                offenders.append(f"{path.relative_to(hub)}: {inside}")
    assert offenders == []
