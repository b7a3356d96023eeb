"""Synthetic worlds for the benchmarks: generated once into a folder (and reused there),
in a child process so that the generator's memory is not counted in the benchmark's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "date(2026, 11, 1)"


def make_world(folder: Path, seed: int, young_people: int) -> None:
    if (folder / "ground_truth.json").exists():
        return
    print(f"generating a world of {young_people:,} young people (seed {seed}) ...", flush=True)
    code = (
        "from datetime import date; from pathlib import Path; "
        "from safehub.synth.world import generate; "
        f"generate(out_dir=Path({str(folder)!r}), seed={seed}, young_people={young_people}, "
        f"reference_date={REFERENCE})"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
