"""A network build: the hub's links into the association graph, its networks around
suspects and the suspects' ranks, kept in one transaction with its audit row (a crash
leaves the last build whole; a re-run duplicates nothing)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import UUID

import pandas as pd
from django.utils import timezone

from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network import hub_frames
from safehub.network.core import alerts, analysis, graph
from safehub.network.models import (
    GatewayRank,
    NetworkAlert,
    NetworkMember,
    NetworkRun,
    SuspectRank,
)
from safehub.records import runs
from safehub.records.runs import Progress

SYSTEM = "system:network"
STAGES = ("read", "build", "analyse", "write")
PERSON = "person:"
GATEWAYS_KEPT = 200


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
            sightings = hub_frames.sightings()
        with stages.stage("build"):
            built = graph.build(*frames)
        with stages.stage("analyse"):
            found = analysis.networks(built, analysis.communities(built))
            ranked = analysis.rank_suspects(built, timezone.localdate())
            raised = alerts.alerts(built, found, _previous(), timezone.localdate(), sightings)
            ways = analysis.gateways(built, timezone.localdate()).head(GATEWAYS_KEPT)
        with stages.stage("write"):
            _write(run, built, Found(found, ranked, raised, ways, sightings), trigger)
        stages.finished()
    except Exception as error:
        runs.failed(run, error, stages.timings)
        raise
    runs.keep_timings(run, stages.timings)
    return run


@dataclass(frozen=True)
class Found:
    networks: pd.DataFrame  # network, node
    ranked: pd.DataFrame  # analysis.rank_suspects
    alerts: pd.DataFrame  # core/alerts.py's ALERT_COLUMNS
    gateways: pd.DataFrame  # analysis.gateways, the first GATEWAYS_KEPT
    sightings: pd.DataFrame  # alerts.SIGHTING_COLUMNS


def _previous() -> pd.DataFrame:
    """The members of the build now standing (alerts.PREVIOUS_COLUMNS)."""
    rows = NetworkMember.objects.values_list(*alerts.PREVIOUS_COLUMNS)
    return pd.DataFrame(list(rows), columns=list(alerts.PREVIOUS_COLUMNS))


def _person(node: str) -> UUID | None:
    return UUID(node.removeprefix(PERSON)) if node.startswith(PERSON) else None


def _alert(run: NetworkRun, row: object) -> NetworkAlert:
    key = hashlib.sha256(str(row.key).encode()).hexdigest()  # type: ignore[attr-defined]
    return NetworkAlert(
        key=key,
        run=run,
        kind=row.kind,  # type: ignore[attr-defined]
        network=row.network,  # type: ignore[attr-defined]
        person_id=_person(row.person),  # type: ignore[attr-defined]
        suspect_id=_person(row.suspect),  # type: ignore[attr-defined]
        thing=row.thing[:400],  # type: ignore[attr-defined]
        on=row.on,  # type: ignore[attr-defined]
        legs=row.legs,  # type: ignore[attr-defined]
        people=[str(_person(p)) for p in row.people],  # type: ignore[attr-defined]
    )


def _write(run: NetworkRun, built: graph.AssociationGraph, found: Found, trigger: str) -> None:
    suspects = set(built.nodes.loc[built.nodes["suspect"], "node"])
    seen = alerts.last_seen(built, found.sightings)
    members = [
        NetworkMember(
            run=run,
            network=net,
            node=node[:400],
            person_id=_person(node),
            suspect=node in suspects,
            last_seen=seen[node].date() if pd.notna(seen.get(node)) else None,
        )
        for net, node in found.networks.itertuples(index=False)
    ]
    ways = [
        GatewayRank(
            run=run,
            rank=rank,
            node=row.node[:400],
            kind=row.kind,
            person_id=_person(row.node),
            young_people=int(row.young_people),
            suspects=int(row.suspects),
        )
        for rank, row in enumerate(found.gateways.itertuples(index=False), start=1)
    ]
    raised = [_alert(run, row) for row in found.alerts.itertuples(index=False)]
    known = set(
        NetworkAlert.objects.filter(key__in=[a.key for a in raised]).values_list("key", flat=True)
    )
    raised = [a for a in raised if a.key not in known]  # raised once, whatever re-runs
    ranked = found.ranked
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
        "networks": int(found.networks["network"].nunique()),
        "suspects": len(ranks),
        "alerts": len(raised),
    }

    def replace() -> None:
        NetworkMember.objects.exclude(run=run).delete()
        SuspectRank.objects.exclude(run=run).delete()
        NetworkMember.objects.bulk_create(members, batch_size=2_000)
        SuspectRank.objects.bulk_create(ranks, batch_size=2_000)
        GatewayRank.objects.exclude(run=run).delete()
        GatewayRank.objects.bulk_create(ways, batch_size=2_000)
        NetworkAlert.objects.bulk_create(raised, batch_size=2_000, ignore_conflicts=True)

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
