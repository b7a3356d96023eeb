"""Associations read the right way from both ends of a person_people row, each other
person listed once with every source.

A row reads "other_record is the <relation> of record", as the synthetic world writes it:
link_people(child, parent, "parent"), link_people(girl, her boyfriend, "boyfriend").
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from safehub.access.policy import viewer_for
from safehub.agencies.models import Agency, SharingCondition, User
from safehub.records.models import PersonRecord
from safehub.records.queries.profile import Profile, person_profile
from safehub.records.vocabulary import (
    PERSON_PERSON_RELATIONS,
    RELATION_INVERSES,
    relation_seen_from_other,
)
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture
def csc() -> Agency:
    return f.agency("csc", "social_care")


@pytest.fixture
def family(csc: Agency) -> tuple[PersonRecord, PersonRecord]:
    """Lucy (the child) and Julie (her mother), as social care records a plan's family."""
    lucy = f.record(csc, given_names="Lucy", family_name="Smith", sex="female")
    julie = f.record(csc, given_names="Julie", family_name="Smith", sex="female")
    f.associate(lucy, julie, "parent")  # Julie is the parent of Lucy
    return lucy, julie


def lines(profile: Profile) -> list[tuple[str, str]]:
    return [(a.relation, a.name) for a in profile.associations]


def test_the_childs_page_names_the_parent_and_the_parents_page_the_child(
    csc: Agency, family: tuple[PersonRecord, PersonRecord]
) -> None:
    lucy, julie = family
    viewer = viewer_for(f.user(csc))
    assert lines(person_profile(viewer, lucy.person_id)) == [("parent", "Julie Smith")]
    assert lines(person_profile(viewer, julie.person_id)) == [("child", "Lucy Smith")]


def test_the_page_says_it_in_words(
    csc: Agency, family: tuple[PersonRecord, PersonRecord], signed_in: SignIn
) -> None:
    lucy, julie = family
    client = signed_in(f.user(csc))
    on_julie = client.get(reverse("person_profile", args=[julie.person_id])).content.decode()
    assert "Child: <a" in on_julie
    assert "Parent:" not in on_julie
    on_lucy = client.get(reverse("person_profile", args=[lucy.person_id])).content.decode()
    assert "Parent: <a" in on_lucy


@pytest.mark.parametrize(
    ("her_sex", "on_his_page"),
    [("female", "girlfriend"), ("male", "boyfriend"), ("unknown", "girlfriend or boyfriend")],
)
def test_a_boyfriend_is_the_boyfriend_on_her_page_and_she_the_girlfriend_on_his(
    csc: Agency, her_sex: str, on_his_page: str
) -> None:
    her = f.record(csc, given_names="Lucy", family_name="Smith", sex=her_sex)
    him = f.record(csc, given_names="Dean", family_name="Barker", sex="male")
    f.associate(her, him, "boyfriend")
    viewer = viewer_for(f.user(csc))
    assert lines(person_profile(viewer, her.person_id)) == [("boyfriend", "Dean Barker")]
    assert lines(person_profile(viewer, him.person_id)) == [(on_his_page, "Lucy Smith")]


@pytest.mark.parametrize("relation", ["associate", "sibling", "partner"])
def test_symmetric_relations_read_the_same_from_both_ends(csc: Agency, relation: str) -> None:
    one = f.record(csc, given_names="Amy", family_name="Jones")
    other = f.record(csc, given_names="Zoe", family_name="Hall")
    f.associate(one, other, relation)
    viewer = viewer_for(f.user(csc))
    assert lines(person_profile(viewer, one.person_id)) == [(relation, "Zoe Hall")]
    assert lines(person_profile(viewer, other.person_id)) == [(relation, "Amy Jones")]


def test_every_relation_of_the_vocabulary_has_an_inverse() -> None:
    assert set(RELATION_INVERSES) == set(PERSON_PERSON_RELATIONS)
    for relation in PERSON_PERSON_RELATIONS:
        assert relation_seen_from_other(relation, None)


def test_a_withheld_persons_sex_does_not_choose_the_word(csc: Agency) -> None:
    """His page, seen by the police: she is a person they may not see, so "girlfriend"
    would tell them her sex."""
    police = f.agency("police", "police")
    her = f.record(csc, given_names="Lucy", family_name="Smith", sex="female")
    him = f.record(police, given_names="Dean", family_name="Barker", sex="male")
    csc_him = f.record(csc, person=him.person, given_names="Dean", family_name="Barker")
    f.associate(her, csc_him, "boyfriend")
    f.agreement(csc, police, "general", condition=SharingCondition.CASE)
    officer = f.user(police)
    f.case(officer, people={him.person_id: "suspect"})  # his records open, hers not
    [association] = person_profile(viewer_for(officer), him.person_id).associations
    assert (association.person_id, association.name) == (None, "")
    assert association.relation == "girlfriend or boyfriend"


def test_one_other_person_reached_many_ways_is_one_line_with_every_source(
    csc: Agency, family: tuple[PersonRecord, PersonRecord]
) -> None:
    """Julie is Lucy's parent by social care's row, by a second social care record of
    Lucy, and by the police (both ways round): one line, with both agencies."""
    lucy, julie = family
    police = f.agency("police", "police")
    f.agreement(police, csc, "general", condition=SharingCondition.ALWAYS)
    second = f.record(csc, person=lucy.person, given_names="Lucy", family_name="Smith")
    f.associate(second, julie, "parent")
    police_lucy = f.record(police, person=lucy.person, given_names="Lucy", family_name="Smith")
    police_julie = f.record(police, person=julie.person, given_names="Julie", family_name="Smith")
    f.associate(police_lucy, police_julie, "parent")
    f.associate(police_julie, police_lucy, "associate")  # the other way round
    [line] = person_profile(viewer_for(f.user(csc)), lucy.person_id).associations
    assert line.name == "Julie Smith"
    assert line.relations == ("parent", "associate")
    assert line.agency_names == ["Northvale Csc", "Northvale Police"]
    assert len(line.sources) == 4
    # And from Julie's side: Lucy once, as her child (and an associate).
    [back] = person_profile(viewer_for(f.user(csc)), julie.person_id).associations
    assert (back.name, back.relations) == ("Lucy Smith", ("child", "associate"))


def test_two_records_of_the_one_person_are_no_association(csc: Agency) -> None:
    lucy = f.record(csc, given_names="Lucy")
    again = f.record(csc, person=lucy.person, given_names="Lucy")
    f.associate(lucy, again, "associate")
    assert person_profile(viewer_for(f.user(csc)), lucy.person_id).associations == []
