"""Evidence the linker now weighs: house stems, wider blocking, address levels, the
household correction's exceptions, shared identifiers and the world's sibling names."""

from __future__ import annotations

import random
from datetime import date

import duckdb
import pandas as pd
import pytest

from safehub.linking.pipeline import facade, household
from safehub.linking.pipeline import model as models
from safehub.linking.pipeline.comparisons import BLOCKING_RULES, COMPARISONS
from safehub.synth.identifiers import PhonePool
from safehub.synth.places import build_places
from safehub.synth.population import populate
from tests.linking.pipeline.factories import frame, record

# ------------------------------------------------------------------ address features


def address_features(address: str) -> tuple[str | None, str | None]:
    """(address_key, address_stem) of one record living at `address`."""
    row = facade.prepare(frame(record(address=address))).iloc[0]
    return (
        None if pd.isna(row["address_key"]) else str(row["address_key"]),
        None if pd.isna(row["address_stem"]) else str(row["address_stem"]),
    )


@pytest.mark.parametrize(
    ("address", "stem"),
    [
        ("58 Wheatley Street, Northvale", "58 WHE"),
        ("58 WHEATLEYSTREET", "58 WHE"),
        ("12, sunnybank garden", "12 SUN"),
        ("7b Moor Lane", "7B MOO"),
    ],
)
def test_address_stem_is_house_number_and_first_letters_of_the_street(
    address: str, stem: str
) -> None:
    """The stem meets a house whose street was run together, mistyped at the end or
    given another kind: what address_key alone would miss."""
    assert address_features(address)[1] == stem


@pytest.mark.parametrize("address", ["Flat above the shop, Wheatley Street", "Northvale", ""])
def test_no_house_number_no_stem(address: str) -> None:
    """Without a house number the first letters of a street say too little to block on."""
    assert address_features(address)[1] is None


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("27 Tyrrell Circuit, Bright View", "27 TYRRELL CCT"),
        ("3 Marine Parade, Northvale", "3 MARINE PDE"),
        ("5 Kings Boulevard", "5 KINGS BLVD"),
        ("101 Great North Highway, Eastfield", "101 GREAT NORTH HWY"),
    ],
)
def test_address_key_knows_more_street_kinds(address: str, key: str) -> None:
    """The locality after the street's kind is dropped (agencies keep or drop it), and
    the kind is abbreviated, so 'Circuit' and 'Cct' are one street."""
    assert address_features(address)[0] == key


def test_spelt_out_and_abbreviated_street_kinds_share_a_key() -> None:
    assert address_features("27 Tyrrell Circuit, Bright View") == address_features("27 TYRRELL CCT")


# ------------------------------------------------------------------ blocking

# The rules that existed before the house-and-postcode rules: none uses either column.
OLDER_RULES = tuple(
    rule for rule in BLOCKING_RULES if "postcode" not in rule and "address_stem" not in rule
)


def rules_proposing(
    left: dict[str, str], right: dict[str, str], rules: tuple[str, ...]
) -> list[str]:
    """Those of `rules` whose join meets the two records (checked on their features)."""
    features = facade.prepare(frame(left, right))
    with duckdb.connect() as con:
        con.register("f", features)
        return [
            rule
            for rule in rules
            if con.execute(
                f"SELECT count(*) FROM f l JOIN f r ON l.unique_id < r.unique_id AND ({rule})"
            ).fetchone()
            != (0,)
        ]


def scored_pairs(
    model: facade.LinkModel, left: dict[str, str], right: dict[str, str]
) -> set[tuple[int, int]]:
    pairs = facade.score(model, frame(left, right), min_weight=-100)
    return set(zip(pairs["left_id"], pairs["right_id"], strict=True))


