"""Import speed and memory: synthetic worlds of 10k and 100k young people on SQLite.

    .venv/bin/python benchmarks/import_bench.py [--sizes 10000,100000] [--seed 11]

The health agency's sexual-health clinic is set up as in the demo, so each import also
gives its records their service's sensitivity.
Each size is imported into a fresh SQLite database by a child process, so its peak
memory (max RSS) is its own. Prints rows, seconds, rows/second and peak memory per size.
Worlds are generated once and kept under benchmarks/out/.
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

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def child(world: Path, database: Path) -> None:
    """Runs in the child: set up a hub, import every extract, report rows and seconds."""
    import django
    from django.core.management import call_command

    django.setup()
    from safehub.access.services.registration import agency_upsert
    from safehub.ingest.services import extract_import
    from safehub.records.sensitivity import agency_sensitivity_set, record_service_set

    call_command("migrate", verbosity=0)
    for entry in json.loads((world / "agencies.json").read_text()):
        agency = agency_upsert(code=entry["code"], name=entry["name"], type=entry["type"])
        if agency.type == "health":  # as the demo: the clinic's records are sexual health
            agency_sensitivity_set(actor=None, agency=agency, sensitivity="health")
            record_service_set(
                actor=None,
                agency=agency,
                name="Sexual health clinic",
                sensitivity="sexual_health",
                record_id_prefix="SH",
            )
    rows, started = 0, time.perf_counter()
    for folder in sorted((world / "extracts").iterdir()):
        rows += sum(extract_import(path=folder).row_counts.values())
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "peak_mib": _peak_mib(),
                "database_bytes": database.stat().st_size,
            }
        )
    )


def _peak_mib() -> float:
    """This process's own peak resident memory. (Not the parent's wait4 figure: Linux
    carries the high-water mark across fork and exec, so a child started by a large
    parent would report the parent's peak.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def world_for(size: int, seed: int) -> tuple[Path, float | None]:
    """The synthetic world, generated once (in a child process, keeping this one small)."""
    folder = OUT / f"world-{seed}-{size}"
    if (folder / "agencies.json").exists():
        return folder, None
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "safehub.cli",
            "synth",
            "--out",
            str(folder),
            "--seed",
            str(seed),
            "--young-people",
            str(size),
        ],
        check=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "SAFEHUB_SECRET_KEY": "benchmark-only-" + "b" * 40,
        },
        stdout=subprocess.DEVNULL,
    )
    return folder, time.perf_counter() - started


def measure(world: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="safehub-bench-") as temp:
        database = Path(temp) / "hub.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "safehub.settings",
            "SAFEHUB_DATABASE_URL": f"sqlite:///{database}",
            "SAFEHUB_VAR_DIR": temp,
            "SAFEHUB_SECRET_KEY": "benchmark-only-" + "b" * 40,
            "PYTHONPATH": str(ROOT),
        }
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", str(world), str(database)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        output = process.stdout.read()
        if process.wait() != 0:
            raise SystemExit(f"the import of {world} failed (status {process.returncode})")
        return dict(json.loads(output))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--child", nargs=2, metavar=("WORLD", "DATABASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return
    print(
        f"{'young people':>12} {'rows':>11} {'seconds':>8} {'rows/s':>9} "
        f"{'peak MiB':>9} {'db MiB':>7}  (synth seconds)"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        world, synth_seconds = world_for(size, args.seed)
        result = measure(world)
        peak = result["peak_mib"]
        rate = result["rows"] / result["seconds"]
        made = f"{synth_seconds:.0f}" if synth_seconds is not None else "cached"
        print(
            f"{size:>12,} {int(result['rows']):>11,} {result['seconds']:>8.1f} {rate:>9,.0f} "
            f"{peak:>9.0f} {result['database_bytes'] / 2**20:>7.0f}  ({made})",
            flush=True,
        )


if __name__ == "__main__":
    main()
