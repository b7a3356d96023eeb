"""Linkage at scale: the hub's pipeline beside plain Splink, on the same generated records.

    .venv/bin/python benchmarks/link_bench.py --records 100000 [--seed 7] [--repeat 3]
        [--memory-limit 8GB] [--only ours|reference] [--keep DIR]

`benchmarks/linkgen.py` makes the records (several agencies, realistic corruptions, the
true person of each). Each side then runs in a child process of its own, so that its
peak memory (max RSS from os.wait4) and time are its own:

- ours: prepare -> train -> score -> cluster (safehub.linking.pipeline.facade), DuckDB with
  a memory limit and a spill directory;
- reference: Splink as its documentation's examples use it (name comparisons with term
  frequencies, date of birth, postcode, exact blocking on a few fields, connected
  components at 0.95).

Prints pairwise precision, recall and F1 of each against the truth, time and peak
memory, and the ratios (ours / reference). Timings exclude generating and reading the
records, the same for both. With --repeat the two sides run in turn that many times and
the fastest run of each counts (the machine may be shared; the results do not change).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIDES = ("reference", "ours")


# ------------------------------------------------------------------ children


def run_ours(data: Path, seed: int, memory_limit: str) -> dict[str, float]:
    """The hub's pipeline; writes ours.clusters.parquet, returns seconds per stage."""
    import pandas as pd

    from safehub.linking.pipeline import facade as api

    records = pd.read_parquet(data / "records.parquet")
    backend = api.DuckDBBackend(memory_limit=memory_limit, temp_dir=data)
    stages: dict[str, float] = {}
    started = time.perf_counter()
    features = api.prepare(records)
    stages["prepare"] = time.perf_counter() - started
    model = api.train(features, seed=seed, backend=backend)
    stages["train"] = time.perf_counter() - started - sum(stages.values())
    pairs = api.score(model, features, min_weight=api.MIN_WEIGHT, backend=backend)
    stages["score"] = time.perf_counter() - started - sum(stages.values())
    del features
    result = api.cluster(
        records[["unique_id", "agency", "nhs_number", "upn", "pnc_id"]],
        pairs,
        link_weight=api.LINK_WEIGHT,
        review_band=api.REVIEW_BAND,
        model=model,
    )
    stages["cluster"] = time.perf_counter() - started - sum(stages.values())
    stages["pairs"] = float(len(pairs))
    stages["review"] = float(len(result.review))
    pd.DataFrame(
        {"unique_id": list(result.assignment), "cluster_id": list(result.assignment.values())}
    ).to_parquet(data / "ours.clusters.parquet")
    return stages


def run_reference(data: Path, seed: int) -> dict[str, float]:
    """Plain Splink; writes reference.clusters.parquet, returns seconds."""
    import pandas as pd

    from safehub.linking.pipeline.model import EM_MAX_PAIRS
    from safehub.linking.pipeline.splink_adapter import DuckDBBackend, plain_splink_clusters

    records = pd.read_parquet(data / "records.parquet")
    started = time.perf_counter()
    # u from ten million random pairs (the function's default); EM as capped.
    clusters = plain_splink_clusters(
        records,
        seed=seed,
        em_pairs=EM_MAX_PAIRS,
        backend=DuckDBBackend(memory_limit="20GB", temp_dir=data),
    )
    seconds = time.perf_counter() - started
    clusters["cluster_id"] = clusters["cluster_id"].astype(str)
    clusters.to_parquet(data / "reference.clusters.parquet")
    return {"total": seconds}


def child(side: str, data: Path, seed: int, memory_limit: str) -> None:
    stages = run_ours(data, seed, memory_limit) if side == "ours" else run_reference(data, seed)
    (data / f"{side}.json").write_text(json.dumps(stages))


# ------------------------------------------------------------------ parent


