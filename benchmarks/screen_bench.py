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
true victims, and new flags per 1,000 young people per month; then screening's figures by
sex and ethnicity group, with a warning where a group's recall is more than 10 points from
everyone's (safehub/screening/core/evaluation.py: `safehub evaluate` measures the hub's
own flags the same way). Weights are not fitted to any seed (docs/indicators.md).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks.worlds import make_world  # noqa: E402
from safehub.screening.core import baselines, evaluation, rules, scoring  # noqa: E402
from safehub.screening.core.synthetic import World, world_facts  # noqa: E402


def quality(world: World, methods: dict[str, pd.DataFrame]) -> dict[str, object]:
    """The figures `safehub evaluate` reports, each record taken as its true person."""
    truth = evaluation.truth_from(
        world.people, evaluation.identity_holds(world.people), world.facts["occurred_on"]
    )
    return evaluation.report(truth, methods)


def report(world: World, methods: dict[str, pd.DataFrame]) -> None:
    summary = quality(world, methods)
    print(
        f"current young people {summary['young_people']:,}, true victims "
        f"{summary['victims']:,} (victims who disclosed or were reported: 'before' and "
        "'lead' are of them)"
    )
    for line in evaluation.table_lines(summary):
        print(line)
    for line in evaluation.fairness_lines(summary):
        print(line)


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
    flags = scoring.screen(
        world.facts,
        world.persons,
        event_things=world.event_things,
        person_things=world.person_things,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nscreen_bench: {len(world.facts):,} facts of {world.persons.shape[0]:,} people")
    print(f"  read the extracts {read:.1f} s; full re-screen {seconds:.1f} s; peak {peak:,.0f} MB")
    print(f"  rules version {rules.VERSION}")
    con = scoring.connect(world.facts, world.persons, world.event_things, world.person_things)
    scoring.match(con)
    checklist = baselines.checklist(con)
    report(
        world,
        {"screening": flags, "reactive": baselines.reactive(con), "checklist": checklist},
    )
    at_equal_recall(world, con, checklist)


def at_equal_recall(world: World, con: duckdb.DuckDBPyConnection, checklist: pd.DataFrame) -> None:
    """Workload side by side at equal recall: the highest review threshold at which the
    scores flag at least the checklist's share of victims before disclosure (a point on
    the scores' curve, for comparison only; the hub reviews at scoring.REVIEW_AT)."""
    target: dict[str, float] = quality(world, {"c": checklist})["methods"]["c"]  # type: ignore[index]
    threshold = scoring.REVIEW_AT
    while threshold > 0:
        flagged = scoring.first_flags(con, threshold)
        mine: dict[str, float] = quality(world, {"s": flagged})["methods"]["s"]  # type: ignore[index]
        if mine["flagged_before"] >= target["flagged_before"]:
            print(
                f"at the checklist's recall before disclosure ({target['flagged_before']:.3f}):"
                f" scores from {threshold:g} points flag {mine['flagged_before']:.3f} with"
                f" {mine['per_thousand_month']:.3f} new flags per 1,000 a month, against the"
                f" checklist's {target['per_thousand_month']:.3f}"
            )
            return
        threshold -= 0.25
    print("the scores never reach the checklist's recall before disclosure")


if __name__ == "__main__":
    main()
