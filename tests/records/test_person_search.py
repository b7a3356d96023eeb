"""Searching the People page: full names in any order, nicknames, dates of birth, sorted by
name, only among the records the viewer may see, and audited without the terms."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import hypothesis
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from safehub.access.policy import viewer_for
from safehub.agencies.models import Agency, SharingCondition, User
from safehub.audit.models import AuditEvent, Verb
from safehub.records.models import PersonRecord
from safehub.records.queries.people_list import person_page
from safehub.records.search import QueryError, parse
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
ROW = re.compile(
    r'<td class="govuk-table__cell"><a class="govuk-link" '
    r'href="/people/[0-9a-f-]{36}/">([^<]*)</a></td>'
)


@pytest.fixture
def csc() -> Agency:
    return f.agency("csc", "social_care")


@pytest.fixture
def police() -> Agency:
    return f.agency("police", "police")


@pytest.fixture
def worker(csc: Agency, signed_in: SignIn) -> Client:
    """A social care practitioner, signed in."""
    return signed_in(f.user(csc))


def listed(client: Client, typed: str = "", **params: str) -> list[str]:
    """The names the People page lists for a search, in the order shown."""
    page = client.get(reverse("person_list"), {"name": typed, **params})
    assert page.status_code == 200
    return [html.unescape(name) for name in ROW.findall(page.content.decode())]


def person(
    of: Agency, given: str, family: str, born: str = "", other_names: str = ""
) -> PersonRecord:
    return f.record(
        of, given_names=given, family_name=family, date_of_birth=born, other_names=other_names
    )


@pytest.mark.parametrize(
    "typed", ["Lucy Smith", "Smith Lucy", "Smith, Lucy", " smith ,LUCY ", "lucy  SMITH,"]
)
def test_a_full_name_is_found_in_any_order_with_or_without_a_comma(
    csc: Agency, worker: Client, typed: str
) -> None:
    person(csc, "Lucy", "Smith")
    person(csc, "Lucy", "Jones")
    person(csc, "Amy", "Smith")
    assert listed(worker, typed) == ["Lucy Smith"]


def test_every_word_must_match_one_of_the_records_names(csc: Agency, worker: Client) -> None:
    person(csc, "Lucy Anne", "Smith-Jones")
    person(csc, "Anne", "Smith")
    assert listed(worker, "Jones Anne") == ["Lucy Anne Smith-Jones"]
    assert listed(worker, "Anne Lucy Smith") == ["Lucy Anne Smith-Jones"]
    assert listed(worker, "Lucy Brown") == []


def test_the_start_of_a_name_or_an_initial_finds_it(csc: Agency, worker: Client) -> None:
    person(csc, "Lucy", "Smith")
    person(csc, "Amy", "Smith")
    assert listed(worker, "L Smith") == ["Lucy Smith"]
    assert listed(worker, "smi") == ["Amy Smith", "Lucy Smith"]
    assert listed(worker, "mith") == []  # the middle of a name is not its start


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Becky Smith", "Rebecca Smith"),  # a nickname finds the formal name
        ("Rebecca Smith", "Becky Smith"),  # and the formal name the nickname
        ("Becca Smith", "Becky Smith"),  # two nicknames of one name
        ("Dan Patel", "Daniel Patel"),  # a short form
        ("Mo Khan", "Muhammad Khan"),  # a short form of another spelling
        ("Mohamed Khan", "Muhammad Khan"),  # spellings of one name
        ("Lucy Smyth", "Lucy Smith"),  # spellings of a family name
        ("Zofia Kowalski", "Zofia Kowalska"),  # a father's form of a Polish surname
        ("Lukasz Nowak", "Łukasz Nowak"),  # without the accent
        ("Obrien Ciara", "Ciara O'Brien"),  # without the apostrophe
    ],
)
def test_nicknames_short_forms_and_spellings_find_the_person(
    csc: Agency, worker: Client, typed: str, found: str
) -> None:
    given, family = found.split(" ", 1)
    person(csc, given, family)
    person(csc, "Amy", family)
    assert listed(worker, typed) == [found]


def test_other_names_and_aliases_are_searched(csc: Agency, worker: Client) -> None:
    person(csc, "Rebecca", "Jones", other_names="Bex;Becca Walsh")
    assert listed(worker, "Walsh") == ["Rebecca Jones"]
    assert listed(worker, "Becca Walsh") == ["Rebecca Jones"]
    assert listed(worker, "Walsh Jones") == ["Rebecca Jones"]


@pytest.mark.parametrize(
    "typed",
    ["2009-04-02", "02/04/2009", "2/4/2009", "2009-04", "04/2009", "4/2009", "2009", "2009-4-2"],
)
def test_a_date_of_birth_in_any_form_finds_the_person(
    csc: Agency, worker: Client, typed: str
) -> None:
    person(csc, "Lucy", "Smith", "2009-04-02")
    person(csc, "Amy", "Smith", "2010-04-02")
    person(csc, "Ann", "Smith", "2008-04")
    assert listed(worker, typed) == ["Lucy Smith"]


def test_a_record_with_only_a_year_or_a_month_matches_a_date_within_it(
    csc: Agency, worker: Client
) -> None:
    person(csc, "Lucy", "Year", "2009")
    person(csc, "Lucy", "Month", "2009-04")
    person(csc, "Lucy", "Day", "2009-04-02")
    person(csc, "Lucy", "Other", "2009-05")
    person(csc, "Lucy", "Unknown")
    assert listed(worker, "2/4/2009") == ["Lucy Day", "Lucy Month", "Lucy Year"]
    assert listed(worker, "2009-04") == ["Lucy Day", "Lucy Month", "Lucy Year"]
    assert listed(worker, "2009") == ["Lucy Day", "Lucy Month", "Lucy Other", "Lucy Year"]
    assert listed(worker, "31/12/2009") == ["Lucy Year"]


def test_names_and_a_date_together_must_all_match(csc: Agency, worker: Client) -> None:
    person(csc, "Lucy", "Smith", "2009-04-02")
    person(csc, "Lucy", "Smith", "2011-01-30")
    person(csc, "Amy", "Smith", "2009-04-02")
    assert listed(worker, "Lucy Smith 2009") == ["Lucy Smith"]
    assert listed(worker, "2/4/2009, Smith Lucy") == ["Lucy Smith"]
    assert listed(worker, "Smith 2009-04-02") == ["Amy Smith", "Lucy Smith"]
    assert listed(worker, "Lucy 2010") == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2009", "31/02/2009 is not a real date"),
        ("2009-13", "2009-13 is not a real date"),
        ("Lucy 2009-02-30", "2009-02-30 is not a real date"),
        ("0000", "0000 is not a real date"),
        ("Lucy 2/4/09", "2/4/09 is not a date of birth the search can read"),
    ],
)
def test_a_date_that_cannot_be_searched_is_explained_on_the_page(
    csc: Agency, worker: Client, typed: str, message: str
) -> None:
    person(csc, "Lucy", "Smith", "2009-04-02")
    page = worker.get(reverse("person_list"), {"name": typed})
    assert page.status_code == 422
    shown = page.content.decode()
    assert message in shown
    assert "There is a problem" in shown
    assert "<title>Error: People" in shown
    assert ROW.findall(shown) == []
    assert not AuditEvent.objects.filter(verb=Verb.SEARCH).exists()  # no search was made


def test_a_number_that_is_not_a_date_finds_no_one(csc: Agency, worker: Client) -> None:
    person(csc, "Lucy", "Smith", "2009-04-02")
    assert listed(worker, "Lucy 12") == []


@hypothesis.settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    typed=st.text(max_size=60)
    | st.sampled_from(
        ["(x) [y] \\z", "⑴ ⒜ ½ ﬁ", "O'Brien-Smith", "Łukasz", "1/1/1999 Ty", ".*", "%_"]
    )
)
def test_whatever_is_typed_the_search_runs_or_says_why_and_finds_no_hidden_record(
    csc: Agency, police: Agency, typed: str
) -> None:
    hidden = person(police, "Tyrone", "Blake", "1999-01-01", other_names="Ty")
    # The viewer may open him (csc knows him by another name): the search must still not
    # find him by what only the police hold.
    f.record(
        csc, person=hidden.person, given_names="Amir", family_name="Jones", date_of_birth="2001"
    )
    viewer = viewer_for(f.user(csc))
    try:
        query = parse(typed)
    except QueryError:
        return  # a date it cannot search, explained on the page (above)
    found = {p.pk for p in person_page(viewer, query=query)}
    with transaction.atomic():  # the same search, the police's record gone
        PersonRecord.objects.filter(pk=hidden.pk).delete()
        without = {p.pk for p in person_page(viewer, query=query)}
        transaction.set_rollback(True)
    assert found == without  # what only the police hold never changes the answer


def test_a_record_the_viewer_may_not_see_is_never_found(
    csc: Agency, police: Agency, worker: Client
) -> None:
    """Not by its names, aliases or date of birth; nor is a person the viewer may open
    found by the names another agency holds for them (that would tell what it holds)."""
    person(police, "Tyrone", "Blake", "1999-01-01", other_names="Ty;Tyrone Marsh")
    known = person(csc, "Kayleigh", "Smith", "2009-04-02")
    f.record(
        police,
        person=known.person,
        given_names="Kayla",
        family_name="Barker",
        date_of_birth="2008-12-25",
        other_names="Kay Mills",
    )
    for typed in (
        "Blake",
        "Tyrone",
        "Ty",
        "Marsh",
        "Tyrone Blake",
        "1999",
        "01/01/1999",
        "Barker",
        "Kayla Barker",
        "Mills",
        "2008-12-25",
        "Kayleigh 2008",
    ):
        assert listed(worker, typed) == [], typed
    assert listed(worker, "Kayleigh Smith 2009") == ["Kayleigh Smith"]


def test_a_record_shared_by_an_agreement_is_searched(
    csc: Agency, police: Agency, signed_in: SignIn
) -> None:
    person(csc, "Tyrone", "Blake", "1999-01-01")
    f.agreement(csc, police, "general", condition=SharingCondition.ALWAYS)
    assert listed(signed_in(f.user(police)), "Blake Ty 1999") == ["Tyrone Blake"]


def test_the_list_is_sorted_by_family_then_given_names_ignoring_case(
    csc: Agency, worker: Client
) -> None:
    for given, family in (
        ("amy", "zephyr"),
        ("Carl", "adams"),
        ("bob", "Adams"),
        ("Dee", "Mason"),
        ("Ann", "mason"),
    ):
        person(csc, given, family)
    f.record(csc, given_names="", family_name="")  # no name: last
    assert listed(worker) == [
        "bob Adams",
        "Carl adams",
        "Ann mason",
        "Dee Mason",
        "amy zephyr",
        "Name not recorded",
    ]
    assert listed(worker, "mason") == ["Ann mason", "Dee Mason"]


def test_the_sort_holds_across_pages(csc: Agency, worker: Client) -> None:
    families = [f"Name{n:02d}" for n in range(55)]
    for family in reversed(families):
        person(csc, "Lucy", family)
    first = listed(worker, "Lucy")
    second = listed(worker, "Lucy", page="2")
    assert first + second == [f"Lucy {family}" for family in families]
    assert len(first) == 50


def test_a_person_is_listed_and_sorted_by_the_viewers_own_agencys_record(
    csc: Agency, police: Agency, worker: Client
) -> None:
    f.agreement(police, csc, "general", condition=SharingCondition.ALWAYS)
    girl = person(csc, "Kayleigh", "Smith")
    f.record(police, person=girl.person, given_names="Kayla", family_name="Adams")
    person(csc, "Amy", "Brown")
    assert listed(worker) == ["Amy Brown", "Kayleigh Smith"]
    assert listed(worker, "Kayla Adams") == ["Kayleigh Smith"]  # police's shared record


def test_a_search_is_audited_with_the_kinds_of_terms_never_the_terms(
    csc: Agency, worker: Client
) -> None:
    person(csc, "Lucy", "Smith", "2009-04-02")
    listed(worker, "Smith, Lucy 2/4/2009")
    listed(worker, "2009")
    listed(worker, "Lucy")
    listed(worker)  # the list without a search is not a search
    searches = list(AuditEvent.objects.filter(verb=Verb.SEARCH).order_by("pk"))
    assert [s.detail for s in searches] == [
        {"route": "person_list", "fields": ["name", "date_of_birth"]},
        {"route": "person_list", "fields": ["date_of_birth"]},
        {"route": "person_list", "fields": ["name"]},
    ]
    for search in searches:
        row = repr((search.detail, search.target_id, search.subject_person))
        assert "Lucy" not in row
        assert "Smith" not in row
        assert "2009" not in row