def measure(side: str, data: Path, seed: int, memory_limit: str) -> dict[str, Any]:
    """Run one side in a child process: its stages, wall time and peak RSS."""
    command = [
        sys.executable,
        __file__,
        "--child",
        side,
        "--data",
        str(data),
        "--seed",
        str(seed),
        "--memory-limit",
        memory_limit,
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{side} failed (exit {os.waitstatus_to_exitcode(status)})")
    stages = json.loads((data / f"{side}.json").read_text())
    seconds = sum(v for k, v in stages.items() if k not in {"pairs", "review"})
    return {"stages": stages, "seconds": seconds, "wall": wall, "peak_mb": usage.ru_maxrss / 1024}


def quality(side: str, data: Path) -> dict[str, float]:
    import numpy as np
    import pandas as pd

    from safehub.linking.pipeline import facade as api

    clusters = pd.read_parquet(data / f"{side}.clusters.parquet")
    truth_of = np.load(data / "truth.npy")
    ids = pd.read_parquet(data / "records.parquet", columns=["unique_id"])["unique_id"]
    truth = {int(i): str(p) for i, p in zip(ids, truth_of, strict=True)}
    predicted = {
        int(i): str(c) for i, c in zip(clusters["unique_id"], clusters["cluster_id"], strict=True)
    }
    metrics = api.evaluate(predicted, truth)
    return {
        "precision": metrics.pairwise_precision,
        "recall": metrics.pairwise_recall,
        "f1": metrics.pairwise_f1,
        "bcubed_f1": metrics.bcubed_f1,
    }


def generate(records: int, seed: int, data: Path) -> float:
    import numpy as np

    from benchmarks.linkgen import generate as make

    started = time.perf_counter()
    frame, truth = make(records, seed=seed)
    frame.to_parquet(data / "records.parquet")
    np.save(data / "truth.npy", truth)
    return time.perf_counter() - started


def report(records: int, results: dict[str, dict[str, Any]]) -> None:
    print(f"\nlink_bench: {records:,} records")
    print(
        f"{'':<10}{'precision':>10}{'recall':>9}{'F1':>8}{'B3 F1':>8}{'seconds':>9}{'peak MB':>9}"
    )
    for side in (s for s in SIDES if s in results):
        r = results[side]
        print(
            f"{side:<10}{r['precision']:>10.4f}{r['recall']:>9.4f}{r['f1']:>8.4f}"
            f"{r['bcubed_f1']:>8.4f}{r['seconds']:>9.1f}{r['peak_mb']:>9.0f}"
        )
    if "ours" in results:
        stages = results["ours"]["stages"]
        print(
            "ours by stage: "
            + ", ".join(
                f"{k} {v:.1f}s" if k not in {"pairs", "review"} else f"{k} {int(v):,}"
                for k, v in stages.items()
            )
        )
    if len(results) == 2:
        ours, ref = results["ours"], results["reference"]
        print(
            f"ours - reference F1: {ours['f1'] - ref['f1']:+.4f}; time ratio "
            f"{ours['seconds'] / ref['seconds']:.2f}x; memory ratio "
            f"{ours['peak_mb'] / ref['peak_mb']:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB's limit for ours")
    parser.add_argument("--only", choices=SIDES)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; fastest counts")
    parser.add_argument("--keep", type=Path, help="keep the generated data here")
    parser.add_argument("--child", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.seed, args.memory_limit)
        return
    with tempfile.TemporaryDirectory(prefix="link-bench-") as temp:
        data = args.keep or Path(temp)
        data.mkdir(parents=True, exist_ok=True)
        if not (data / "records.parquet").exists():
            print(f"generating {args.records:,} records ...", flush=True)
            print(f"  {generate(args.records, args.seed, data):.1f}s", flush=True)
        results: dict[str, dict[str, Any]] = {}
        for turn in range(args.repeat):
            for side in SIDES if args.only is None else (args.only,):
                print(f"running {side} ({turn + 1}/{args.repeat}) ...", flush=True)
                run = measure(side, data, args.seed, args.memory_limit)
                print(f"  {run['seconds']:.1f}s, {run['peak_mb']:.0f} MB", flush=True)
                if side not in results or run["seconds"] < results[side]["seconds"]:
                    results[side] = run
                    results[side].update(quality(side, data))
        report(args.records, results)
        (data / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
