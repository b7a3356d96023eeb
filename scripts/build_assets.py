"""Copy the front-end files the pages need from node_modules into the web app's static folder.

Run after `npm ci` (the Makefile's `assets` target does both). The output,
safehub/web/static/vendor/, is build output: git-ignored and rebuilt from the lock file.
Re-running replaces it whole, so a removed or renamed file never lingers.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "safehub" / "web" / "static" / "vendor"

# (source under node_modules, destination under vendor/); a folder is copied whole.
COPIES: list[tuple[str, str]] = [
    ("govuk-frontend/dist/govuk/govuk-frontend.min.css", "govuk/govuk-frontend.min.css"),
    ("govuk-frontend/dist/govuk/govuk-frontend.min.css.map", "govuk/govuk-frontend.min.css.map"),
    ("govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk/govuk-frontend.min.js"),
    ("govuk-frontend/dist/govuk/govuk-frontend.min.js.map", "govuk/govuk-frontend.min.js.map"),
    ("govuk-frontend/dist/govuk/assets", "govuk/assets"),
    ("@ministryofjustice/frontend/moj/moj-frontend.min.css", "moj/moj-frontend.min.css"),
    ("@ministryofjustice/frontend/moj/moj-frontend.min.css.map", "moj/moj-frontend.min.css.map"),
    ("@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj/moj-frontend.min.js"),
    ("@ministryofjustice/frontend/moj/moj-frontend.min.js.map", "moj/moj-frontend.min.js.map"),
    ("@ministryofjustice/frontend/moj/assets", "moj/assets"),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("cytoscape/dist/cytoscape.min.js", "cytoscape/cytoscape.min.js"),
    ("chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js"),
    ("chart.js/dist/chart.umd.min.js.map", "chartjs/chart.umd.min.js.map"),
]

# The packages' compiled CSS points at /assets/ on the site root; the files live beside
# the stylesheet here, so the links are made relative (this also lets Django's manifest
# storage hash them).
RELATIVE_ASSETS = {
    "govuk/govuk-frontend.min.css",
    "moj/moj-frontend.min.css",
}


class AssetsError(Exception):
    pass


def build(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> list[Path]:
    if not node_modules.is_dir():
        raise AssetsError(f"{node_modules} is missing: run npm ci (or `make assets`) first.")
    missing = [src for src, _ in COPIES if not (node_modules / src).exists()]
    if missing:
        raise AssetsError(
            "missing from node_modules (run npm ci to match package-lock.json): "
            + ", ".join(missing)
        )
    staging = vendor.with_name(vendor.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    written: list[Path] = []
    for src, dest in COPIES:
        source, target = node_modules / src, staging / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
        written.append(vendor / dest)
    for name in RELATIVE_ASSETS:
        css = staging / name
        css.write_text(
            css.read_text(encoding="utf-8").replace("url(/assets/", "url(assets/"), encoding="utf-8"
        )
    shutil.rmtree(vendor, ignore_errors=True)
    staging.rename(vendor)
    return written


def main() -> int:
    try:
        written = build()
    except AssetsError as error:
        print(f"build_assets: {error}", file=sys.stderr)
        return 1
    print(f"build_assets: {len(written)} entries copied into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
