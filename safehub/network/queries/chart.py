"""The chart around people and things, as one viewer may see it.

The association graph is built twice from the rows around the opened nodes
(neighbourhood.py): once from the rows the viewer may see — that is what is drawn — and
once from every row, only to count what is withheld. A node or tie the viewer may not
see is not drawn, and nothing about it is said but the agency holding it and how many
(a band under 5: docs/security.md #30). A person is drawn only if the viewer may open
them, by the name their own visible records give; a protected person's phone, address
or the places of their events only where their contact details would be shown
(docs/security.md #4). Opening a chart is audited before it is returned, with the people
it drew.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

import pandas as pd
from django.http import Http404
from django.utils import timezone

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.agencies.models import Agency
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network.core import graph
from safehub.network.core.frames import PERSON_THING_COLUMNS, PRESENCE_COLUMNS, RELATION_COLUMNS
from safehub.network.queries import neighbourhood
from safehub.network.queries.neighbourhood import Rows, person_id
from safehub.network.queries.people import PEOPLE_PER_ROW, audit_more
from safehub.network.queries.shapes import Chart, ChartEdge, ChartNode, Provenance, Withheld
from safehub.records.models import PersonRecord
from safehub.records.queries.opening import person_opened, record_opening
from safehub.records.queries.visible import (
    display_name,
    person_for,
    require_data_role,
    visible_persons,
)

LIMIT = 300  # people and things drawn at most: a layout stays readable at a few hundred
MAX_EXPANDED = 30
PROVENANCE_SHOWN = 25  # records listed per tie (the weight counts them all)
EDGE_TYPES = (
    "co_offending",
    "victim_suspect",
    "peer",
    "co_present",
    "relationship",
    "associate",
    "family",
    "uses",
    "seen_with",
    "lives_at",
    "frequents",
    "at",
)
GRADINGS = ("confirmed", "recorded", "tentative", "unconfirmed")
THING_WORDS = {
    "phone": "Phone",
    "vehicle": "Vehicle",
    "social_media": "Online account",
    "email": "E-mail",
    "bank_account": "Bank account",
    "place": "Place",
    "address": "Address",
}


@dataclass(frozen=True)
class ChartAsk:
    """What the viewer asked to see: a node, the nodes they expanded, and the filters."""

    focus: str
    expanded: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    types: frozenset[str] = field(default_factory=frozenset)  # empty: every type
    gradings: frozenset[str] = field(default_factory=frozenset)  # empty: every grading

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.focus, *self.expanded[:MAX_EXPANDED])))


def node_digest(node: str) -> str:
    """A thing's key as the audit names it: its kind and a digest, never the number or
    plate itself (the audit holds no copy of personal data)."""
    if node.startswith(neighbourhood.PERSON):
        return node
    kind = node.partition(":")[0]
    return f"{kind}:{hashlib.sha256(node.encode()).hexdigest()[:16]}"


def chart_open(viewer: Viewer, ask: ChartAsk, *, route: str) -> Chart:
    """The chart around `ask.focus` and the nodes expanded from it; a 404 (audited) for a
    person the viewer may not open, or a thing they see nothing of."""
    require_data_role(viewer, route=route)
    focus_person = person_id(ask.focus)
    opened = person_opened(viewer, focus_person, route=route) if focus_person else None
    for node in ask.nodes[1:]:
        if (pid := person_id(node)) is not None:
            person_for(viewer, pid, route=route)
    rows = neighbourhood.around(viewer, ask.nodes)
    chart = _drawn(viewer, ask, rows)
    if focus_person is None and ask.focus not in {n.id for n in chart.nodes}:
        _refuse_thing(viewer, ask.focus, route)
    people = [n.person_id for n in chart.nodes if n.person_id]
    detail = {**_detail(ask, chart), "people": people[:PEOPLE_PER_ROW]}
    if opened is not None:
        record_opening(viewer, opened, route=route, detail=detail)
    else:
        audit.record(
            actor=viewer.user,
            verb=Verb.VIEW,
            target_type="network_chart",
            target_id=node_digest(ask.focus),
            detail={"route": route, **detail},
        )
    audit_more(
        viewer,
        target_type="network_chart",
        target_id=node_digest(ask.focus),
        route=route,
        people=people,
    )
    return chart


def _refuse_thing(viewer: Viewer, node: str, route: str) -> None:
    audit.record(
        actor=viewer.user,
        verb=Verb.REFUSED,
        target_type="network_chart",
        target_id=node_digest(node),
        detail={"route": route},
    )
    raise Http404("Nothing to chart")


def _detail(ask: ChartAsk, chart: Chart) -> dict[str, object]:
    kinds = Counter(n.kind for n in chart.nodes)
    return {
        "chart": [node_digest(n) for n in ask.nodes],
        "things": {k: v for k, v in sorted(kinds.items()) if k != "person"},
        "edges": len(chart.edges),
        "withheld": {w.agency: [w.nodes, w.edges] for w in chart.withheld},
    }


# ---------------------------------------------------------------- drawing


def built(rows: Rows) -> graph.AssociationGraph:
    return graph.build(
        rows.presence[list(PRESENCE_COLUMNS)],
        rows.person_things[list(PERSON_THING_COLUMNS)],
        rows.event_things,
        rows.relations[list(RELATION_COLUMNS)],
    )


def _filtered(edges: pd.DataFrame, ask: ChartAsk) -> pd.DataFrame:
    keep = pd.Series(True, index=edges.index)
    if ask.types:
        keep &= edges["type"].isin(ask.types)
    if ask.gradings:
        keep &= edges["grading"].isin(ask.gradings)
    if ask.since or ask.until:
        low, high = ask.since or date.min, ask.until or date.max
        # A tie with dates is kept if one of them falls in the window; an undated one
        # (a recorded relation, a phone with no start) is not a contact in time: kept.
        keep &= edges["dates"].map(lambda days: not days or any(low <= d <= high for d in days))
    return edges[keep]


def _scope(edges: pd.DataFrame, focus: tuple[str, ...]) -> tuple[set[str], pd.DataFrame]:
    """The opened nodes and their neighbours, and the ties among them."""
    near = edges["source"].isin(focus) | edges["target"].isin(focus)
    nodes = set(focus) | set(edges.loc[near, "source"]) | set(edges.loc[near, "target"])
    within = edges["source"].isin(nodes) & edges["target"].isin(nodes)
    return nodes, edges[within]


def _drawn(viewer: Viewer, ask: ChartAsk, rows: Rows) -> Chart:
    seen = rows.seen()
    shown = built(seen).edges
    people = people_of(viewer, shown, ask.nodes)
    shown = shown[drawable(viewer, shown, people, rows.agencies)]
    in_reach, shown = _scope(_filtered(shown, ask), ask.nodes)
    drawn, left_out = _limited(in_reach, shown, ask.nodes)
    shown = shown[shown["source"].isin(drawn) & shown["target"].isin(drawn)]
    tied = set(shown["source"]) | set(shown["target"])
    drawn = {n for n in drawn if n in tied or n in people}  # a thing is seen only by its ties
    reach, every = _scope(_filtered(built(rows).edges, ask), ask.nodes)
    every = every[~(every["source"].isin(left_out) | every["target"].isin(left_out))]
    suspects = {
        graph.person_node(p)
        for p in seen.presence.loc[seen.presence["role"] == graph.SUSPECT, "person"]
    }
    order = sorted(drawn, key=lambda n: (n not in ask.nodes, n))
    nodes = [_node(n, people, n in ask.nodes, n in suspects) for n in order]
    return Chart(
        focus=ask.nodes,
        nodes=tuple(nodes),
        edges=tuple(_edge(row, rows) for row in shown.itertuples(index=False)),
        withheld=_withheld(reach - drawn - left_out, every, shown, rows),
        title=next((n.label for n in nodes if n.id == ask.focus), ""),
        more=len(left_out),
    )


@dataclass(frozen=True)
class ChartPerson:
    person_id: UUID
    label: str
    young: bool
    protected: bool


def people_of(
    viewer: Viewer, edges: pd.DataFrame, opened: tuple[str, ...]
) -> dict[str, ChartPerson]:
    """The people on `edges` (and those opened) the viewer may open, named by their own
    visible records."""
    ends = [*pd.unique(pd.concat([edges["source"], edges["target"]])), *opened]
    ids = sorted({p for p in map(person_id, ends) if p is not None}, key=str)
    openable = dict(
        visible_persons(viewer).filter(pk__in=ids).values_list("pk", "protected_details")
    )
    records: dict[UUID, list[PersonRecord]] = {}
    for record in PersonRecord.objects.filter(
        policy.record_q(viewer), person_id__in=list(openable)
    ).order_by("agency__name", "record_id"):
        records.setdefault(record.person_id, []).append(record)
    today = timezone.localdate()
    return {
        graph.person_node(pk): ChartPerson(
            pk,
            display_name(records.get(pk, [])),
            _young(records.get(pk, []), today),
            protected,
        )
        for pk, protected in openable.items()
    }


def _young(records: list[PersonRecord], today: date) -> bool:
    born = Counter(r.date_of_birth for r in records if len(r.date_of_birth or "") == 10)
    if not born:
        return False
    try:
        dob = date.fromisoformat(born.most_common(1)[0][0])
    except ValueError:
        return False
    return (today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))) < 18


def drawable(
    viewer: Viewer, edges: pd.DataFrame, people: dict[str, ChartPerson], agencies: dict[str, str]
) -> pd.Series:
    """Ties whose people the viewer may open; a protected person's tie to a thing only
    where every record of it is the viewer's own agency's, or the viewer works on the
    survivor's side of a case (their contact details' rule)."""
    own = Agency.objects.filter(pk=viewer.agency_id or 0).values_list("code", flat=True).first()

    def keep(source: str, target: str, records: list[str]) -> bool:
        ends = [n for n in (source, target) if person_id(n) is not None]
        if any(n not in people for n in ends):
            return False
        if len(ends) == 2:
            return True
        person = people[ends[0]]
        if not person.protected or person.person_id in viewer.survivor_side:
            return True
        return all(r.partition(":")[0] == own for r in records)

    return pd.Series(
        [
            keep(s, t, r)
            for s, t, r in zip(edges["source"], edges["target"], edges["records"], strict=True)
        ],
        index=edges.index,
        dtype=bool,
    )


def _limited(
    nodes: set[str], edges: pd.DataFrame, focus: tuple[str, ...]
) -> tuple[set[str], set[str]]:
    """At most LIMIT nodes: the opened ones, then those tied most strongly to them."""
    if len(nodes) <= LIMIT:
        return nodes, set()
    strength: Counter[str] = Counter()
    for source, target, weight in zip(
        edges["source"], edges["target"], edges["weight"], strict=True
    ):
        if source in focus:
            strength[target] += int(weight)
        if target in focus:
            strength[source] += int(weight)
    others = sorted(nodes - set(focus), key=lambda n: (-strength[n], n))
    kept = set(focus) | set(others[: max(LIMIT - len(focus), 0)])
    return kept & nodes | set(focus), nodes - kept


def node_label(node: str, people: dict[str, ChartPerson]) -> str:
    """A person's name as the viewer's records give it; a thing's kind and value."""
    if (person := people.get(node)) is not None:
        return person.label
    kind, _, value = node.partition(":")
    return f"{THING_WORDS.get(kind, kind.title())} {value}"


