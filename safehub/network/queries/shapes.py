"""What a chart holds, as the viewer may see it: the pages, the API and the exports all
read these (never the build's own frames, which hold every agency's facts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Below this a count could identify someone (docs/security.md #30): it is shown as a band.
SMALL_COUNT = 5


def count_words(count: int) -> str:
    """`12`, or `fewer than 5` for a count small enough to point at someone."""
    return f"fewer than {SMALL_COUNT}" if 0 < count < SMALL_COUNT else f"{count:,}"


@dataclass(frozen=True)
class Provenance:
    """One agency record behind an edge: which agency, its own reference, what it was."""

    agency: str  # the agency's name
    reference: str  # the agency's reference of the event, or "" for a link on a record
    what: str  # "Missing episode", "uses", "lives at", "associate", …
    on: date | None


@dataclass(frozen=True)
class ChartNode:
    id: str  # the graph's node key: `person:<uuid>`, `phone:+447…`, `place:NV29XX`, …
    kind: str  # person, phone, vehicle, social_media, place, address
    label: str  # a person's name as the viewer's records give it; a thing's value
    suspect: bool = False  # a suspect in an event the viewer sees
    young: bool = False  # under 18 today, by the viewer's records
    focus: bool = False  # opened or expanded by the viewer
    person_id: str = ""  # the Person's id for a person node, else ""


@dataclass(frozen=True)
class ChartEdge:
    id: str
    source: str
    target: str
    type: str  # graph.py's edge types: co_offending, victim_suspect, peer, uses, …
    weight: int  # how many facts the viewer sees support it
    first: date | None
    last: date | None
    dates: tuple[date, ...]
    grading: str  # confirmed, recorded, tentative, unconfirmed
    provenance: tuple[Provenance, ...]


@dataclass(frozen=True)
class Withheld:
    """People, things and ties near the chart that one agency holds and the viewer may not
    see: named by agency only, counts under 5 as a band."""

    agency: str
    nodes: int
    edges: int

    @property
    def nodes_words(self) -> str:
        return count_words(self.nodes)

    @property
    def edges_words(self) -> str:
        return count_words(self.edges)


@dataclass(frozen=True)
class Chart:
    focus: tuple[str, ...]  # the nodes opened and expanded, in order
    nodes: tuple[ChartNode, ...]
    edges: tuple[ChartEdge, ...]
    withheld: tuple[Withheld, ...] = field(default=())
    title: str = ""  # what the chart was opened from (a person's name, a thing's value)
    more: int = 0  # people and things the viewer may see, left out to keep it readable


def as_json(chart: Chart) -> dict[str, object]:
    """The chart as the page's script and the API read it: Cytoscape's elements, the
    withheld counts in words, and what was left out to stay readable."""
    nodes = [
        {
            "data": {
                "id": n.id,
                "kind": n.kind,
                "label": n.label,
                "suspect": n.suspect,
                "young": n.young,
                "focus": n.focus,
                "person_id": n.person_id,
            }
        }
        for n in chart.nodes
    ]
    edges = [
        {
            "data": {
                "id": e.id,
                "source": e.source,
                "target": e.target,
                "type": e.type,
                "weight": e.weight,
                "first": e.first.isoformat() if e.first else None,
                "last": e.last.isoformat() if e.last else None,
                "grading": e.grading,
                "provenance": [
                    {
                        "agency": p.agency,
                        "reference": p.reference,
                        "what": p.what,
                        "on": p.on.isoformat() if p.on else None,
                    }
                    for p in e.provenance
                ],
            }
        }
        for e in chart.edges
    ]
    return {
        "focus": list(chart.focus),
        "title": chart.title,
        "elements": {"nodes": nodes, "edges": edges},
        "withheld": [
            {"agency": w.agency, "nodes": w.nodes_words, "ties": w.edges_words}
            for w in chart.withheld
        ],
        "more": chart.more,
    }