# Both names changed (a step-parent's surname, a first name mistyped past every spelling,
# nickname and canonical table): only the house, the postcode and the date remain.
_RENAMED = {"given_names": "Rbececa", "family_name": "Holroyd", "agency": "police"}


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="same-house-postcode-and-date"),
        pytest.param({"address": "3 Oak Road"}, id="date-and-postcode"),
        pytest.param(
            {"address": "58 Wheatleystreet", "date_of_birth": "2011-09-21"},
            id="house-stem-and-postcode",
        ),
        pytest.param(
            {"address": "58 Wheatley St.", "postcode": "NV8 2BB"}, id="date-and-house-stem"
        ),
        pytest.param(
            {"given_names": "Rebecca", "address": "3 Oak Road", "date_of_birth": "2011-09-21"},
            id="postcode-and-first-name",
        ),
    ],
)
def test_pairs_with_both_names_changed_are_scored(
    model: facade.LinkModel, changes: dict[str, str]
) -> None:
    """A record whose names were both changed must reach the model to be linked at all:
    blocking now proposes it through the house, the postcode and the date of birth."""
    left = record()
    right = record(**{**_RENAMED, **changes})
    assert rules_proposing(left, right, OLDER_RULES) == [], "chosen to escape older rules"
    ids = (int(left["unique_id"]), int(right["unique_id"]))
    assert scored_pairs(model, left, right) == {ids}


def test_strangers_in_one_postcode_are_not_proposed(model: facade.LinkModel) -> None:
    """The new rules stay narrow: a postcode alone (other house, names and date) is not
    enough to make a pair."""
    left = record()
    right = record(
        given_names="Jessica",
        family_name="Holroyd",
        address="3 Oak Road",
        date_of_birth="2012-10-19",
        agency="police",
    )
    assert scored_pairs(model, left, right) == set()


# ------------------------------------------------------------------ address levels

SPELT_DIFFERENTLY = "same house, the street spelt or set out differently"
POSTCODE_SLIP = "same house and street, a slip in the postcode"


def address_bar(
    model: facade.LinkModel, left: dict[str, str], right: dict[str, str]
) -> facade.Explanation:
    bars = [
        bar for bar in facade.explain(model, left, right).explanation if bar.comparison == "address"
    ]
    assert len(bars) == 1
    return bars[0]


@pytest.mark.parametrize(
    ("left_address", "right_address", "left_postcode", "right_postcode", "level"),
    [
        (
            "58 Wheatley Street, Northvale",
            "58 WHEATLEYSTREET",
            "NV3 6RQ",
            "NV3 6RQ",
            SPELT_DIFFERENTLY,
        ),
        ("12 Sunnybank Gardens", "12, sunnybank garden", "NV5 5DN", "NV5 5DN", SPELT_DIFFERENTLY),
        ("58 Wheatley Street, Northvale", "58 Wheatley St", "NV3 6RQ", "NV3 6QR", POSTCODE_SLIP),
        ("58 Wheatley Street, Northvale", "58 WHEATLEYSTREET", "NV3 6RQ", "NV3 6RO", POSTCODE_SLIP),
    ],
)
def test_same_house_written_differently_is_evidence_for(
    model: facade.LinkModel,
    left_address: str,
    right_address: str,
    left_postcode: str,
    right_postcode: str,
    level: str,
) -> None:
    """One house written two ways is not a move: it counts for the pair, not against."""
    left = record(address=left_address, postcode=left_postcode)
    right = record(address=right_address, postcode=right_postcode, agency="police")
    bar = address_bar(model, left, right)
    assert bar.level == level
    assert bar.match_weight > 0


def test_same_address_is_still_the_strongest_address_evidence(model: facade.LinkModel) -> None:
    """The new levels sit below an exact address: a difference, however small, is a
    little doubt."""
    left = record()
    same = address_bar(model, left, record(agency="police"))
    spelt = address_bar(model, left, record(address="58 WHEATLEYSTREET", agency="police"))
    assert same.level == "same address"
    assert same.match_weight > spelt.match_weight > 0


def test_another_house_in_the_postcode_is_not_the_same_house(model: facade.LinkModel) -> None:
    left = record()
    right = record(address="60 Wheatley Street", agency="police")
    assert address_bar(model, left, right).level == "same postcode"


# ------------------------------------------------------------------ household correction

HOUSEHOLD = {"surname": 4.0, "address": 5.0, "phone": 6.0}  # all agree: 15, strongest 6
REDUNDANT = 4.0 + 5.0  # what is removed when the household is counted once


def test_same_first_name_with_a_mistyped_date_keeps_the_household() -> None:
    """The same first name at the same address, the date a little off, is one person
    whose date was mistyped, not a sibling: the household's agreement stands."""
    weights = {"first_name": 3.0, "date_of_birth": -2.5, "sex": 1.0, **HOUSEHOLD}
    assert household.pair_correction(weights) == 0.0


