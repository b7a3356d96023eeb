"""Network exports: GraphML that networkx opens with every attribute, i2's entity and
link CSVs with the columns docs/network-exports.md documents and no cell a spreadsheet
would run, and `network_export`: for analysts, supervisors and hub managers only,
audited before it returns, with no personal data in the audit row (docs/security.md #5,
#9, #23)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path
from uuid import uuid4

import networkx as nx
import pytest
from django.db.models import Max

from safehub.access.actions import ActionRefused
from safehub.agencies.models import Role
from safehub.audit import log as audit
from safehub.audit.log import AuditUnavailable
from safehub.audit.models import AuditEvent, Verb
from safehub.network import exports
from safehub.network.queries.shapes import Chart, ChartEdge, ChartNode, Provenance, Withheld
from tests import factories as f

DOC = Path(__file__).resolve().parents[2] / "docs" / "network-exports.md"
GIRL, MAN = uuid4(), uuid4()
PHONE = "phone:+447700900123"


def documented(heading: str) -> list[str]:
    """The names in the first column of the table under `heading` in the doc."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading) + 1
    section = []
    for line in lines[start:]:
        if line.startswith("#"):
            break
        section.append(line)
    return re.findall(r"^\| `([a-z_0-9]+)` \|", "\n".join(section), flags=re.MULTILINE)


def chart(label: str = "Kayleigh Smyth") -> Chart:
    police = Provenance("Northvale Police", "INC-0042", "Intelligence report", date(2025, 1, 5))
    csc = Provenance("Northvale Social Care", "", "associate", None)
    return Chart(
        focus=(f"person:{GIRL}", PHONE, f"person:{MAN}"),
        nodes=(
            ChartNode(
                f"person:{GIRL}", "person", label, young=True, focus=True, person_id=str(GIRL)
            ),
            ChartNode(f"person:{MAN}", "person", "Dean Barker", suspect=True, person_id=str(MAN)),
            ChartNode(PHONE, "phone", "+447700900123", focus=True),
            ChartNode("vehicle:AB12CDE", "vehicle", "AB12CDE"),
        ),
        edges=(
            ChartEdge(
                "e1",
                f"person:{GIRL}",
                f"person:{MAN}",
                "victim_suspect",
                2,
                date(2025, 1, 5),
                date(2025, 2, 1),
                (date(2025, 1, 5), date(2025, 2, 1)),
                "tentative",
                (police, csc, police),
            ),
            ChartEdge(
                "e2",
                f"person:{GIRL}",
                f"person:{MAN}",
                "associate",
                1,
                None,
                None,
                (),
                "recorded",
                (csc,),
            ),
            ChartEdge("e3", f"person:{MAN}", PHONE, "uses", 1, None, None, (), "recorded", ()),
            ChartEdge(
                "e4", f"person:{MAN}", "vehicle:AB12CDE", "uses", 3, None, None, (), "recorded", ()
            ),
        ),
        withheld=(Withheld("Northvale Health", nodes=2, edges=3),),
        title="Chart around Kayleigh Smyth",
    )


def audit_mark() -> int:
    """The last audit row so far (making users writes rows of its own)."""
    return AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0


def audited_since(mark: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=mark).order_by("seq"))


def rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, as documented
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# ---------------------------------------------------------------- the formatters


def test_graphml_opens_in_networkx_with_every_node_edge_and_attribute() -> None:
    read = nx.read_graphml(io.BytesIO(exports.graphml(chart())))
    assert isinstance(read, nx.MultiGraph)  # the girl and the man are tied twice
    assert read.number_of_nodes() == 4
    assert read.number_of_edges() == 4
    assert read.graph["title"] == "Chart around Kayleigh Smyth"
    assert read.nodes[f"person:{GIRL}"] == {
        "kind": "person",
        "label": "Kayleigh Smyth",
        "suspect": False,
        "young": True,
        "focus": True,
    }
    assert read.edges[f"person:{GIRL}", f"person:{MAN}", "e1"] == {
        "type": "victim_suspect",
        "weight": 2,
        "first": "2025-01-05",
        "last": "2025-02-01",
        "grading": "tentative",
        "agencies": "Northvale Police;Northvale Social Care",
        "references": "INC-0042",
    }
    assert read.edges[f"person:{GIRL}", f"person:{MAN}", "e2"]["first"] == ""


def test_graphml_attributes_are_the_documented_ones() -> None:
    read = nx.read_graphml(io.BytesIO(exports.graphml(chart())))
    assert list(read.nodes[PHONE]) == documented("### Node attributes")
    assert list(read.edges[f"person:{MAN}", PHONE, "e3"]) == documented("### Edge attributes")


def test_a_control_character_in_a_name_does_not_break_the_graphml() -> None:
    read = nx.read_graphml(io.BytesIO(exports.graphml(chart(label="Kay\x00leigh\x1b"))))
    assert read.nodes[f"person:{GIRL}"]["label"] == "Kay\ufffdleigh\ufffd"


def test_the_csv_headers_are_the_documented_columns() -> None:
    entities = rows(exports.i2_entities_csv(chart()))
    links = rows(exports.i2_links_csv(chart()))
    assert entities[0] == documented("### `entities.csv`")
    assert links[0] == documented("### `links.csv`")
    assert entities[1] == [f"person:{GIRL}", "Person", "Kayleigh Smyth", "No", "Yes", "Yes"]
    assert [row[1] for row in entities[1:]] == ["Person", "Person", "Telephone", "Vehicle"]
    assert links[1] == [
        "e1",
        f"person:{GIRL}",
        f"person:{MAN}",
        "Victim-suspect",
        "2",
        "2025-01-05",
        "2025-02-01",
        "tentative",
        "Northvale Police;Northvale Social Care",
        "INC-0042",
    ]


