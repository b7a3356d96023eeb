"""Several records of one person in one agency: the kinds issue 10 found left unlinked,
each as a pair that must link, beside a near miss that must not (twins, a father and son
of one name, siblings at one address)."""

from __future__ import annotations

import pandas as pd
import pytest

from safehub.linking.pipeline import facade, household
from safehub.linking.pipeline.features import RARE_NAME_SHARE
from tests.linking.pipeline.factories import frame, record


def weight(model: facade.LinkModel, left: dict[str, str], right: dict[str, str]) -> float:
    return facade.explain(model, left, right).match_weight


def links(model: facade.LinkModel, left: dict[str, str], right: dict[str, str]) -> bool:
    """Whether the hub would put the two records in one Person on their own evidence."""
    return weight(model, left, right) >= facade.LINK_WEIGHT


def nominal(**values: str) -> dict[str, str]:
    """A police nominal of a man known to the police, unless told otherwise."""
    base = {
        "agency": "police",
        "family_name": "OKONKWO",
        "given_names": "Emeka",
        "date_of_birth": "1988-05-19",
        "sex": "male",
        "address": "14 Raven Grove, Northvale",
        "postcode": "NV1 8AZ",
    }
    return record(**{**base, **values})


def test_same_uncommon_name_and_birth_at_addresses_years_apart_links(
    model: facade.LinkModel,
) -> None:
    old = nominal(address="3 Lister Road, Northvale", postcode="NV6 2ZY")
    assert links(model, old, nominal())


def test_a_father_and_son_of_one_name_at_one_address_do_not(model: facade.LinkModel) -> None:
    assert not links(model, nominal(date_of_birth="1963-02-11"), nominal())


@pytest.mark.parametrize(
    ("left", "right"),
    [("Katie", "Katy"), ("Connor", "Konnor"), ("Danielle", "Daniellle"), ("Daniel", "Dan")],
)
def test_a_mistyped_or_phonetic_first_name_with_birth_and_address_links(
    model: facade.LinkModel, left: str, right: str
) -> None:
    assert links(model, record(given_names=left), record(given_names=right))


def test_twins_at_one_address_do_not_link(model: facade.LinkModel) -> None:
    assert not links(model, record(given_names="Chloe"), record(given_names="Megan"))


def test_another_first_name_with_the_same_nhs_number_is_not_taken_for_a_twin() -> None:
    # Twins have an NHS number each: one number on both records rules them out, so the
    # shared birthday is not discounted as the household's (FEBRL4's replaced names).
    twins = {"first_name": -3.0, "date_of_birth": 8.0, "sex": 1.0}
    twins |= {"surname": 5.0, "address": 7.0, "phone": 0.0}
    assert household.pair_correction(twins) == -(5.0 + 7.0 + 8.0 - 8.0)
    one_number = {**twins, "nhs_number": 13.6}
    assert household.pair_correction(one_number) == -5.0
    other_numbers = {**twins, "nhs_number": -3.8}
    assert household.pair_correction(other_numbers) == household.pair_correction(twins)


def test_one_pnc_id_on_two_nominals_with_an_alias_and_a_date_months_out_links(
    model: facade.LinkModel,
) -> None:
    first = nominal(pnc_id="2019/0775503G", other_names="Bigs")
    alias = nominal(
        pnc_id="2019/0775503G", given_names="Bigs", date_of_birth="1988-09-02", other_names=""
    )
    assert links(model, first, alias)


def test_two_nominals_whose_pnc_ids_differ_stay_apart(model: facade.LinkModel) -> None:
    records = frame(
        nominal(pnc_id="2019/0775503G"), nominal(pnc_id="2021/8312382R", given_names="Emmanuel")
    )
    pairs = facade.score(model, records, min_weight=facade.MIN_WEIGHT)
    result = facade.cluster(
        records, pairs, link_weight=facade.LINK_WEIGHT, review_band=facade.REVIEW_BAND
    )
    assert len(set(result.assignment.values())) == 2


def test_an_older_age_given_with_the_same_phones_and_address_links(
    model: facade.LinkModel,
) -> None:
    phones = "07700 900123;07700 900456"
    own = record(phone=phones)
    older = record(phone=phones, date_of_birth="2008-03-07", agency="health")
    assert links(model, own, older)


def test_siblings_with_the_familys_phone_three_years_apart_do_not(
    model: facade.LinkModel,
) -> None:
    landline = "0113 496 0000"
    # The family's number is on many records (a parent's, each child's at school).
    family = [record(given_names=name, phone=landline) for name in ("Amy", "Ben", "Cara", "Dan")]
    rebecca = [record(phone=landline, agency=a) for a in ("health", "police", "education")]
    sister = record(given_names="Sophie", phone=landline, date_of_birth="2008-03-07")
    records = frame(*family, *rebecca, *[record(phone=landline) for _ in range(3)], sister)
    assert facade.prepare(records)["phones_rare"].isna().all()  # 11 records: a family's
    pairs = facade.score(model, records, min_weight=facade.MIN_WEIGHT)
    result = facade.cluster(
        records, pairs, link_weight=facade.LINK_WEIGHT, review_band=facade.REVIEW_BAND
    )
    person = result.assignment
    sister_id, rebecca_id = int(sister["unique_id"]), int(rebecca[0]["unique_id"])
    assert person[sister_id] != person[rebecca_id]
    assert len({person[int(r["unique_id"])] for r in rebecca}) == 1


