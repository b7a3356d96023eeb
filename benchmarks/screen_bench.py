"""Screening every young person of a synthetic world, from all their events.

    .venv/bin/python benchmarks/screen_bench.py [--young-people 100000] [--seed 21]
        [--keep DIR]

Generates a world (`safehub.synth`, in a child process so its memory is not counted),
reads its extracts as screening facts (each record as its true person: the hub screens
linked Persons), then runs the full re-screen — every rule over every fact, the score on
every day a fact matched, the first day each child reached review — and prints the time
and this process's peak memory. Then, as a first reading of the screening's quality on
this world: of the current cohort's true victims, the share flagged at all, the share
flagged before their first disclosure or victim report, the median lead in days, and
the share of flagged young people who are true victims. Weights are not fitted to any
seed (docs/indicators.md).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from safehub.screening.core import rules, scoring  # noqa: E402
from safehub.screening.core.synthetic import World, world_facts  # noqa: E402


def make_world(folder: Path, seed: int, young_people: int) -> None:
    if (folder / "ground_truth.json").exists():
        return
    print(f"generating a world of {young_people:,} young people (seed {seed}) ...", flush=True)
    code = (
        "from datetime import date; from pathlib import Path; "
        "from safehub.synth.world import generate; "
        f"generate(out_dir=Path({str(folder)!r}), seed={seed}, young_people={young_people}, "
        "reference_date=date(2026, 11, 1))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def quality(world: World, flags: pd.DataFrame) -> None:
    people = world.people.set_index("person")
    young = people[(people["kind"] == "young_person") & (people["cohort"] == "current")]
    victims = young[young["victim"].astype(bool)]
    flagged = flags.set_index("person")
    among = flagged.index.intersection(young.index)
    known = pd.concat(
        [pd.to_datetime(victims["disclosure"]), pd.to_datetime(victims["victim_crime_report"])],
        axis=1,
    ).min(axis=1)
    known = known.dropna()
    leads = [
        (day - pd.Timestamp(flagged.loc[person, "first_flagged_on"])).days
        for person, day in known.items()
        if person in flagged.index
    ]
    before = sum(1 for lead in leads if lead > 0)
    print(f"current young people {len(young):,}, true victims {len(victims):,}")
    print(f"  victims flagged at all           {victims.index.isin(among).mean():.3f}")
    print(
        f"  flagged before disclosure/report {before / max(1, len(known)):.3f}"
        f" (of {len(known):,} who disclosed or were reported)"
    )
    print(f"  median lead, days                {pd.Series(leads).median():.0f}")
    precision = victims.index.isin(among).sum() / max(1, len(among))
    print(f"  precision (flagged who are victims) {precision:.3f}")
    print(f"  young people flagged             {len(among):,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--young-people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--keep", type=Path, help="generate the world here (or reuse it)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="screen-bench-"))
    make_world(folder, args.seed, args.young_people)
    started = time.perf_counter()
    world = world_facts(folder)
    read = time.perf_counter() - started
    started = time.perf_counter()
    flags = scoring.screen(world.facts, world.persons)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nscreen_bench: {len(world.facts):,} facts of {world.persons.shape[0]:,} people")
    print(f"  read the extracts {read:.1f} s; full re-screen {seconds:.1f} s; peak {peak:,.0f} MB")
    print(f"  rules version {rules.VERSION}")
    quality(world, flags)


if __name__ == "__main__":
    main()
