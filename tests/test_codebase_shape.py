"""The shape of the codebase (docs/architecture.md, "The shape of an app"): small modules,
and every domain app laid out the same way, so the apps still to come have one model."""

from __future__ import annotations

from pathlib import Path

import pytest

SAFEHUB = Path(__file__).resolve().parents[1] / "safehub"
MOST_LINES = 420  # "about 400": room for a docstring, not for a second subject
EXEMPT = {
    # The one module that speaks Splink's API; its size follows Splink's settings shape.
    SAFEHUB / "linking" / "pipeline" / "splink_adapter.py",
}
DOMAIN_APPS = ("access", "records", "linking", "ingest")
# Each a module, or a package of modules named for their subjects when one would be long.
EVERY_APP_HAS = ("models", "services", "queries", "views", "urls")


def _modules() -> list[Path]:
    return sorted(
        path
        for path in SAFEHUB.rglob("*.py")
        if "migrations" not in path.parts and path not in EXEMPT
    )


def test_no_module_is_over_about_400_lines() -> None:
    too_long = {
        str(path.relative_to(SAFEHUB.parent)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert not too_long, f"split these along their seams: {too_long}"


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_every_domain_app_has_the_same_shape(app: str) -> None:
    folder = SAFEHUB / app
    missing = [
        name
        for name in EVERY_APP_HAS
        if not ((folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file())
    ]
    assert not missing, f"safehub/{app} lacks {missing}"
    assert (folder / "templates" / app).is_dir(), f"safehub/{app} keeps no templates/{app}/"


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_an_apps_api_lives_in_the_api_package(app: str) -> None:
    """One home for every app's JSON API: safehub/api (the top layer, beside the pages)."""
    assert not (SAFEHUB / app / "api.py").exists()
    assert not (SAFEHUB / app / "serializers.py").exists()
