"""The association graph over hand-made frames: edges typed by roles and relations, with
their dates, records and grading; families kept apart; networks around suspects;
suspects ranked by the young people they reach; gateways."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from safehub.network.core import analysis, evaluation, graph, paths
from safehub.network.core.frames import (
    EVENT_THING_COLUMNS,
    PERSON_THING_COLUMNS,
    PRESENCE_COLUMNS,
    RELATION_COLUMNS,
)

ON = date(2025, 12, 1)


def presence(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """(person, event, role, day, grading)"""
    return pd.DataFrame(
        [(p, e, r, pd.Timestamp(d), "police", g) for p, e, r, d, g in rows],
        columns=list(PRESENCE_COLUMNS),
    )


def persons(**born: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"person": list(born), "date_of_birth": pd.to_datetime(list(born.values()))}
    )


GIRLS = {f"G{i}": "2011-01-01" for i in range(1, 5)}
MEN = {"M1": "1985-01-01", "M2": "1988-01-01", "DAD": "1970-01-01"}


def small_world() -> graph.AssociationGraph:
    """Two men who offend together, four girls they are seen with, a car one of them
    drives; a father who is family of a girl and nothing more."""
    seen = presence(
        ("M1", "I1", "suspect", "2025-01-05", "2/B/P"),
        ("M2", "I1", "suspect", "2025-01-05", "2/B/P"),
        ("G1", "I1", "subject", "2025-01-05", "2/B/P"),
        ("M1", "I2", "suspect", "2025-03-01", "1/A/P"),
        ("G2", "I2", "subject", "2025-03-01", "1/A/P"),
        ("G3", "STOP", "passenger", "2025-04-01", ""),
        ("G4", "STOP", "passenger", "2025-04-01", ""),
        ("G1", "RUN", "missing_person", "2025-05-01", ""),
        ("G2", "RUN", "missing_person", "2025-05-01", ""),
    )
    things = pd.DataFrame(
        [("M2", "vehicle:AB12CDE", "owns", "police", None)], columns=list(PERSON_THING_COLUMNS)
    )
    at_events = pd.DataFrame([("STOP", "vehicle:AB12CDE")], columns=list(EVENT_THING_COLUMNS))
    family = pd.DataFrame([("DAD", "G1", "parent", "csc")], columns=list(RELATION_COLUMNS))
    return graph.build(seen, things, at_events, family, persons(**GIRLS, **MEN))


def edge(g: graph.AssociationGraph, a: str, b: str) -> pd.Series:
    rows = g.edges[(g.edges["source"] == min(a, b)) & (g.edges["target"] == max(a, b))]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_roles_make_the_type_of_a_tie_and_it_keeps_its_evidence() -> None:
    g = small_world()
    together = edge(g, "person:M1", "person:M2")
    assert together["type"] == "co_offending"
    assert together["records"] == ["police:I1"]
    assert together["grading"] == "tentative"
    assert edge(g, "person:G2", "person:M1")["grading"] == "confirmed"
    assert edge(g, "person:G1", "person:M1")["type"] == "victim_suspect"
    assert edge(g, "person:G1", "person:G2")["type"] == "peer"
    assert edge(g, "person:G3", "vehicle:AB12CDE")["type"] == "seen_with"
    assert edge(g, "person:M2", "vehicle:AB12CDE")["type"] == "uses"
    assert edge(g, "person:DAD", "person:G1")["type"] == "family"
    assert edge(g, "person:G1", "person:M1")["first"] == pd.Timestamp("2025-01-05")


def test_a_grade_reads_as_confirmed_tentative_or_unconfirmed() -> None:
    assert graph.grading("1/A/P") == "confirmed"
    assert graph.grading("3/C/P") == "tentative"
    assert graph.grading("3/E/C") == "unconfirmed"
    assert graph.grading("") == "recorded"


def test_a_frame_without_its_columns_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="presence lacks the column"):
        graph.build(pd.DataFrame({"person": ["A"]}))


def test_the_men_their_girls_and_the_car_are_one_network_and_the_father_is_not() -> None:
    g = small_world()
    found = analysis.networks(g, analysis.communities(g))
    members = found.groupby("network")["node"].apply(set)
    network = next(m for m in members if "person:M1" in m)
    assert {"person:M1", "person:M2", "person:G1", "person:G2"} <= network
    assert "person:DAD" not in network


def test_suspects_are_ranked_by_the_girls_they_reach() -> None:
    g = small_world()
    ranked = analysis.rank_suspects(g, ON)
    assert ranked["node"].tolist()[0] == "person:M2"  # two girls through his car, one direct
    assert set(ranked["node"]) == {"person:M1", "person:M2"}
    assert (ranked["young_people"] >= 2).all()


def test_the_car_is_a_gateway() -> None:
    gates = analysis.gateways(small_world(), ON)
    assert gates.iloc[0]["node"] == "vehicle:AB12CDE"
    assert gates.iloc[0]["young_people"] == 2


def test_recovery_is_the_best_jaccard_of_each_true_network() -> None:
    truth = {"N1": {"person:A", "person:B", "person:C", "person:D"}}
    found = pd.DataFrame(
        {"network": ["X", "X", "X", "Y"], "node": ["person:A", "person:B", "person:C", "person:D"]}
    )
    got = evaluation.recovered(truth, found)
    assert got == {"networks": 1, "at_0_5": 1.0, "at_0_8": 0.0}  # 3 of 4: Jaccard 0.75


def test_an_empty_hub_is_an_empty_graph() -> None:
    g = graph.build(presence())
    assert len(g.edges) == 0
    assert analysis.rank_suspects(g, ON).empty


def test_the_shortest_chain_from_a_girl_to_the_man_who_owns_the_car() -> None:
    steps = paths.shortest_path(small_world(), "person:G3", "person:M2")
    assert [s.node for s in steps] == ["person:G3", "vehicle:AB12CDE", "person:M2"]
    assert [s.tie for s in steps] == ["", "seen_with", "uses"]


def test_contacts_in_order_reach_her_and_contacts_out_of_order_do_not() -> None:
    g = small_world()
    # M2 was with M1 in January (I1), M1 with G2 in March: she is reached in March,
    # earlier than through G1 (January, then G1 and G2 ran away together in May).
    steps = paths.time_respecting_path(g, "person:M2", "person:G2")
    assert [s.node for s in steps] == ["person:M2", "person:M1", "person:G2"]
    assert [s.on for s in steps] == [None, date(2025, 1, 5), date(2025, 3, 1)]
    # From February, only the May run is left: through G1? No — M2 met G1 only in January.
    assert paths.time_respecting_path(g, "person:M2", "person:G2", since=date(2025, 2, 1)) == []
    # From June on, nothing that happened can carry M2 to anyone.
    assert paths.time_respecting_path(g, "person:M2", "person:G2", since=date(2025, 6, 1)) == []
    # From G2 in May to M2 goes back in time (their ties are older): no path.
    assert paths.time_respecting_path(g, "person:G2", "person:M2", since=date(2025, 5, 2)) == []


def test_what_changed_since_march_is_the_new_girls_and_the_car() -> None:
    g = small_world()
    network = {"person:M1", "person:M2", "person:G1", "person:G2", "vehicle:AB12CDE"}
    changed = analysis.changes(g, network, date(2025, 3, 15))
    assert set(changed["newcomer"]) == {"person:G3", "person:G4", ""}
    assert (changed["first"] >= pd.Timestamp(2025, 3, 15)).all()
    assert "person:DAD" not in set(changed["source"]) | set(changed["target"])


def test_a_mother_who_reported_her_daughter_missing_is_not_in_the_network() -> None:
    seen = presence(
        ("M1", "I1", "suspect", "2025-01-05", "2/B/P"),
        ("M2", "I1", "suspect", "2025-01-05", "2/B/P"),
        ("G1", "I1", "subject", "2025-01-05", "2/B/P"),
        ("G1", "RUN", "missing_person", "2025-05-01", ""),
        ("MUM", "RUN", "reporter", "2025-05-01", ""),
        ("G1", "RUN2", "missing_person", "2025-06-01", ""),
        ("MUM", "RUN2", "reporter", "2025-06-01", ""),
    )
    at_runs = pd.DataFrame(
        [("RUN", "social_media:g1"), ("RUN2", "social_media:g1"), ("I1", "social_media:g1")],
        columns=list(EVENT_THING_COLUMNS),
    )
    g = graph.build(seen, event_things=at_runs)
    assert edge(g, "person:G1", "person:MUM")["type"] == "co_present"  # still on the chart
    assert edge(g, "person:G1", "person:MUM")["involved"] == 0
    assert edge(g, "person:G1", "social_media:g1")["involved"] == 3
    found = analysis.networks(g, analysis.communities(g))
    members = set(found.loc[found["network"] == found["network"].iloc[0], "node"])
    assert {"person:M1", "person:M2", "person:G1"} <= members
    assert "person:MUM" not in set(found["node"])


def test_a_girl_drawn_in_by_another_joins_their_network_though_no_suspect_is_near() -> None:
    girls = [f"G{i}" for i in range(25)]
    seen = presence(
        *[(m, "I1", "suspect", "2025-01-05", "") for m in ("M1", "M2")],
        *[(girl, "I1", "subject", "2025-01-05", "") for girl in girls],
        ("G0", "RUN", "missing_person", "2025-05-01", ""),
        ("NEW", "RUN", "missing_person", "2025-05-01", ""),
    )
    g = graph.build(seen)
    membership = analysis.communities(g)
    assert membership["person:NEW"] == membership["person:M1"] == membership["person:G24"]
