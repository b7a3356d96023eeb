"""How well the hub's networks match a synthetic world's (`safehub evaluate`): the stored
networks of the last build beside the connected components of the same graph, the
ranked suspects, and whether reach goes with victims. Reads ids and dates only."""

from __future__ import annotations

from typing import Any

import pandas as pd

from safehub.network import hub_frames
from safehub.network.core import analysis, graph
from safehub.network.core import evaluation as figures
from safehub.network.models import NetworkMember, NetworkRun, SuspectRank
from safehub.records.queries.truth import holds

MAPPING = (
    "a true person is the Person holding most of their records; a Person is a true "
    "offender when more than half of its records are one offender's"
)


def _units(held: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """(true person → the Person holding most of their records, Person → the true person
    holding more than half of its records)."""
    ordered = held.sort_values(["truth", "records", "unit"], ascending=[True, False, True])
    unit_of = {
        truth: unit
        for truth, unit, _records in ordered.drop_duplicates("truth").itertuples(index=False)
    }
    totals = held.groupby("unit")["records"].sum()
    major = held[held["records"] * 2 > held["unit"].map(totals)]
    truth_of = dict(zip(major["unit"], major["truth"], strict=True))
    return unit_of, truth_of


def network_report(truth: dict[str, Any]) -> dict[str, object]:
    held = holds(truth)
    unit_of, truth_of = _units(held)
    networks = [
        {
            **n,
            "offenders": [unit_of[p] for p in n["offenders"] if p in unit_of],
            "victims": [unit_of[p] for p in n["victims"] if p in unit_of],
        }
        for n in truth.get("networks", [])
    ]
    in_hub = set(unit_of.values())
    true = figures.true_networks(networks, in_hub)
    run = NetworkRun.objects.filter(status=NetworkRun.Status.DONE).order_by("-pk").first()
    stored = pd.DataFrame(
        list(NetworkMember.objects.filter(run=run).values_list("network", "node")),
        columns=["network", "node"],
    )
    built = graph.build(
        hub_frames.presence(),
        hub_frames.person_things(),
        hub_frames.event_things(),
        hub_frames.relations(),
        hub_frames.persons(),
    )
    components = analysis.networks(built, analysis.components(built))
    ranked = pd.DataFrame(
        [
            (graph.person_node(p), young)
            for p, young in SuspectRank.objects.filter(run=run).values_list(
                "person_id", "young_people"
            )
        ],
        columns=["node", "young_people"],
    )
    people = {p["person"]: p for p in truth["people"]}
    offenders = {u for u, t in truth_of.items() if people.get(t, {}).get("offender")}
    victims_of: dict[str, int] = {}
    for n in truth.get("networks", []):
        for offender in n["offenders"]:
            if offender in unit_of:
                victims_of[unit_of[offender]] = victims_of.get(unit_of[offender], 0) + len(
                    n["victims"]
                )
    return {
        "run": run.pk if run else None,
        "mapping": MAPPING,
        "networks": figures.recovered(true, stored),
        "connected_components": figures.recovered(true, components),
        "top_50_true_offenders": figures.top_suspects(ranked, offenders),
        "reach_victims_spearman": figures.connectedness(ranked, victims_of),
    }
