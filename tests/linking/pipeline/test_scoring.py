"""Scoring pairs: the evidence the hub's people actually leave behind."""

from __future__ import annotations

import pandas as pd
import pytest

from safehub.linking.pipeline import facade
from tests.linking.pipeline.factories import frame, record


def weight_of(model: facade.LinkModel, left: dict[str, str], right: dict[str, str]) -> float:
    pairs = facade.score(model, frame(left, right), min_weight=-50)
    assert len(pairs) == 1, "the blocking rules should propose this pair"
    return float(pairs["match_weight"].iloc[0])


def test_score_returns_ordered_pairs_above_min_weight(model: facade.LinkModel) -> None:
    rows = [
        record(unique_id=9, agency="police"),
        record(unique_id=3, agency="education"),
        record(
            unique_id=5,
            given_names="Zofia",
            family_name="Nowak",
            date_of_birth="1990-01-01",
            postcode="NV9 1AA",
            address="1 Moor Lane",
        ),
    ]
    pairs = facade.score(model, frame(*rows), min_weight=0)
    assert list(pairs.columns) == ["left_id", "right_id", "match_weight", "match_probability"]
    assert (pairs["left_id"] < pairs["right_id"]).all()
    assert (pairs["match_weight"] >= 0).all()
    assert set(zip(pairs["left_id"], pairs["right_id"], strict=True)) == {(3, 9)}


def test_nickname_links(model: facade.LinkModel) -> None:
    formal = record(agency="education", given_names="Rebecca Louise")
    known_as = record(agency="voluntary", given_names="Becky", address="58 Wheatley St")
    assert weight_of(model, formal, known_as) > facade.LINK_WEIGHT


@pytest.mark.parametrize(
    ("left_name", "right_name"),
    [
        ("Mohammed", "Muhammad"),
        ("Aleksandra", "Ola"),
        ("Katarzyna", "Kasia"),
    ],
)
def test_hub_variant_table_names_link(
    model: facade.LinkModel, left_name: str, right_name: str
) -> None:
    left = record(agency="csc", given_names=left_name, family_name="Kowalski", sex="male")
    right = record(agency="police", given_names=right_name, family_name="Kowalski", sex="male")
    assert weight_of(model, left, right) > facade.LINK_WEIGHT


def test_polish_feminine_surname_meets_fathers_form(model: facade.LinkModel) -> None:
    left = record(agency="health", given_names="Zuzanna", family_name="Kowalska")
    right = record(agency="police", given_names="Zuzanna", family_name="KOWALSKI")
    assert weight_of(model, left, right) > facade.LINK_WEIGHT


def test_transposed_date_of_birth_links(model: facade.LinkModel) -> None:
    left = record(agency="health", date_of_birth="2011-03-07")
    right = record(agency="police", date_of_birth="2011-07-03")
    assert weight_of(model, left, right) > facade.LINK_WEIGHT


def test_partial_date_of_birth_that_agrees_is_evidence(model: facade.LinkModel) -> None:
    full = record(agency="health", address="9 Mill Lane", postcode="NV1 1AA")
    partial = record(
        agency="police", date_of_birth="2011-03", address="3 Oak Road", postcode="NV8 2BB"
    )
    wrong_year = record(
        agency="police", date_of_birth="2009-03", address="3 Oak Road", postcode="NV8 2BB"
    )
    assert weight_of(model, full, partial) > weight_of(model, full, wrong_year) + 10


def test_previous_surname_kept_as_other_name_links(model: facade.LinkModel) -> None:
    before = record(agency="education", family_name="Hargreaves")
    after = record(
        agency="csc",
        family_name="Holroyd",
        other_names="Hargreaves",
        address="12 Canal Way",
        postcode="NV5 5DN",
    )
    assert weight_of(model, before, after) > facade.LINK_WEIGHT


def test_twins_with_different_names_and_nhs_numbers_do_not_link(model: facade.LinkModel) -> None:
    family = {
        "family_name": "Parker",
        "date_of_birth": "2013-07-30",
        "postcode": "NV6 7YZ",
        "address": "149 Moor Close",
        "phone": "0113 496 0060",
        "agency": "health",
    }
    alexandra = record(given_names="Alexandra Grace", nhs_number="9059661044", **family)
    logan = record(given_names="Logan", sex="male", nhs_number="9721725668", **family)
    lily = record(given_names="Lily", nhs_number="9801446013", **family)
    assert weight_of(model, alexandra, logan) < facade.REVIEW_BAND[0]
    assert weight_of(model, alexandra, lily) < facade.REVIEW_BAND[0]


def test_mis_keyed_nhs_number_does_not_veto_a_perfect_match(model: facade.LinkModel) -> None:
    left = record(agency="health", nhs_number="9434765919", phone="07700 900123")
    right = record(
        agency="csc", nhs_number="943 476 5870", phone="07700900123", family_name="HARGREAVES"
    )
    weight = weight_of(model, left, right)
    assert weight > facade.LINK_WEIGHT
    nhs = next(
        e for e in facade.explain(model, left, right).explanation if e.comparison == "nhs_number"
    )
    assert nhs.level == "all other"
    assert -8.0 <= nhs.match_weight < 0, "a mismatch counts against, capped"


def test_explain_is_a_waterfall_that_adds_up_to_the_score(model: facade.LinkModel) -> None:
    left = record(agency="education", given_names="Rebecca", upn="A951400117001")
    right = record(
        agency="police",
        given_names="Becky",
        date_of_birth="2011-07-03",
        address="9 Mill Lane",
        postcode="NV1 1AA",
    )
    scored = facade.score(model, frame(left, right), min_weight=-50)
    explained = facade.explain(model, left, right)
    assert explained.match_weight == pytest.approx(float(scored["match_weight"].iloc[0]))
    assert sum(e.match_weight for e in explained.explanation) == pytest.approx(
        explained.match_weight
    )
    bars = {e.comparison: e for e in explained.explanation}
    assert bars["prior"].match_weight < 0
    assert bars["first_name"].level == "same name: spelling or nickname"
    assert bars["date_of_birth"].level == "day and month transposed"
    assert bars["address"].left_value == "58 Wheatley Street, Northvale · NV3 6RQ"
    assert bars["upn"].level == "missing on either record"
    assert bars["upn"].match_weight == 0


def test_explain_shows_the_household_correction_for_twins(model: facade.LinkModel) -> None:
    family = {
        "family_name": "Parker",
        "date_of_birth": "2013-07-30",
        "postcode": "NV6 7YZ",
        "address": "149 Moor Close",
        "phone": "0113 496 0060",
    }
    bars = {
        e.comparison: e
        for e in facade.explain(
            model,
            record(given_names="Alexandra", **family),
            record(given_names="Lily", agency="police", **family),
        ).explanation
    }
    assert bars["household"].match_weight < 0


def test_prepared_frames_are_accepted(model: facade.LinkModel) -> None:
    rows = frame(record(agency="police"), record(agency="csc"))
    assert facade.score(model, facade.prepare(rows), min_weight=0).equals(
        facade.score(model, rows, min_weight=0)
    )


def test_empty_records_score_no_pairs(model: facade.LinkModel) -> None:
    pairs = facade.score(model, frame(record()), min_weight=0)
    assert isinstance(pairs, pd.DataFrame)
    assert pairs.empty
