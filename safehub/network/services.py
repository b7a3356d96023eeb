"""A network build: the hub's links into the association graph, its networks around
suspects and the suspects' ranks, kept in one transaction with its audit row (a crash
leaves the last build whole; a re-run duplicates nothing)."""

from __future__ import annotations

from uuid import UUID

import pandas as pd
from django.utils import timezone

from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network import hub_frames
from safehub.network.core import analysis, graph
from safehub.network.models import NetworkMember, NetworkRun, SuspectRank
from safehub.records import runs
from safehub.records.runs import Progress

SYSTEM = "system:network"
STAGES = ("read", "build", "analyse", "write")
PERSON = "person:"


def network_build(
    *, trigger: str, actor: User | None = None, progress: Progress | None = None
) -> NetworkRun:
    """Build the network now; returns the finished (or failed) run."""
    run = NetworkRun.objects.create(trigger=trigger, requested_by=actor)
    stages = runs.Stages(STAGES, progress)
    try:
        with stages.stage("read"):
            frames = (
                hub_frames.presence(),
                hub_frames.person_things(),
                hub_frames.event_things(),
                hub_frames.relations(),
                hub_frames.persons(),
            )
        with stages.stage("build"):
            built = graph.build(*frames)
        with stages.stage("analyse"):
            found = analysis.networks(built, analysis.communities(built))
            ranked = analysis.rank_suspects(built, timezone.localdate())
        with stages.stage("write"):
            _write(run, built, found, ranked, trigger)
        stages.finished()
    except Exception as error:
        runs.failed(run, error, stages.timings)
        raise
    runs.keep_timings(run, stages.timings)
    return run


def _person(node: str) -> UUID | None:
    return UUID(node.removeprefix(PERSON)) if node.startswith(PERSON) else None


def _write(
    run: NetworkRun,
    built: graph.AssociationGraph,
    found: pd.DataFrame,
    ranked: pd.DataFrame,
    trigger: str,
) -> None:
    suspects = set(built.nodes.loc[built.nodes["suspect"], "node"])
    members = [
        NetworkMember(
            run=run, network=net, node=node[:400], person_id=_person(node), suspect=node in suspects
        )
        for net, node in found.itertuples(index=False)
    ]
    ranks = [
        SuspectRank(
            run=run,
            person_id=UUID(row.node.removeprefix(PERSON)),  # suspects are people
            rank=int(row.rank),
            young_people=int(row.young_people),
            pagerank=float(row.pagerank),
        )
        for row in ranked.itertuples(index=False)
    ]
    counts = {
        "nodes": len(built.nodes),
        "edges": len(built.edges),
        "networks": int(found["network"].nunique()),
        "suspects": len(ranks),
    }

    def replace() -> None:
        NetworkMember.objects.exclude(run=run).delete()
        SuspectRank.objects.exclude(run=run).delete()
        NetworkMember.objects.bulk_create(members, batch_size=2_000)
        SuspectRank.objects.bulk_create(ranks, batch_size=2_000)

    def audited() -> None:
        audit.record(
            actor=None,
            username=audit.operator_name() if trigger == "cli" else SYSTEM,
            verb=Verb.NETWORK_BUILT,
            target_type="network_run",
            target_id=str(run.pk),
            detail={"trigger": trigger, **counts},
        )

    runs.finish(
        run,
        counts=counts,
        message=(
            f"{counts['networks']:,} networks around suspects; "
            f"{counts['nodes']:,} people and things, {counts['edges']:,} ties"
        ),
        superseded="A later build finished first; its networks stand.",
        replace=replace,
        audited=audited,
    )
