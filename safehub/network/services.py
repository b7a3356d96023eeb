"""A network build: the hub's links into the association graph, its networks around
suspects and the suspects' ranks, kept in one transaction with its audit row (a crash
leaves the last build whole; a re-run duplicates nothing)."""

from __future__ import annotations

import time
from collections.abc import Callable
from uuid import UUID

import pandas as pd
from django.db import transaction
from django.utils import timezone

from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network import hub_frames
from safehub.network.core import analysis, graph
from safehub.network.models import NetworkMember, NetworkRun, SuspectRank

SYSTEM = "system:network"
STAGES = ("read", "build", "analyse", "write")
Progress = Callable[[str, int, int], None]  # stage, done, total
PERSON = "person:"


def network_build(
    *, trigger: str, actor: User | None = None, progress: Progress | None = None
) -> NetworkRun:
    """Build the network now; returns the finished (or failed) run."""
    run = NetworkRun.objects.create(trigger=trigger, requested_by=actor)
    timings: dict[str, float] = {}

    def stage(name: str, done: int) -> float:
        if progress is not None:
            progress(name, done, len(STAGES))
        return time.perf_counter()

    try:
        started = stage("read", 0)
        frames = (
            hub_frames.presence(),
            hub_frames.person_things(),
            hub_frames.event_things(),
            hub_frames.relations(),
            hub_frames.persons(),
        )
        timings["read"] = round(time.perf_counter() - started, 3)
        started = stage("build", 1)
        built = graph.build(*frames)
        timings["build"] = round(time.perf_counter() - started, 3)
        started = stage("analyse", 2)
        found = analysis.networks(built, analysis.communities(built))
        ranked = analysis.rank_suspects(built, timezone.localdate())
        timings["analyse"] = round(time.perf_counter() - started, 3)
        started = stage("write", 3)
        _write(run, built, found, ranked, trigger)
        timings["write"] = round(time.perf_counter() - started, 3)
        stage("write", 4)
    except Exception as error:
        run.status, run.message = NetworkRun.Status.FAILED, f"{type(error).__name__}: {error}"
        run.timings, run.finished_at = timings, timezone.now()
        run.save(update_fields=["status", "message", "timings", "finished_at"])
        raise
    run.refresh_from_db()
    run.timings = timings
    run.save(update_fields=["timings"])
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
    with transaction.atomic():
        newer = NetworkRun.objects.select_for_update().filter(
            pk__gt=run.pk, status=NetworkRun.Status.DONE
        )
        if newer.exists():
            run.status, run.counts, run.finished_at = (
                NetworkRun.Status.SUPERSEDED,
                counts,
                timezone.now(),
            )
            run.message = "A later build finished first; its networks stand."
            run.save(update_fields=["status", "counts", "finished_at", "message"])
            return
        NetworkMember.objects.exclude(run=run).delete()
        SuspectRank.objects.exclude(run=run).delete()
        NetworkMember.objects.bulk_create(members, batch_size=2_000)
        SuspectRank.objects.bulk_create(ranks, batch_size=2_000)
        run.status, run.counts, run.finished_at = NetworkRun.Status.DONE, counts, timezone.now()
        run.message = (
            f"{counts['networks']:,} networks around suspects; "
            f"{counts['nodes']:,} people and things, {counts['edges']:,} ties"
        )
        run.save(update_fields=["status", "counts", "finished_at", "message"])
        audit.record(
            actor=None,
            username=audit.operator_name() if trigger == "cli" else SYSTEM,
            verb=Verb.NETWORK_BUILT,
            target_type="network_run",
            target_id=str(run.pk),
            detail={"trigger": trigger, **counts},
        )