def _node(node: str, people: dict[str, ChartPerson], focus: bool, suspect: bool) -> ChartNode:
    kind = node.partition(":")[0]
    person = people.get(node)
    if person is not None:
        return ChartNode(
            node, kind, person.label, suspect, person.young, focus, str(person.person_id)
        )
    return ChartNode(node, kind, node_label(node, people), focus=focus)


def _date(value: object) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _provenance(record: str, rows: Rows) -> Provenance:
    code, _, what = record.partition(":")
    agency = rows.agencies.get(code, code)
    event = rows.events.get(what)
    if event is not None:
        return Provenance(event.agency, event.reference, event.label, event.on)
    return Provenance(agency, "", what.replace("_", " "), None)


def _edge(row: object, rows: Rows) -> ChartEdge:
    source, target, kind = row.source, row.target, row.type  # type: ignore[attr-defined]
    records: list[str] = list(row.records)  # type: ignore[attr-defined]
    return ChartEdge(
        id=f"{source}~{target}~{kind}",
        source=source,
        target=target,
        type=kind,
        weight=int(row.weight),  # type: ignore[attr-defined]
        first=_date(row.first),  # type: ignore[attr-defined]
        last=_date(row.last),  # type: ignore[attr-defined]
        dates=tuple(row.dates),  # type: ignore[attr-defined]
        grading=str(row.grading),  # type: ignore[attr-defined]
        provenance=tuple(_provenance(r, rows) for r in records[:PROVENANCE_SHOWN]),
    )


