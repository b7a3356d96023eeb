"""The network page: the last build, its ranked suspects and its networks, as one viewer
may see them — only people they may open, by the names their own records give; a
network is listed when it holds one of them. The ranks and reach were found from every
agency's links (as a screening score is); a reach is said as a band under 5."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode
from uuid import UUID

from safehub.access import policy
from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.network.models import GatewayRank, NetworkMember, NetworkRun, SuspectRank
from safehub.network.queries import neighbourhood
from safehub.network.queries.alerts import AlertLine, visible_alerts
from safehub.network.queries.chart import MAX_EXPANDED, built, node_label
from safehub.network.queries.people import Named, audit_people, names_of
from safehub.network.queries.shapes import count_words
from safehub.records.models import EventPerson
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
    for network, person, suspect in members:
        if person in names:
            line = networks.setdefault(network, NetworkLine(network))
            (line.suspects if suspect else line.young_people).append(Named(person, names[person]))
    listed = sorted(networks.values(), key=lambda n: (-len(n.suspects), n.network))
    listed = _seen_together(viewer, listed[:NETWORKS_SHOWN])
    of_person: dict[UUID, list[str]] = {}
    for line in listed:
        for named in (*line.suspects, *line.young_people):
            of_person.setdefault(named.person_id, []).append(line.network)
    seen_suspects = _seen_as_suspects(viewer, [p for p, _, _ in ranks if p in names])
    suspects = [
        SuspectLine(
            rank, Named(person, names[person]), count_words(reach), tuple(of_person.get(person, []))
        )
        for person, rank, reach in ranks
        if person in seen_suspects
    ][:SUSPECTS_SHOWN]
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


def _seen_as_suspects(viewer: Viewer, people: list[UUID]) -> set[UUID]:
    """Those of `people` the viewer sees as a suspect in an event: a rank must not tell
    that someone is a suspect in what the viewer may not see."""
    visible = policy.fact_q(
        viewer,
        agency="event__agency_id",
        sensitivity="event__sensitivity",
        person="record__person_id",
    )
    return set(
        EventPerson.objects.filter(visible, role="suspect", record__person_id__in=people)
        .values_list("record__person_id", flat=True)
        .distinct()
    )


def _seen_together(viewer: Viewer, lines: list[NetworkLine]) -> list[NetworkLine]:
    """The networks with only the people the viewer sees tied to another of its members
    (a person, or a thing it holds): that two people are in one network is itself a tie,
    and must not be told from facts the viewer may not see."""
    people = {f"person:{p.person_id}" for n in lines for p in (*n.suspects, *n.young_people)}
    if not people:
        return []
    tied = tied_within(viewer, people, [n.network for n in lines])
    kept = []
    for line in lines:
        line.suspects = [
            p for p in line.suspects if (line.network, f"person:{p.person_id}") in tied
        ]
        line.young_people = [
            p for p in line.young_people if (line.network, f"person:{p.person_id}") in tied
        ]
        if line.suspects or line.young_people:
            kept.append(line)
    return kept


def tied_within(
    viewer: Viewer, people: set[str], networks: list[str] | None = None
) -> set[tuple[str, str]]:
    """(network, node) for each of `people` the viewer sees tied to another member of a
    network they are in (a person, or a thing it holds) — of `networks`, or of any."""
    members = NetworkMember.objects.all()
    if networks is not None:
        members = members.filter(network__in=networks)
    of_node: dict[str, set[str]] = {}
    for network, node in members.values_list("network", "node"):
        of_node.setdefault(node, set()).add(network)
    edges = built(neighbourhood.around(viewer, people).seen()).edges
    tied: set[tuple[str, str]] = set()
    for source, target in zip(edges["source"], edges["target"], strict=True):
        for network in of_node.get(source, set()) & of_node.get(target, set()):
            tied |= {(network, source), (network, target)}
    return {(network, node) for network, node in tied if node in people}


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
