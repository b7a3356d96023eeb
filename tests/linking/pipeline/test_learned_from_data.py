"""Two safety rules that the data itself can overrule: twins on a shared birthday, and
an agency's own identifiers telling its records apart. Where the training records show
first names or identifiers keyed carelessly (FEBRL's duplicates replace first names and
mistype `soc_sec_id`), such a difference is evidence, weighed, not proof of two people."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from safehub.linking.pipeline import facade, household, identifier_checks
from tests.linking.pipeline.factories import frame, pairs, record

FIRST_NAMES = ("Chloe", "Megan", "Amelia", "Jessica", "Sophie", "Holly", "Grace", "Evie")


def twins(model: facade.LinkModel) -> float:
    """The weight of two girls born the same day at one address under other first names."""
    return facade.explain(
        model, record(given_names="Chloe"), record(given_names="Eboni")
    ).match_weight


def test_the_world_keeps_twins_apart_and_a_source_that_replaces_names_does_not(
    model: facade.LinkModel,
) -> None:
    assert model.birthday_share is not None
    assert model.birthday_share <= household.TWIN_SHARE_MAX
    assert twins(model) < facade.LINK_WEIGHT
    replacing = replace(model, birthday_share=0.35)
    assert twins(replacing) >= facade.LINK_WEIGHT
    # The household is still counted once: a sibling born another day stays apart.
    sibling = facade.explain(
        replacing,
        record(given_names="Chloe"),
        record(given_names="Eboni", date_of_birth="2013-09-21"),
    )
    assert sibling.match_weight < facade.LINK_WEIGHT


def test_birthday_share_is_the_share_of_other_first_names_on_shared_birthdays() -> None:
    rows = []
    for i, first in enumerate(FIRST_NAMES):
        address = f"{i + 1} Lister Road, Northvale"
        rows.append(record(given_names=first, address=address))
        rows.append(record(given_names=first, address=address, agency="education"))
    # One family's twins: Holly's twin sister Poppy, known to health.
    rows.append(record(given_names="Poppy", address="6 Lister Road, Northvale"))
    features = facade.prepare(frame(*rows))
    # 8 pairs of one girl's two records; Holly's 2 records against Poppy's: 2 of 10 pairs.
    assert household.birthday_share(features) == pytest.approx(2 / 10)
    assert household.birthday_share(facade.prepare(frame(record()))) == 0.0


def test_identifiers_that_differ_between_identical_records_are_taken_as_mistyped() -> None:
    def duplicates(people: int, mistyped: int) -> list[dict[str, str]]:
        rows = []
        for i in range(people):
            nhs = f"94{i:08d}"
            other = f"95{i:08d}" if i < mistyped else nhs
            details = {"given_names": FIRST_NAMES[i % 8], "address": f"{i + 1} Raven Grove"}
            rows += [record(nhs_number=nhs, **details), record(nhs_number=other, **details)]
        return rows

    assert identifier_checks.mistyped_identifiers(facade.prepare(frame(*duplicates(30, 3)))) == (
        "nhs_number",
    )
    # One careless pair in 30 is within what an agency's real duplicates show.
    assert identifier_checks.mistyped_identifiers(facade.prepare(frame(*duplicates(30, 1)))) == ()
    # Too few pairs to judge: the identifiers are trusted.
    assert identifier_checks.mistyped_identifiers(facade.prepare(frame(*duplicates(10, 5)))) == ()


def test_mistyped_identifiers_no_longer_keep_one_agencys_records_apart(
    model: facade.LinkModel,
) -> None:
    rows = frame(
        record(unique_id=1, nhs_number="9434765919"),
        record(unique_id=2, nhs_number="9434765870"),
    )
    scored = pairs((1, 2, 18.0))
    kept = facade.cluster(rows, scored, link_weight=2.0, review_band=(-1.0, 2.0), model=model)
    assert kept.assignment[1] != kept.assignment[2]
    careless = replace(model, mistyped_identifiers=("nhs_number",))
    joined = facade.cluster(rows, scored, link_weight=2.0, review_band=(-1.0, 2.0), model=careless)
    assert joined.assignment[1] == joined.assignment[2]


def test_a_model_saved_before_these_checks_keeps_both_rules(model: facade.LinkModel) -> None:
    saved = json.loads(model.to_json())
    saved.pop("birthday_share")
    saved.pop("mistyped_identifiers")
    old = facade.LinkModel.from_json(json.dumps(saved))
    assert old.twins_apart
    assert old.mistyped_identifiers == ()
    again = facade.LinkModel.from_json(replace(model, birthday_share=0.35).to_json())
    assert not again.twins_apart