@pytest.mark.parametrize("first_name", [-4.0, 1.5])
def test_another_first_name_counts_the_household_once(first_name: float) -> None:
    """A sibling (or a name that merely sounds alike) at the same address: surname,
    address and phone say one thing, 'they live together', so only the strongest counts."""
    weights = {"first_name": first_name, "date_of_birth": -2.5, "sex": 1.0, **HOUSEHOLD}
    assert household.pair_correction(weights) == pytest.approx(-REDUNDANT)


def test_dates_a_generation_apart_count_the_household_once_despite_one_name() -> None:
    """A father and son of one name share a house but not a person."""
    weights = {"first_name": 3.0, "date_of_birth": -8.0, "sex": 1.0, **HOUSEHOLD}
    assert household.pair_correction(weights) == pytest.approx(-REDUNDANT)


def test_same_first_name_and_date_keeps_the_household() -> None:
    weights = {"first_name": 3.0, "date_of_birth": 9.0, "sex": 1.0, **HOUSEHOLD}
    assert household.pair_correction(weights) == 0.0


# ------------------------------------------------------------------ shared identifiers


def nhs_numbers(count: int, *, seed: int) -> list[str]:
    """`count` distinct valid NHS numbers (modulus 11 check digit), the same every run."""
    rng = random.Random(seed)
    found: dict[str, None] = {}
    while len(found) < count:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 10:
            continue  # no valid number has these nine digits
        found["".join(map(str, digits)) + str(0 if check == 11 else check)] = None
    return list(found)


def test_nhs_numbers_helper_makes_valid_numbers() -> None:
    for number in nhs_numbers(50, seed=2):
        total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
        assert len(number) == 10
        assert (11 - total % 11) % 11 == int(number[9])


def identifier_features(holders: dict[str, int]) -> pd.DataFrame:
    """Prepared records: per agency, that many records with an NHS number (and as many
    again without one)."""
    numbers = iter(nhs_numbers(sum(holders.values()), seed=7))
    rows = []
    for agency, held in holders.items():
        rows += [record(agency=agency, nhs_number=next(numbers)) for _ in range(held)]
        rows += [record(agency=agency) for _ in range(held)]
    return facade.prepare(frame(*rows))


def fixed_m(features: pd.DataFrame) -> dict[str, bool]:
    return {c.name: c.fixed_m for c in models.learnable(features) if c.identifier}


def test_identifiers_are_fixed_by_design() -> None:
    """The premise: identifiers keep their priors unless the data can teach them."""
    assert {c.name for c in COMPARISONS if c.fixed_m} == {"nhs_number", "pnc_id", "upn"}


def test_identifier_two_agencies_share_is_learned() -> None:
    """When two agencies each hold an identifier on many records, pairs of one person
    show both numbers, so the data can teach how often they disagree."""
    enough = models.SHARED_IDENTIFIER_RECORDS
    learned = fixed_m(identifier_features({"health": enough, "csc": enough}))
    assert learned == {"nhs_number": False, "pnc_id": True, "upn": True}


@pytest.mark.parametrize("second", [0, models.SHARED_IDENTIFIER_RECORDS - 1])
def test_identifier_one_agency_holds_stays_fixed(second: int) -> None:
    """One agency's numbers never meet another's: nothing to learn m from."""
    holders = {"health": models.SHARED_IDENTIFIER_RECORDS * 2, "csc": second}
    assert fixed_m(identifier_features(holders))["nhs_number"] is True


def test_comparisons_not_learnable_are_left_as_they_are() -> None:
    features = identifier_features({"health": 10})
    assert models.learnable(features) == COMPARISONS


# ------------------------------------------------------------------ the synthetic world


@pytest.mark.parametrize("seed", [5, 11])
def test_no_family_gives_two_children_one_first_name(seed: int) -> None:
    """Siblings who share a first name (not only twins) would be indistinguishable
    false matches no real family produces."""
    pop = populate(
        random.Random(f"{seed}/population"),
        young_people=1500,
        reference=date(2026, 11, 1),
        places=build_places(random.Random(f"{seed}/places"), 1500),
        phones=PhonePool(random.Random(f"{seed}/phones")),
    )
    siblings = [family for family in pop.families if len(family) > 1]
    assert len(siblings) > 100, "enough families of several children to mean something"
    for family in siblings:
        given = [child.given for child in family]
        assert len(set(given)) == len(given), given
