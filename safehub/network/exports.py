"""A network chart as files for analysts' tools: GraphML (Gephi, networkx, yEd) and the
entity and link CSVs that i2 Analyst's Notebook imports, zipped as one download.

The formatters are pure (no database); `network_export` is the one way to get their
bytes, asked of the rule for actions and audited. A `Chart` already holds only what its
viewer may see, so an export holds no more. The columns are documented, and checked
against this module, in docs/network-exports.md.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx
from django.utils import timezone

from safehub.access.actions import Action, require
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network.queries.neighbourhood import PERSON
from safehub.network.queries.shapes import Chart, ChartEdge, ChartNode
from safehub.records.chronology_csv import spreadsheet_safe

# (column, meaning): the CSV headers and the zip's README.txt are both made from these.
ENTITY_COLUMNS = (
    ("entity_id", "the chart's node key (person:<id>, phone:+44..., vehicle:AB12CDE, ...)"),
    ("entity_type", "Person, Telephone, Vehicle, Online account, Email address, ..."),
    ("label", "a person's name as the exporter's records give it; a thing's value"),
    ("suspect", "Yes if a suspect in an event the exporter sees, else No"),
    ("under_18", "Yes if under 18 today by the exporter's records, else No"),
    ("focus", "Yes if the chart was opened or expanded from this entity, else No"),
)
LINK_COLUMNS = (
    ("link_id", "the chart's edge id"),
    ("from_entity_id", "the entity_id at one end"),
    ("to_entity_id", "the entity_id at the other end (links are undirected)"),
    ("link_type", "what ties them, in words: Co-offending, Victim-suspect, Uses, ..."),
    ("weight", "how many facts the exporter sees support the link"),
    ("first_date", "the earliest date behind it, yyyy-mm-dd, or empty"),
    ("last_date", "the latest date behind it, yyyy-mm-dd, or empty"),
    ("grading", "confirmed, recorded, tentative or unconfirmed"),
    ("agencies", "the agencies whose records support it, ; between them"),
    ("references", "the agencies' own event references behind it, ; between them"),
)
ENTITIES_CSV = "entities.csv"
LINKS_CSV = "links.csv"

# i2's own words for the chart's kinds; a kind not listed is written as its words.
I2_ENTITY_TYPES = {
    "person": "Person",
    "phone": "Telephone",
    "vehicle": "Vehicle",
    "social_media": "Online account",
    "email": "Email address",
    "bank_account": "Bank account",
    "place": "Location",
    "address": "Address",
}
_LINK_WORDS = {
    "co_offending": "Co-offending",
    "victim_suspect": "Victim-suspect",
    "co_present": "Co-present",
}
# What XML 1.0 cannot hold at all (an agency's text may carry it: docs/security.md #12).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# ---------------------------------------------------------------- GraphML


def graphml(chart: Chart) -> bytes:
    """The chart as GraphML (UTF-8), undirected, a tie of each type its own edge: node
    attributes kind, label, suspect, young, focus; edge attributes type, weight, first,
    last, grading, agencies, references; the chart's title as the graph's."""
    graph = nx.MultiGraph(title=_xml_text(chart.title))
    for node in chart.nodes:
        graph.add_node(
            _xml_text(node.id),
            kind=node.kind,
            label=_xml_text(node.label),
            suspect=node.suspect,
            young=node.young,
            focus=node.focus,
        )
    for edge in chart.edges:
        graph.add_edge(
            _xml_text(edge.source),
            _xml_text(edge.target),
            key=_xml_text(edge.id),  # written as the edge's GraphML id
            type=edge.type,
            weight=edge.weight,
            first=_iso(edge.first),
            last=_iso(edge.last),
            grading=edge.grading,
            agencies=_xml_text(_agencies(edge)),
            references=_xml_text(_references(edge)),
        )
    out = io.BytesIO()
    # Key ids named for their attributes, so the file reads plainly in any tool.
    nx.write_graphml(graph, out, encoding="utf-8", named_key_ids=True)
    return out.getvalue()


def _xml_text(text: str) -> str:
    """The text with what XML cannot carry (NUL, other C0 controls) as U+FFFD: written
    raw, one such character would make the whole file unreadable."""
    return _NOT_XML.sub("\ufffd", text)


# ---------------------------------------------------------------- i2 CSVs


def i2_entities_csv(chart: Chart) -> bytes:
    """One row per node, columns ENTITY_COLUMNS (see `_csv` for the encoding)."""
    return _csv(ENTITY_COLUMNS, (_entity_row(node) for node in chart.nodes))


def i2_links_csv(chart: Chart) -> bytes:
    """One row per edge, columns LINK_COLUMNS (see `_csv` for the encoding)."""
    return _csv(LINK_COLUMNS, (_link_row(edge) for edge in chart.edges))


def i2_zip(chart: Chart) -> bytes:
    """entities.csv, links.csv and a README.txt naming their columns, in one zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(ENTITIES_CSV, i2_entities_csv(chart))
        bundle.writestr(LINKS_CSV, i2_links_csv(chart))
        bundle.writestr("README.txt", _readme().encode("utf-8"))
    return out.getvalue()


