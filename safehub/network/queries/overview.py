"""The network page: the last build, its ranked suspects and its networks, as one viewer
may see them — only people they may open, by the names their own records give; a
network is listed when it holds one of them. The ranks and reach were found from every
agency's links (as a screening score is); a reach is said as a band under 5."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode
from uuid import UUID

from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.network.models import GatewayRank, NetworkMember, NetworkRun, SuspectRank
from safehub.network.queries import neighbourhood
from safehub.network.queries.alerts import AlertLine, visible_alerts
from safehub.network.queries.chart import MAX_EXPANDED, built, node_label
from safehub.network.queries.people import Named, audit_people, names_of
from safehub.network.queries.shapes import count_words
from safehub.records.queries.visible import require_data_role

SUSPECTS_SHOWN = 50
GATEWAYS_SHOWN = 20
GATEWAY_CANDIDATES = 60  # the first gateways read, of which those the viewer sees are shown
NETWORKS_SHOWN = 100


@dataclass(frozen=True)
class SuspectLine:
    rank: int
    person: Named
    reach: str  # how many young people he reaches, in words
    networks: tuple[str, ...]


@dataclass
class NetworkLine:
    network: str
    suspects: list[Named] = field(default_factory=list)
    young_people: list[Named] = field(default_factory=list)

    @property
    def chart_query(self) -> str:
        """The chart of the network's people the viewer may open (a date window on the
        chart then shows what changed in it since a day)."""
        nodes = [f"person:{p.person_id}" for p in (*self.suspects, *self.young_people)]
        pairs = [("focus", nodes[0]), *(("expand", n) for n in nodes[1:MAX_EXPANDED])]
        return urlencode(pairs)


@dataclass(frozen=True)
class GatewayLine:
    rank: int
    node: str
    label: str
    person_id: UUID | None
    young_people: str  # how many young people it ties to suspects, in words
    suspects: str


@dataclass(frozen=True)
class Overview:
    run: NetworkRun | None
    suspects: list[SuspectLine]
    networks: list[NetworkLine]
    can_build: bool
    alerts: list[AlertLine] = field(default_factory=list)
    gateways: list[GatewayLine] = field(default_factory=list)


def network_overview(viewer: Viewer, *, route: str) -> Overview:
    require_data_role(viewer, route=route)
    run = NetworkRun.objects.filter(status=NetworkRun.Status.DONE).order_by("-pk").first()
    members = list(
        NetworkMember.objects.filter(person__isnull=False).values_list(
            "network", "person_id", "suspect"
        )
    )
    ranks = list(
        SuspectRank.objects.order_by("rank").values_list("person_id", "rank", "young_people")
    )
    names = names_of(viewer, {p for _, p, _ in members} | {p for p, _, _ in ranks})
    networks: dict[str, NetworkLine] = {}
    of_person: dict[UUID, list[str]] = {}
    for network, person, suspect in members:
        of_person.setdefault(person, []).append(network)
        if person in names:
            line = networks.setdefault(network, NetworkLine(network))
            (line.suspects if suspect else line.young_people).append(Named(person, names[person]))
    suspects = [
        SuspectLine(
            rank, Named(person, names[person]), count_words(reach), tuple(of_person.get(person, []))
        )
        for person, rank, reach in ranks
        if person in names
    ][:SUSPECTS_SHOWN]
    listed = sorted(networks.values(), key=lambda n: (-len(n.suspects), n.network))
    listed = listed[:NETWORKS_SHOWN]
    audit_people(
        viewer,
        target_type="network_overview",
        target_id=str(run.pk) if run else "",
        route=route,
        people=sorted(
            {str(s.person.person_id) for s in suspects}
            | {str(p.person_id) for n in listed for p in (*n.suspects, *n.young_people)}
        ),
    )
    return Overview(
        run,
        suspects,
        listed,
        can(viewer, Action.NETWORK_BUILD),
        visible_alerts(viewer, route=route),
        _gateways(viewer),
    )


def _gateways(viewer: Viewer) -> list[GatewayLine]:
    """The first gateways the viewer sees a tie to (a person: one they may open)."""
    candidates = list(GatewayRank.objects.order_by("rank")[:GATEWAY_CANDIDATES])
    people = names_of(viewer, {g.person_id for g in candidates if g.person_id})
    things = [g.node for g in candidates if not g.person_id]
    rows = neighbourhood.around(viewer, things).seen() if things else None
    tied = set()
    if rows is not None:
        edges = built(rows).edges
        tied = set(edges["source"]) | set(edges["target"])
    lines = []
    for g in candidates:
        if (g.person_id and g.person_id not in people) or (not g.person_id and g.node not in tied):
            continue
        label = people[g.person_id] if g.person_id else node_label(g.node, {})
        lines.append(
            GatewayLine(
                g.rank,
                g.node,
                label,
                g.person_id,
                count_words(g.young_people),
                count_words(g.suspects),
            )
        )
    return lines[:GATEWAYS_SHOWN]
