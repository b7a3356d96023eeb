"""Clustering scored pairs into Persons: no chaining, decisions win, keys stay."""

from __future__ import annotations

import pandas as pd

from safehub.linking.pipeline import facade
from safehub.linking.pipeline.types import Decision
from tests.linking.pipeline.factories import pairs

LINK = 5.0
BAND = (0.0, 5.0)


def records(*rows: tuple[int, str]) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": [r for r, _ in rows], "agency": [a for _, a in rows]})


def groups(result: facade.ClusterResult) -> set[frozenset[int]]:
    by_key: dict[str, set[int]] = {}
    for record, key in result.assignment.items():
        by_key.setdefault(key, set()).add(record)
    return {frozenset(members) for members in by_key.values()}


def test_every_record_gets_a_key_and_strong_pairs_link() -> None:
    result = facade.cluster(
        records((1, "police"), (2, "health"), (3, "csc")),
        pairs((1, 2, 20.0)),
        link_weight=LINK,
        review_band=BAND,
    )
    assert groups(result) == {frozenset({1, 2}), frozenset({3})}
    assert result.new_clusters == 2
    assert all(key.startswith("new:") for key in result.assignment.values())


def test_chaining_through_a_common_name_bridge_is_refused() -> None:
    # Two Jack Smiths, each well matched across two agencies, and a voluntary-sector
    # record "Jack Smith, 2010" that matches either of them a little.
    rows = records((1, "police"), (2, "health"), (3, "education"), (4, "csc"), (5, "voluntary"))
    scored = pairs(
        (1, 2, 25.0),
        (3, 4, 24.0),
        (5, 1, 7.0),
        (5, 3, 6.5),
        (1, 3, -12.0),
        (2, 4, -12.0),
        (1, 4, -10.0),
        (2, 3, -11.0),
    )
    result = facade.cluster(rows, scored, link_weight=LINK, review_band=BAND)
    assert frozenset({1, 2, 3, 4}) not in groups(result)
    assert {frozenset({1, 2, 5}), frozenset({3, 4})} == groups(result)


def test_connected_components_would_have_chained_them() -> None:
    # The same pairs, with nothing but the link threshold: what plain Splink does.
    scored = pairs((1, 2, 25.0), (3, 4, 24.0), (5, 1, 7.0), (5, 3, 6.5))
    strong = scored[scored["match_weight"] >= LINK]
    linked = {frozenset(p) for p in zip(strong["left_id"], strong["right_id"], strict=True)}
    assert frozenset({1, 5}) in linked
    assert frozenset({3, 5}) in linked


def test_twins_at_one_school_stay_apart_on_their_own_evidence() -> None:
    # Twins at one school: each matches the same police record of one of them; the
    # school's UPNs say two pupils, and so does the model's score of the two records.
    rows = records((1, "education"), (2, "education"), (3, "police"))
    rows["upn"] = ["A951400117001", "B951400117002", ""]
    scored = pairs((1, 3, 15.0), (2, 3, 9.0), (1, 2, 6.0))
    assert groups(facade.cluster(rows, scored, link_weight=LINK, review_band=BAND)) == {
        frozenset({1, 3}),
        frozenset({2}),
    }
    without_upns = records((1, "education"), (2, "education"), (3, "police"))
    scored = pairs((1, 3, 15.0), (2, 3, 9.0), (1, 2, -3.0))
    assert groups(facade.cluster(without_upns, scored, link_weight=LINK, review_band=BAND)) == {
        frozenset({1, 3}),
        frozenset({2}),
    }


def test_two_nominals_of_one_person_link_on_the_evidence() -> None:
    # A police nominal made when the first was not found: the two match each other only
    # moderately (another address years on), each matches the person's health record.
    rows = records((1, "police"), (2, "police"), (3, "health"))
    scored = pairs((1, 3, 15.0), (2, 3, 12.0), (1, 2, 4.0))
    assert groups(facade.cluster(rows, scored, link_weight=LINK, review_band=BAND)) == {
        frozenset({1, 2, 3})
    }


def test_an_agencys_own_identifiers_keep_its_records_apart() -> None:
    rows = records((1, "education"), (2, "education"))
    rows["upn"] = ["A951400117001", "B951400117002"]
    result = facade.cluster(rows, pairs((1, 2, 30.0)), link_weight=LINK, review_band=BAND)
    assert groups(result) == {frozenset({1}), frozenset({2})}


def test_within_agency_duplicate_that_matches_strongly_links() -> None:
    rows = records((1, "police"), (2, "police"), (3, "health"))
    scored = pairs((1, 2, 22.0), (1, 3, 18.0), (2, 3, 17.0))
    assert groups(facade.cluster(rows, scored, link_weight=LINK, review_band=BAND)) == {
        frozenset({1, 2, 3})
    }


def test_reviewer_decisions_override_the_model() -> None:
    rows = records((1, "police"), (2, "health"), (3, "csc"), (4, "education"))
    scored = pairs((1, 2, 20.0), (3, 4, 1.0), (2, 3, 2.0))
    decisions = [Decision(1, 2, "different"), Decision(3, 4, "same"), Decision(2, 3, "unsure")]
    result = facade.cluster(rows, scored, link_weight=LINK, review_band=BAND, decisions=decisions)
    assert groups(result) == {frozenset({1}), frozenset({2}), frozenset({3, 4})}
    # Decided pairs leave the review queue; an unsure one stays for another look.
    assert [(p.left_id, p.right_id) for p in result.review] == [(2, 3)]


