"""Screening every young person of a synthetic world, from all their events.

    .venv/bin/python benchmarks/screen_bench.py [--young-people 100000] [--seed 21]
        [--keep DIR]

Generates a world (`safehub.synth`, in a child process so its memory is not counted),
reads its extracts as screening facts (each record as its true person: the hub screens
linked Persons), then runs the full re-screen — every rule over every fact, the score on
every day a fact matched, the first day each child reached review — and prints the time
and this process's peak memory. Then, as a first reading of the screening's quality on
this world, beside a reactive baseline (flag at the first harm fact) and a naive
checklist (any two indicators within 12 months): of the current cohort's true victims,
the share flagged at all, the share flagged before their first disclosure or victim
report and the median lead (days) of those, the share of flagged young people who are
true victims, and new flags per 1,000 young people per month. Weights are not fitted to any
seed (docs/indicators.md).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from safehub.screening.core import baselines, rules, scoring  # noqa: E402
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


@dataclass(frozen=True)
class Quality:
    flagged_at_all: float
    before: float  # of victims who disclosed or were reported, flagged before it
    median_lead: float
    precision: float
    flagged: int
    per_thousand_month: float


def quality(world: World, flags: pd.DataFrame) -> Quality:
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
    days = pd.to_datetime(world.facts["occurred_on"])
    months = max(1.0, (days.max() - days.min()).days / 30.44)
    return Quality(
        flagged_at_all=float(victims.index.isin(among).mean()),
        before=sum(1 for lead in leads if lead > 0) / max(1, len(known)),
        median_lead=float(pd.Series([lead for lead in leads if lead > 0]).median()),
        precision=float(victims.index.isin(among).sum() / max(1, len(among))),
        flagged=len(among),
        per_thousand_month=len(among) / (len(young) / 1000) / months,
    )


def report(world: World, methods: dict[str, pd.DataFrame]) -> None:
    people = world.people
    young = people[(people["kind"] == "young_person") & (people["cohort"] == "current")]
    print(
        f"current young people {len(young):,}, true victims {int(young['victim'].sum()):,}"
        " (victims who disclosed or were reported: 'before' and 'lead' are of them)"
    )
    print(
        f"{'':22}{'victims flagged':>16}{'before':>8}{'lead (d)':>9}{'precision':>10}"
        f"{'flagged':>9}{'/1,000/month':>13}"
    )
    for name, flags in methods.items():
        q = quality(world, flags)
        print(
            f"{name:22}{q.flagged_at_all:16.3f}{q.before:8.3f}{q.median_lead:9.0f}"
            f"{q.precision:10.3f}{q.flagged:9,}{q.per_thousand_month:13.3f}"
        )


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
    con = scoring.connect(world.facts, world.persons)
    scoring.match(con)
    report(
        world,
        {
            "screening": flags,
            "reactive (harm only)": baselines.reactive(con),
            "any two in 12 months": baselines.checklist(con),
        },
    )


if __name__ == "__main__":
    main()