def test_a_stand_in_date_of_birth_with_name_and_address_links(model: facade.LinkModel) -> None:
    guessed = record(agency="police", date_of_birth="2011-01-01", given_names="Rebecca")
    assert links(model, record(), guessed)


def test_health_records_at_two_addresses_join_through_police_and_school(
    model: facade.LinkModel,
) -> None:
    clinic = record(address="9 Moor View, Northvale", postcode="NV6 8SR", phone="07700 900777")
    surgery = record(nhs_number="9434765919")
    police = record(agency="police", phone="07700 900777")
    school = record(agency="education", upn="A951400117001")
    records = frame(clinic, surgery, police, school)
    pairs = facade.score(model, records, min_weight=facade.MIN_WEIGHT)
    result = facade.cluster(
        records, pairs, link_weight=facade.LINK_WEIGHT, review_band=facade.REVIEW_BAND
    )
    assert len(set(result.assignment.values())) == 1, pd.DataFrame(pairs)


def hearsay(**values: str) -> dict[str, str]:
    """A man named in a child's social-care file: a first name, perhaps a year, a phone."""
    base = {"agency": "csc", "family_name": "", "date_of_birth": "", "address": "", "postcode": ""}
    return record(**{**base, "sex": "male", **values})


def test_a_nickname_on_the_nominal_and_his_own_phone_link_a_hearsay_record(
    model: facade.LinkModel,
) -> None:
    phone = "07700 900786"
    named = hearsay(given_names="Jonno", phone=phone)
    police = nominal(given_names="Michael", other_names="Jonno;Mikey", phone=phone)
    explained = facade.explain(model, named, police)
    first = next(e for e in explained.explanation if e.comparison == "first_name")
    assert first.level.startswith("a rare name the other record also gives")
    assert links(model, named, police)
    # The same name and phone, but the nominal never gave that name: a relative's phone.
    assert not links(model, named, nominal(given_names="Michael", phone=phone))


def test_explain_judges_a_name_rare_as_the_model_does(model: facade.LinkModel) -> None:
    # The review page explains one pair at a time: "Michael" is common in the model's
    # records, so on another's alias list it is the ordinary alias level there too.
    assert model.term_frequencies["first_name"]["MICHAEL"] > RARE_NAME_SHARE
    named = hearsay(given_names="Michael")
    police = nominal(given_names="Emeka", other_names="Michael")
    first = next(
        e for e in facade.explain(model, named, police).explanation if e.comparison == "first_name"
    )
    assert first.level == "a name the other record also gives (alias, known-as)"


def test_a_year_guessed_one_out_counts_little_against(model: facade.LinkModel) -> None:
    guessed = hearsay(given_names="Seamus", date_of_birth="1975")
    police = nominal(given_names="Seamus", date_of_birth="1974-08-10")
    dob = next(
        e
        for e in facade.explain(model, guessed, police).explanation
        if e.comparison == "date_of_birth"
    )
    assert dob.level == "a year only, one off the other's (an age guessed)"
    assert dob.match_weight > -3.0
    far = facade.explain(model, hearsay(given_names="Seamus", date_of_birth="1979"), police)
    assert next(e for e in far.explanation if e.comparison == "date_of_birth").match_weight < -5


def test_a_name_the_clinic_wrote_in_cyrillic_links_to_the_school_record(
    model: facade.LinkModel,
) -> None:
    school = record(agency="education", given_names="Oleksandr", family_name="Kovalenko")
    # The clinic has a friend's address: only the names can say it is him.
    clinic = record(
        given_names="Олександр",
        family_name="Коваленко",
        address="7 Tenter Close, Northvale",
        postcode="NV9 8UD",
    )
    assert links(model, school, clinic)
    # A brother at the same address, written the same way, is still another person.
    brother = record(given_names="Дмитро", family_name="Коваленко", date_of_birth="2008-10-02")
    assert not links(model, school, brother)


def test_a_handle_the_police_hold_finds_the_nickname_in_a_childs_file(
    model: facade.LinkModel,
) -> None:
    # Social care knows him as "Taz" on Snapchat; police intelligence links that
    # handle to Tariq Hussain, known as Taz.
    named = hearsay(given_names="Taz", handles="taz_93")
    police = nominal(given_names="Tariq", family_name="HUSSAIN", other_names="Taz")
    assert not links(model, named, police)  # a nickname alone is not him
    assert links(model, named, {**police, "handles": "taz_93"})