def _hidden_records(rows: Rows) -> set[str]:
    """The edge records (graph.py's `agency:event`, `agency:relation`) of unseen rows."""

    def unseen(frame: pd.DataFrame, what: str | None) -> set[str]:
        rows = frame.loc[~frame[neighbourhood.SEEN].astype(bool).to_numpy()]
        tail = rows[what].astype(str) if what else "relation"
        return set(rows["agency"].astype(str) + ":" + tail)

    return (
        unseen(rows.presence, "event")
        | unseen(rows.person_things, "relation")
        | unseen(rows.relations, None)
    )


def _withheld(
    nodes: set[str], every: pd.DataFrame, shown: pd.DataFrame, rows: Rows
) -> tuple[Withheld, ...]:
    """How many nodes and ties near the chart each agency holds that are not drawn: a
    tie is put to the agencies of its unseen records (or of all its records, when it is
    withheld for a person the viewer may not open); a node to those of its ties."""
    drawn = set(zip(shown["source"], shown["target"], shown["type"], strict=True))
    hidden = _hidden_records(rows)
    ties: Counter[str] = Counter()
    held: dict[str, set[str]] = {}
    for source, target, kind, records in zip(
        every["source"], every["target"], every["type"], every["records"], strict=True
    ):
        if (source, target, kind) in drawn:
            continue
        codes = {r.partition(":")[0] for r in records if r in hidden} or {
            r.partition(":")[0] for r in records
        }
        ties.update(codes)
        for node in (source, target):
            if node in nodes:
                held.setdefault(node, set()).update(codes)
    people: Counter[str] = Counter(code for codes in held.values() for code in codes)
    return tuple(
        Withheld(rows.agencies.get(code, code), people[code], ties[code])
        for code in sorted(set(ties) | set(people), key=lambda c: rows.agencies.get(c, c))
    )