def test_different_forbids_a_chain_around_it() -> None:
    rows = records((1, "police"), (2, "health"), (3, "csc"))
    scored = pairs((1, 2, 20.0), (2, 3, 19.0))
    result = facade.cluster(
        rows, scored, link_weight=LINK, review_band=BAND, decisions=[Decision(1, 3, "different")]
    )
    assert groups(result) == {frozenset({1, 2}), frozenset({3})}


def test_pairs_in_the_review_band_go_to_review() -> None:
    rows = records((1, "police"), (2, "health"), (3, "csc"))
    result = facade.cluster(
        rows, pairs((1, 2, 3.0), (2, 3, -4.0)), link_weight=LINK, review_band=BAND
    )
    assert [(p.left_id, p.right_id, p.match_weight) for p in result.review] == [(1, 2, 3.0)]
    assert groups(result) == {frozenset({1}), frozenset({2}), frozenset({3})}


def test_a_doubtful_pair_already_in_one_person_is_not_asked_about() -> None:
    # The clinic record and the school record are each a strong match for the police
    # record, so they are one Person already: their own doubtful pair decides nothing.
    rows = records((1, "police"), (2, "health"), (3, "education"), (4, "csc"))
    scored = pairs((1, 2, 20.0), (1, 3, 18.0), (2, 3, 3.0), (3, 4, 2.5))
    result = facade.cluster(rows, scored, link_weight=LINK, review_band=BAND)
    assert groups(result) == {frozenset({1, 2, 3}), frozenset({4})}
    assert [(p.left_id, p.right_id) for p in result.review] == [(3, 4)]


def test_merging_two_large_clusters_goes_to_review() -> None:
    rows = records(*[(i, f"agency-{i}") for i in range(10)])
    inside = [(a, b, 20.0) for a in range(5) for b in range(a + 1, 5)]
    inside += [(a, b, 20.0) for a in range(5, 10) for b in range(a + 1, 10)]
    scored = pairs(*inside, (0, 5, 12.0))
    result = facade.cluster(
        rows,
        scored,
        link_weight=LINK,
        review_band=BAND,
        policy=facade.ClusterPolicy(cohesion=-100.0),
    )
    assert groups(result) == {frozenset(range(5)), frozenset(range(5, 10))}
    assert [(p.left_id, p.right_id) for p in result.review] == [(0, 5)]


def test_a_cluster_bridged_by_one_weak_link_is_split() -> None:
    rows = records((1, "police"), (2, "health"), (3, "csc"), (4, "education"))
    scored = pairs((1, 2, 25.0), (3, 4, 25.0), (2, 3, 6.0), (1, 3, 2.0), (2, 4, 2.0), (1, 4, 2.0))
    result = facade.cluster(
        rows,
        scored,
        link_weight=LINK,
        review_band=BAND,
        policy=facade.ClusterPolicy(cohesion=0.0, bridge_margin=4.0),
    )
    assert groups(result) == {frozenset({1, 2}), frozenset({3, 4})}
    assert result.split_clusters == 1


def test_stable_keys_survive_a_re_cluster() -> None:
    rows = records((1, "police"), (2, "health"), (3, "csc"), (4, "education"), (5, "voluntary"))
    previous = {1: "P7", 2: "P7", 3: "P9", 4: "P9"}
    # Record 5 is new and joins P9; record 2 now turns out to be someone else.
    scored = pairs((1, 2, -3.0), (3, 4, 20.0), (4, 5, 18.0), (3, 5, 17.0))
    result = facade.cluster(
        rows, scored, link_weight=LINK, review_band=(-1.0, LINK), previous=previous
    )
    assert result.assignment[3] == result.assignment[4] == result.assignment[5] == "P9"
    assert {result.assignment[1], result.assignment[2]} == {"P7", "new:1"}
    assert result.new_clusters == 1


def test_a_split_person_keeps_its_key_on_the_larger_part() -> None:
    rows = records((1, "police"), (2, "health"), (3, "csc"))
    result = facade.cluster(
        rows,
        pairs((1, 2, 20.0)),
        link_weight=LINK,
        review_band=BAND,
        previous={1: "P1", 2: "P1", 3: "P1"},
    )
    assert result.assignment[1] == result.assignment[2] == "P1"
    assert result.assignment[3] == "new:1"


def test_merged_persons_keep_the_key_with_most_records() -> None:
    rows = records((1, "police"), (2, "health"), (3, "csc"))
    scored = pairs((1, 2, 20.0), (2, 3, 20.0), (1, 3, 20.0))
    result = facade.cluster(
        rows, scored, link_weight=LINK, review_band=BAND, previous={1: "P2", 2: "P1", 3: "P1"}
    )
    assert set(result.assignment.values()) == {"P1"}


def test_pairs_naming_unknown_records_are_ignored() -> None:
    result = facade.cluster(
        records((1, "police")), pairs((1, 99, 30.0)), link_weight=LINK, review_band=BAND
    )
    assert result.assignment == {1: "new:1"}


def test_a_pair_given_twice_counts_once_at_its_strongest() -> None:
    rows = records((1, "police"), (2, "health"))
    result = facade.cluster(
        rows, pairs((1, 2, 1.0), (2, 1, 20.0)), link_weight=LINK, review_band=BAND
    )
    assert groups(result) == {frozenset({1, 2})}
    assert result.review == []