def test_a_formula_looking_label_is_exported_as_text() -> None:
    entities = rows(exports.i2_entities_csv(chart(label='=HYPERLINK("http://x","Kay")')))
    labels = {row[0]: row[2] for row in entities[1:]}
    assert labels[f"person:{GIRL}"] == '\'=HYPERLINK("http://x","Kay")'
    assert labels[PHONE] == "'+447700900123"  # a leading + is a formula to a spreadsheet
    assert {row[0] for row in entities[1:]} >= {PHONE}  # the identity is left as it is


def test_the_i2_zip_holds_both_files_and_a_readme_naming_every_column() -> None:
    with zipfile.ZipFile(io.BytesIO(exports.i2_zip(chart()))) as bundle:
        assert sorted(bundle.namelist()) == ["README.txt", "entities.csv", "links.csv"]
        assert bundle.read("entities.csv") == exports.i2_entities_csv(chart())
        assert bundle.read("links.csv") == exports.i2_links_csv(chart())
        readme = bundle.read("README.txt").decode("utf-8")
    for column, _meaning in (*exports.ENTITY_COLUMNS, *exports.LINK_COLUMNS):
        assert f"  {column}: " in readme


# ---------------------------------------------------------------- the export


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER])
def test_an_export_writes_one_audit_row_without_names_or_numbers(role: Role) -> None:
    analyst = f.user(f.agency("police"), role)
    mark = audit_mark()
    export = exports.network_export(analyst, chart(), fmt="graphml", route="network_export")
    assert re.fullmatch(r"safehub-network-\d{4}-\d{2}-\d{2}\.graphml", export.filename)
    assert export.content_type == "application/graphml+xml"
    assert export.body == exports.graphml(chart())
    [row] = audited_since(mark)
    assert (row.verb, row.actor, row.target_type) == (Verb.EXPORT, analyst, "network_chart")
    assert (row.target_id, row.subject_person) == (f"person:{GIRL}", str(GIRL))
    assert row.detail == {
        "format": "graphml",
        "route": "network_export",
        "focus_people": [f"person:{GIRL}", f"person:{MAN}"],
        "focus_people_count": 2,
        "nodes": {"person": 2, "phone": 1, "vehicle": 1},
        "edges": {"victim_suspect": 1, "associate": 1, "uses": 2},
        "withheld": {"Northvale Health": {"nodes": 2, "edges": 3}},
    }
    written = json.dumps([row.target_id, row.subject_person, row.justification, row.detail])
    for personal in ("Kayleigh", "Smyth", "Dean", "Barker", "7700900123", "AB12CDE", "INC-0042"):
        assert personal not in written


@pytest.mark.django_db
def test_the_i2_export_is_one_zip() -> None:
    analyst = f.user(f.agency("police"), Role.ANALYST)
    mark = audit_mark()
    export = exports.network_export(analyst, chart(), fmt="i2", route="network_export")
    assert export.filename.endswith(".zip")
    assert export.content_type == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(export.body)).testzip() is None
    assert [row.detail["format"] for row in audited_since(mark)] == ["i2"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.AUDITOR, Role.LINKAGE, Role.ADMIN])
def test_a_role_without_the_action_is_refused_and_the_refusal_audited(role: Role) -> None:
    worker = f.user(f.agency("police"), role)
    mark = audit_mark()
    with pytest.raises(ActionRefused):
        exports.network_export(worker, chart(), fmt="graphml", route="network_export")
    [refused] = audited_since(mark)  # the refusal, and no export
    assert (refused.verb, refused.actor) == (Verb.REFUSED, worker)
    assert refused.detail == {"action": "network_export", "route": "network_export"}


@pytest.mark.django_db
def test_an_unknown_format_is_a_clear_error() -> None:
    analyst = f.user(f.agency("police"), Role.ANALYST)
    mark = audit_mark()
    with pytest.raises(ValueError, match=r"'xlsx'.*graphml, i2"):
        exports.network_export(analyst, chart(), fmt="xlsx", route="network_export")
    assert audited_since(mark) == []


@pytest.mark.django_db
def test_no_audit_row_means_no_export(monkeypatch: pytest.MonkeyPatch) -> None:
    analyst = f.user(f.agency("police"), Role.ANALYST)

    def unavailable(**_fields: object) -> None:
        raise AuditUnavailable("the audit log cannot be written")

    monkeypatch.setattr(audit, "record", unavailable)
    with pytest.raises(AuditUnavailable):
        exports.network_export(analyst, chart(), fmt="i2", route="network_export")


@pytest.mark.django_db
def test_the_audit_row_stays_within_its_size_however_many_people_were_expanded() -> None:
    analyst = f.user(f.agency("police"), Role.ANALYST)
    many = tuple(f"person:{uuid4()}" for _ in range(300))
    nodes = tuple(ChartNode(key, "person", "Someone", person_id=key[7:]) for key in many)
    mark = audit_mark()
    exports.network_export(analyst, Chart(many, nodes, ()), fmt="graphml", route="r")
    [row] = audited_since(mark)
    detail = row.detail
    assert len(detail["focus_people"]) == exports.AUDITED_FOCUS_MOST
    assert detail["focus_people_count"] == 300
