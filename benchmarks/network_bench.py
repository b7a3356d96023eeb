"""The association graph of a synthetic world: built, analysed, and measured against the
world's true networks.

    .venv/bin/python benchmarks/network_bench.py [--young-people 20000] [--seed 21]
        [--keep DIR] [--resolution R] [--copies K]

Generates a world (`safehub.synth`, in a child process), reads its extracts as the
network's frames (each record as its true person), builds the graph, finds networks
(Leiden) and, side by side, the connected components of the same graph; ranks suspects
and gateways. With `--copies K` the frames are the world's K times over, each copy's
people, events, things and networks relabelled (disjoint copies of one real world, as if
K towns' hubs were built as one): a larger input of the same shape, say 1M edges from
nine copies of a 100k-young-people world, without generating one town of 900k.

Prints the input (frame rows, nodes, edges), the time of each stage, the peak memory of
building and analysing (the frames held, as the hub holds them; reading the extracts and
the truth are not counted — the process's own peak is printed too), the share of true
organised networks recovered at Jaccard ≥ 0.5 and ≥ 0.8, the share of true offenders
among the top 50 suspects, and the correlation of suspects' reach with their victims.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.worlds import make_world  # noqa: E402
from safehub.network.core import analysis, evaluation, graph  # noqa: E402
from safehub.network.core.synthetic import World, replicated, world_frames  # noqa: E402

T = TypeVar("T")
STATUS = Path("/proc/self/status")


@dataclass(frozen=True)
class Truth:
    """What the measures need of the world's truth (the rest is let go before building)."""

    networks: dict[str, set[str]]
    offenders: set[str]
    victims_of: dict[str, int]

    @classmethod
    def of(cls, world: World) -> Truth:
        victims_of: dict[str, int] = {}
        for network in world.networks:
            for offender in network["offenders"]:
                victims_of[offender] = victims_of.get(offender, 0) + len(network["victims"])
        people = world.people
        return cls(
            networks=evaluation.true_networks(world.networks, world.recorded),
            offenders=set(people.loc[people["offender"].astype(bool), "person"]),
            victims_of=victims_of,
        )


def _peak_mb() -> float:
    """The process's peak resident memory since the last `_reset_peak` (Linux), else
    since it started."""
    if STATUS.exists():
        for line in STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> bool:
    """Memory freed after reading (the truth, the extracts' rows) handed back to the
    system, then the peak set to what is held now."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        return False
    return True


class Stages:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, name: str, work: Callable[[], T]) -> T:
        started = time.perf_counter()
        result = work()
        self.seconds[name] = time.perf_counter() - started
        return result

    def line(self, names: tuple[str, ...]) -> str:
        return ", ".join(f"{n} {self.seconds[n]:.1f} s" for n in names)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--young-people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--keep", type=Path, help="generate the world here (or reuse it)")
    parser.add_argument("--resolution", type=float, default=analysis.RESOLUTION)
    parser.add_argument(
        "--copies", type=int, default=1, help="the world's frames this many times, disjoint"
    )
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="network-bench-"))
    make_world(folder, args.seed, args.young_people)
    stages = Stages()
    world = stages.run("read", lambda: replicated(world_frames(folder), args.copies))
    truth = Truth.of(world)
    frames = (world.presence, world.person_things, world.event_things, world.relations)
    persons, on = world.persons, date.fromisoformat(world.reference)
    del world  # the truth's people are not the hub's input
    source = "one world" if args.copies == 1 else f"{args.copies} disjoint copies of one world"
    print(
        f"\nnetwork_bench: {args.young_people:,} young people, seed {args.seed}, {source}\n"
        f"  frames: {len(frames[0]):,} presence, {len(frames[1]):,} person-thing, "
        f"{len(frames[2]):,} event-thing, {len(frames[3]):,} relation, {len(persons):,} "
        "person rows"
    )
    counted = _reset_peak()
    held = _peak_mb()
    built = stages.run("build", lambda: graph.build(*frames, persons))
    membership = stages.run("communities", lambda: analysis.communities(built, args.resolution))
    found = stages.run("networks", lambda: analysis.networks(built, membership))
    ranked = stages.run("rank", lambda: analysis.rank_suspects(built, on))
    gates = stages.run("gateways", lambda: analysis.gateways(built, on))
    peak = _peak_mb()
    analyse = sum(stages.seconds[n] for n in ("communities", "networks", "rank", "gateways"))
    print(f"  graph: {len(built.nodes):,} nodes, {len(built.edges):,} edges")
    print(f"  read {stages.seconds['read']:.1f} s (not counted)")
    print(f"  built {stages.seconds['build']:.1f} s, analysed {analyse:.1f} s")
    print(f"    ({stages.line(('communities', 'networks', 'rank', 'gateways'))})")
    what = "building and analysing, frames held" if counted else "the whole process"
    print(f"  peak memory {peak:,.0f} MB ({what}: {held:,.0f} MB before building);")
    print("  the process's own peak", end=" ")
    print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    _measures(built, truth, found, ranked)
    print(f"  gateways: {len(gates):,}; the first five:")
    print(gates.head(5).to_string(index=False))


def _measures(
    built: graph.AssociationGraph, truth: Truth, found: pd.DataFrame, ranked: pd.DataFrame
) -> None:
    baseline = analysis.networks(built, analysis.components(built))
    for name, frame in (("leiden", found), ("connected components", baseline)):
        got = evaluation.recovered(truth.networks, frame)
        print(
            f"  {name:22} {frame['network'].nunique():>6,} networks; of {got['networks']} true "
            f"organised networks {got['at_0_5']:.3f} at Jaccard ≥ 0.5, {got['at_0_8']:.3f} ≥ 0.8"
        )
    print(
        f"  top 50 suspects: {evaluation.top_suspects(ranked, truth.offenders):.2f} true "
        f"offenders; reach ~ victims (Spearman) "
        f"{evaluation.connectedness(ranked, truth.victims_of):.2f}"
    )


if __name__ == "__main__":
    main()
