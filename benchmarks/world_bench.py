"""Linking the synthetic world: the hub's pipeline beside plain Splink, by kind of person.

    .venv/bin/python benchmarks/world_bench.py [--young-people 20000] [--seed 91]
        [--keep DIR] [--only ours|reference] [--missed N]

Generates a world (`safehub.synth`, the same as `safehub synth`), reads its extracts as
the pipeline's records, and links them twice in this one run: the hub's pipeline
(prepare, train, score, cluster, no database) and plain Splink configured as its
documentation's examples (`splink_adapter.plain_splink_clusters`). Prints pairwise
precision, recall and F1 of each, overall, for each kind of person (victims, offenders,
other young people, other adults) and for pairs inside one agency apart from pairs
across two; the pairs the hub's pipeline sends to review per 1,000 records; and, with
--missed, examples of the true pairs ours missed (for tuning, on a tuning seed only).

Seed 21 is the tuning world; report on another (91 by default).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from safehub.linking.pipeline import facade as api  # noqa: E402
from safehub.linking.pipeline.breakdown import PairCounts, breakdown  # noqa: E402
from safehub.linking.pipeline.synthetic import world_kinds, world_records  # noqa: E402

SIDES = ("reference", "ours")


def make_world(folder: Path, seed: int, young_people: int) -> None:
    from safehub.synth.world import generate

    if (folder / "ground_truth.json").exists():
        return
    print(f"generating a world of {young_people:,} young people (seed {seed}) ...", flush=True)
    started = time.perf_counter()
    generate(out_dir=folder, seed=seed, young_people=young_people, reference_date=date(2026, 11, 1))
    print(f"  {time.perf_counter() - started:.1f}s", flush=True)


def run_ours(records: pd.DataFrame, seed: int) -> tuple[dict[int, str], dict[str, float]]:
    started = time.perf_counter()
    features = api.prepare(records)
    model = api.train(features, seed=seed)
    pairs = api.score(model, features, min_weight=api.MIN_WEIGHT)
    result = api.cluster(
        records[["unique_id", "agency", "nhs_number", "upn", "pnc_id"]],
        pairs,
        link_weight=api.LINK_WEIGHT,
        review_band=api.REVIEW_BAND,
        model=model,
    )
    return result.assignment, {
        "seconds": time.perf_counter() - started,
        "review": float(len(result.review)),
        "pairs": float(len(pairs)),
    }


def run_reference(records: pd.DataFrame, seed: int) -> tuple[dict[int, str], dict[str, float]]:
    from safehub.linking.pipeline.model import EM_MAX_PAIRS
    from safehub.linking.pipeline.splink_adapter import (
        DuckDBBackend,
        plain_splink_clusters,
    )

    started = time.perf_counter()
    clusters = plain_splink_clusters(
        records,
        seed=seed,
        em_pairs=EM_MAX_PAIRS,
        backend=DuckDBBackend(),
    )
    assignment = {
        int(i): str(c) for i, c in zip(clusters["unique_id"], clusters["cluster_id"], strict=True)
    }
    return assignment, {"seconds": time.perf_counter() - started}


def report(
    records: int, results: dict[str, dict[str, PairCounts]], stats: dict[str, dict[str, float]]
) -> None:
    sides = [s for s in SIDES if s in results]
    groups = list(results[sides[-1]])
    print(f"\nworld_bench: {records:,} records")
    header = f"{'':<40}{'true pairs':>11}"
    for side in sides:
        header += f"  {side + ' P':>12}{'R':>7}{'F1':>7}"
    print(header)
    for group in groups:
        line = f"{group:<40}{results[sides[-1]][group].true_pairs:>11,}"
        for side in sides:
            c = results[side][group]
            line += f"  {c.precision:>12.4f}{c.recall:>7.4f}{c.f1:>7.4f}"
        print(line)
    for side in sides:
        extra = ""
        if "review" in stats[side]:
            per_thousand = 1000 * stats[side]["review"] / records
            extra = (
                f", {int(stats[side]['review']):,} pairs to review ({per_thousand:.1f} per 1,000)"
            )
        print(f"{side}: {stats[side]['seconds']:.1f}s{extra}")


def show_missed(
    records: pd.DataFrame,
    predicted: dict[int, str],
    truth: dict[int, str],
    kinds: dict[str, str],
    limit: int,
) -> None:
    """True pairs ours left apart, the hardest kinds first (for tuning on seed 21)."""
    frame = records.set_index("unique_id")
    by_person: dict[str, list[int]] = {}
    for uid, person in truth.items():
        by_person.setdefault(person, []).append(uid)
    shown = 0
    for person, uids in sorted(by_person.items(), key=lambda p: kinds.get(p[0], "") != "victim"):
        clusters = {predicted[u] for u in uids}
        if len(clusters) < 2:
            continue
        print(f"\n{person} ({kinds.get(person)}), {len(uids)} records in {len(clusters)} clusters")
        columns = ["agency", "record_id", "given_names", "family_name", "other_names"]
        columns += ["date_of_birth", "sex", "postcode", "address", "phone", "handles", "pnc_id"]
        shown_frame = frame.loc[uids, columns].assign(cluster=[predicted[u][-6:] for u in uids])
        print(shown_frame.to_string())
        shown += 1
        if shown >= limit:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--young-people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=91)
    parser.add_argument("--keep", type=Path, help="keep the world here (and reuse it)")
    parser.add_argument("--only", choices=SIDES)
    parser.add_argument("--missed", type=int, default=0, help="show this many missed people")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="world-bench-") as temp:
        world = args.keep or Path(temp)
        world.mkdir(parents=True, exist_ok=True)
        make_world(world, args.seed, args.young_people)
        records, truth = world_records(world)
        kinds = world_kinds(world)
        agency = dict(zip(records["unique_id"].astype(int), records["agency"], strict=True))
        results: dict[str, dict[str, PairCounts]] = {}
        stats: dict[str, dict[str, float]] = {}
        assignments: dict[str, dict[int, str]] = {}
        for side in SIDES if args.only is None else (args.only,):
            print(f"running {side} on {len(records):,} records ...", flush=True)
            run = run_ours if side == "ours" else run_reference
            assignments[side], stats[side] = run(records, args.seed)
            results[side] = breakdown(assignments[side], truth, kinds, agency)
        report(len(records), results, stats)
        if args.missed and "ours" in assignments:
            show_missed(records, assignments["ours"], truth, kinds, args.missed)
        if args.json:
            out: dict[str, Any] = {
                side: {
                    "stats": stats[side],
                    "groups": {
                        g: {**vars(c), "precision": c.precision, "recall": c.recall, "f1": c.f1}
                        for g, c in results[side].items()
                    },
                }
                for side in results
            }
            args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
