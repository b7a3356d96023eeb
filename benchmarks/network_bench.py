"""The association graph of a synthetic world: built, analysed, and measured against the
world's true networks.

    .venv/bin/python benchmarks/network_bench.py [--young-people 20000] [--seed 21]
        [--keep DIR] [--resolution R]

Generates a world (`safehub.synth`, in a child process), reads its extracts as the
network's frames (each record as its true person), builds the graph, finds networks
(Leiden) and, side by side, the connected components of the same graph; ranks suspects
and gateways. Prints the time and peak memory of building and analysing, the share of
true organised networks recovered at Jaccard ≥ 0.5 and ≥ 0.8, the share of true
offenders among the top 50 suspects, and the correlation of suspects' reach with their
victims.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.worlds import make_world  # noqa: E402
from safehub.network.core import analysis, evaluation, graph  # noqa: E402
from safehub.network.core.synthetic import world_frames  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--young-people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--keep", type=Path, help="generate the world here (or reuse it)")
    parser.add_argument("--resolution", type=float, default=analysis.RESOLUTION)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="network-bench-"))
    make_world(folder, args.seed, args.young_people)
    world = world_frames(folder)
    on = date.fromisoformat(world.reference)
    started = time.perf_counter()
    built = graph.build(
        world.presence, world.person_things, world.event_things, world.relations, world.persons
    )
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    found = analysis.networks(built, analysis.communities(built, args.resolution))
    ranked = analysis.rank_suspects(built, on)
    gates = analysis.gateways(built, on)
    analyse_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nnetwork_bench: {len(built.nodes):,} nodes, {len(built.edges):,} edges")
    print(f"  built {build_s:.1f} s, analysed {analyse_s:.1f} s; peak {peak:,.0f} MB")
    truth = evaluation.true_networks(world.networks, world.recorded)
    baseline = analysis.networks(built, analysis.components(built))
    for name, frame in (("leiden", found), ("connected components", baseline)):
        got = evaluation.recovered(truth, frame)
        print(
            f"  {name:22} {frame['network'].nunique():>6,} networks; of {got['networks']} true "
            f"organised networks {got['at_0_5']:.3f} at Jaccard ≥ 0.5, {got['at_0_8']:.3f} ≥ 0.8"
        )
    offenders = set(world.people.loc[world.people["offender"].astype(bool), "person"])
    victims_of: dict[str, int] = {}
    for network in world.networks:
        for offender in network["offenders"]:
            victims_of[offender] = victims_of.get(offender, 0) + len(network["victims"])
    print(
        f"  top 50 suspects: {evaluation.top_suspects(ranked, offenders):.2f} true offenders; "
        f"reach ~ victims (Spearman) {evaluation.connectedness(ranked, victims_of):.2f}"
    )
    print(f"  gateways: {len(gates):,}; the first five:")
    print(gates.head(5).to_string(index=False))


if __name__ == "__main__":
    main()
