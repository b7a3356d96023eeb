"""Record columns -> the features the model compares."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from safehub.linking.pipeline import facade, names
from safehub.linking.pipeline.features import FEATURE_COLUMNS, with_name_rarity
from safehub.synth import names as synth_names
from tests.linking.pipeline.factories import frame, record


def features_of(**values: str) -> dict[str, Any]:
    prepared = facade.prepare(frame(record(**values)))
    assert list(prepared.columns) == list(FEATURE_COLUMNS)
    return prepared.iloc[0].to_dict()


def test_names_are_upper_case_ascii_and_split() -> None:
    row = features_of(given_names="Łucja Zofia", family_name="Wójcik", other_names="")
    assert (row["first_name"], row["surname"]) == ("LUCJA", "WOJCIK")
    assert row["names_all"] == ["LUCJA", "ZOFIA", "WOJCIK"]
    double = features_of(family_name="Smith-Jones", given_names="Amy")
    assert double["surname"] == "SMITHJONES"
    assert double["names_all"] == ["AMY", "SMITHJONES", "SMITH", "JONES"]


def test_spelling_variants_share_a_representative() -> None:
    assert names.spelling("MUHAMMAD") == names.spelling("MOHAMED") == "MOHAMMED"
    assert names.spelling("SMYTH") == "SMITH"
    assert names.spelling("KOWALSKA") == names.spelling("KOWALSKI")
    assert names.spelling("DABROWSKA") == "DABROWSKI"


def test_nicknames_share_a_key_with_their_formal_name() -> None:
    def equivalent(a: str, b: str) -> bool:
        return bool(
            set(names.nickname_keys(names.spelling(a)))
            & set(names.nickname_keys(names.spelling(b)))
        )

    assert equivalent("REBECCA", "BECKY")
    assert equivalent("BECKY", "BECCA")
    assert equivalent("ALEKSANDRA", "OLA")
    assert equivalent("WILLIAM", "BILL")  # from the nicknames package
    assert not equivalent("LIAM", "WILLIAM")
    assert names.canonical_first_name("BECKY") == "REBECCA"


def test_hub_tables_cover_the_synthetic_worlds_names() -> None:
    for formal, short_forms in synth_names.NICKNAMES.items():
        formal_keys = set(names.nickname_keys(names.spelling("".join(names.name_tokens(formal)))))
        for short in short_forms:
            key = names.spelling("".join(names.name_tokens(short)))
            assert formal_keys & set(names.nickname_keys(key)), (formal, short)
    for group in synth_names.VARIANTS:
        spellings = {names.spelling("".join(names.name_tokens(n))) for n in group}
        assert len(spellings) == 1, group


def test_kaur_and_singh_as_surname_carry_no_evidence() -> None:
    with_family = features_of(family_name="KAUR", given_names="Harpreet", other_names="Gill")
    assert with_family["surname"] == "GILL"
    bare = features_of(family_name="Singh", given_names="Jasdeep")
    assert bare["surname"] is None
    middle = features_of(family_name="Gill", given_names="Harpreet Kaur")
    assert "KAUR" not in middle["names_all"]


def test_previous_names_and_aliases_join_the_names() -> None:
    row = features_of(family_name="Holroyd", given_names="Kayleigh", other_names="Smith;Kay")
    assert {"HOLROYD", "KAYLEIGH", "SMITH", "KAY"} <= set(row["names_all"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-03-07", ("2011-03-07", 2011, 3, 7, 3, "2011-03-07")),
        ("2011-07-03", ("2011-07-03", 2011, 7, 3, 3, "2011-03-07")),
        ("2011-03", (None, 2011, 3, None, 2, None)),
        ("2011", (None, 2011, None, None, 1, None)),
        ("", (None, None, None, None, 0, None)),
    ],
)
def test_dates_of_birth_keep_what_they_say(text: str, expected: tuple[object, ...]) -> None:
    row = features_of(date_of_birth=text)
    got = tuple(
        row[c] for c in ("dob", "dob_year", "dob_month", "dob_day", "dob_precision", "dob_sorted")
    )
    assert tuple(None if v is None or v != v else v for v in got) == expected


def test_addresses_postcodes_and_phones_are_normalised() -> None:
    row = features_of(
        postcode="nv3 6rq",
        address="FLAT 6, 105 WHEATLEY LANE, NORTHVALE",
        phone="07700 900123;+44 7700 900124;",
        email="Kay@Example.org",
    )
    assert (row["postcode"], row["postcode_sector"], row["postcode_district"]) == (
        "NV36RQ",
        "NV3 6",
        "NV3",
    )
    assert row["address_key"] == "FLAT 6 105 WHEATLEY LN"
    assert features_of(address="105 Wheatley Lane")["address_key"] == "105 WHEATLEY LN"
    assert row["phones"] == ["07700900123", "07700900124"]
    assert row["email"] == "kay@example.org"


def test_identifiers_lose_spaces() -> None:
    row = features_of(nhs_number="943 476 5919", pnc_id="2004/0123456x", upn="a951400117001")
    assert (row["nhs"], row["pnc"], row["upn"]) == ("9434765919", "2004/0123456X", "A951400117001")


def test_missing_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="lack columns"):
        facade.prepare(frame(record()).drop(columns=["email"]))


def test_a_first_name_is_rare_by_the_models_own_counts() -> None:
    prepared = facade.prepare(
        frame(*(record(given_names=n) for n in ("Michael", "Jonno", "Zbigniew", "")))
    )
    counts = {"MICHAEL": 0.02, "JONNO": 0.0005}  # one record in 50; one in 2,000
    rare = with_name_rarity(prepared, counts)["first_rare"].tolist()
    assert rare[:3] == [0, 1, 1]  # a name the model never saw is rarer than any it did
    assert pd.isna(rare[3])


@pytest.mark.parametrize(
    ("given", "family", "latin"),
    [
        ("Олександр", "Коваленко", ("OLEKSANDR", "KOVALENKO")),
        ("Μαρία", "Παπαδοπούλου", ("MARIA", "PAPADOPOYLOY")),
        ("伟", "陈", ("WEI", "CHEN")),
    ],
)
def test_names_in_other_scripts_are_transliterated(
    given: str, family: str, latin: tuple[str, str]
) -> None:
    row = features_of(given_names=given, family_name=family)
    assert (row["first_name"], row["surname"]) == latin


def test_handles_are_lower_case_once_each_without_the_at() -> None:
    row = features_of(handles="@Taz_93; taz_93;Snap.Girl;")
    assert (row["handles"], row["handle1"]) == (["taz_93", "snap.girl"], "taz_93")
    # Generated data and the benchmarks carry no handles column: no evidence, no error.
    assert features_of()["handles"] is None