def i2_entity_type(kind: str) -> str:
    return I2_ENTITY_TYPES.get(kind) or _words(kind)


def i2_link_type(edge_type: str) -> str:
    return _LINK_WORDS.get(edge_type) or _words(edge_type)


def _words(code: str) -> str:
    """`seen_with` → `Seen with`."""
    return code.replace("_", " ").strip().capitalize()


def _entity_row(node: ChartNode) -> list[str]:
    return [
        node.id,
        i2_entity_type(node.kind),
        node.label,
        _yes(node.suspect),
        _yes(node.young),
        _yes(node.focus),
    ]


def _link_row(edge: ChartEdge) -> list[str]:
    return [
        edge.id,
        edge.source,
        edge.target,
        i2_link_type(edge.type),
        str(edge.weight),
        _iso(edge.first),
        _iso(edge.last),
        edge.grading,
        _agencies(edge),
        _references(edge),
    ]


def _csv(columns: tuple[tuple[str, str], ...], rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel and i2's import wizard read accented names
    right), CRLF rows, every cell through `spreadsheet_safe`: a name or a handle from an
    agency's extract is not trusted to be only text (docs/security.md #23)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(name for name, _meaning in columns)
    for row in rows:
        writer.writerow(spreadsheet_safe(cell) for cell in row)
    return out.getvalue().encode("utf-8-sig")


def _readme() -> str:
    lines = [
        "Safehub network chart, for i2 Analyst's Notebook (or any spreadsheet).",
        "It holds only what the person who exported it may see.",
        "",
        "Both files are UTF-8 with a byte-order mark, comma-separated, one header row.",
        "A cell beginning with = + - @ (or a tab or carriage return) starts with ' so",
        "that no spreadsheet runs it as a formula.",
    ]
    for name, columns in ((ENTITIES_CSV, ENTITY_COLUMNS), (LINKS_CSV, LINK_COLUMNS)):
        lines += ["", f"{name}:"] + [f"  {column}: {meaning}" for column, meaning in columns]
    return "\r\n".join(lines) + "\r\n"


# ---------------------------------------------------------------- shared cells


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _agencies(edge: ChartEdge) -> str:
    return ";".join(sorted({p.agency for p in edge.provenance if p.agency}))


def _references(edge: ChartEdge) -> str:
    """Distinct and in the chart's order (a link on a record has no reference)."""
    return ";".join(dict.fromkeys(p.reference for p in edge.provenance if p.reference))


# ---------------------------------------------------------------- the export


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    body: bytes


@dataclass(frozen=True)
class _Format:
    suffix: str
    content_type: str
    write: Callable[[Chart], bytes]


FORMATS = {
    "graphml": _Format("graphml", "application/graphml+xml", graphml),
    "i2": _Format("zip", "application/zip", i2_zip),
}
# Enough for any chart a person expands by hand, and the audit row stays under its size
# limit (safehub/audit/log.py DETAIL_MAX_BYTES) however many were opened.
AUDITED_FOCUS_MOST = 40


def network_export(actor: User, chart: Chart, *, fmt: str, route: str) -> Export:
    """The chart as a file in `fmt` (one of FORMATS), for an analyst, supervisor or hub
    manager (Action.NETWORK_EXPORT; anyone else: ActionRefused, audited).

    The caller makes `chart` as the actor sees it *without* break-glass: break-glass
    opens one person in an emergency and never allows a bulk export (docs/security.md
    #5). One `export` audit row — ids and counts, never a name, phone or plate — is
    written before the bytes are returned; if it cannot be, AuditUnavailable propagates
    and nothing is exported.
    """
    require(actor, Action.NETWORK_EXPORT, route=route)
    chosen = FORMATS.get(fmt)
    if chosen is None:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    body = chosen.write(chart)
    _audit(actor, chart, fmt=fmt, route=route)
    filename = f"safehub-network-{timezone.localdate().isoformat()}.{chosen.suffix}"
    return Export(filename, chosen.content_type, body)


def _audit(actor: User, chart: Chart, *, fmt: str, route: str) -> None:
    """Only person keys (a thing's key is its value: a phone number, a plate) and counts."""
    people = [key for key in chart.focus if key.startswith(PERSON)]
    first = people[0] if people else ""
    audit.record(
        actor=actor,
        verb=Verb.EXPORT,
        target_type="network_chart",
        target_id=first,
        subject_person=first.removeprefix(PERSON),
        detail={
            "format": fmt,
            "route": route,
            "focus_people": people[:AUDITED_FOCUS_MOST],
            "focus_people_count": len(people),
            "nodes": dict(Counter(node.kind for node in chart.nodes)),
            "edges": dict(Counter(edge.type for edge in chart.edges)),
            "withheld": {w.agency: {"nodes": w.nodes, "edges": w.edges} for w in chart.withheld},
        },
    )
