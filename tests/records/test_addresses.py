"""Addresses: the current one apart from the previous ones, each with its dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from safehub.access.policy import viewer_for
from safehub.agencies.models import Agency, User
from safehub.records.models import PersonLocation, PersonRecord
from safehub.records.queries.addresses import addresses_from
from safehub.records.queries.profile import LinkView, person_profile
from safehub.records.queries.sources import Source
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
TODAY = date(2025, 6, 1)
SOURCE = Source("csc", "Northvale Csc", "x1", 2)


def link(
    label: str,
    start: date | None,
    end: date | None,
    relation: str = "home",
    source: Source = SOURCE,
) -> LinkView:
    return LinkView(relation, label, start, end, source)


def test_the_current_address_is_the_latest_started_that_has_not_ended() -> None:
    found = addresses_from(
        [
            link("1 Old Road", date(2015, 1, 1), date(2019, 5, 1)),
            link("2 Left Street", date(2019, 5, 1), None),  # its end never recorded
            link("3 Care Home", date(2023, 2, 1), None, relation="placement"),
            link("Northvale Academy", date(2020, 9, 1), None, relation="school"),
        ],
        TODAY,
    )
    assert found.current is not None
    assert (found.current.label, found.current.valid_from) == ("3 Care Home", date(2023, 2, 1))
    assert [line.label for line in found.previous] == ["2 Left Street", "1 Old Road"]
    assert [line.label for line in found.other_places] == ["Northvale Academy"]


def test_an_address_that_ended_before_today_is_not_current() -> None:
    found = addresses_from([link("1 Old Road", date(2015, 1, 1), date(2025, 5, 31))], TODAY)
    assert found.current is None
    assert [line.label for line in found.previous] == ["1 Old Road"]


def test_an_address_ending_today_or_later_is_still_current() -> None:
    found = addresses_from(
        [
            link("1 Old Road", date(2015, 1, 1), TODAY),
            link("2 Next Street", date(2025, 7, 1), None),  # not moved in yet
        ],
        TODAY,
    )
    assert found.current is not None
    assert found.current.label == "1 Old Road"
    assert [line.label for line in found.previous] == ["2 Next Street"]


def test_an_address_without_a_start_counts_as_the_oldest() -> None:
    found = addresses_from(
        [link("1 Undated Road", None, None), link("2 New Street", date(2024, 1, 1), None)], TODAY
    )
    assert found.current is not None
    assert found.current.label == "2 New Street"
    assert [line.label for line in found.previous] == ["1 Undated Road"]


def test_one_address_from_two_agencies_is_one_line_with_both() -> None:
    police = Source("police", "Northvale Police", "p1", 5)
    found = addresses_from(
        [
            link("2 New Street", date(2024, 1, 1), None),
            link("2 New Street", date(2024, 1, 1), None, source=police),
        ],
        TODAY,
    )
    assert found.current is not None
    assert found.current.agency_names == ["Northvale Csc", "Northvale Police"]
    assert found.previous == []


def dated(who: PersonRecord, where: str, start: date | None, end: date | None) -> None:
    made = f.lives_at(who, f.location(who.agency, name=where))
    PersonLocation.objects.filter(pk=made.pk).update(valid_from=start, valid_to=end)


def test_the_page_shows_the_current_address_apart_with_dates(signed_in: SignIn) -> None:
    csc: Agency = f.agency("csc", "social_care")
    girl = f.record(csc, given_names="Lucy")
    dated(girl, "1 Old Road", date(2015, 1, 1), date(2019, 5, 1))
    dated(girl, "2 New Street", date(2019, 5, 1), None)
    worker = f.user(csc)
    profile = person_profile(viewer_for(worker), girl.person_id)
    assert profile.addresses.current is not None
    assert profile.addresses.current.label.startswith("2 New Street")
    page = signed_in(worker).get(reverse("person_profile", args=[girl.person_id]))
    text = " ".join(page.content.decode().split())
    current = text[text.index('id="current-address"') : text.index('id="previous-addresses"')]
    assert "2 New Street" in current
    assert "1 May 2019" in current
    assert "1 Old Road" not in current
    previous = text[text.index('id="previous-addresses"') :]
    assert "1 Old Road" in previous
    assert "1 Jan 2015" in previous
    assert "1 May 2019" in previous


def test_a_protected_persons_addresses_stay_withheld() -> None:
    csc = f.agency("csc", "social_care")
    police = f.agency("police", "police")
    girl = f.record(csc, given_names="Lucy")
    girl.person.protected_details = True
    girl.person.save()
    dated(girl, "2 New Street", date(2019, 5, 1), None)
    f.agreement(csc, police, "general")
    officer = f.user(police)
    f.case(officer, people={girl.person_id: "witness"})
    profile = person_profile(viewer_for(officer), girl.person_id)
    assert profile.addresses.current is None
    assert profile.addresses.previous == []
    assert "New Street" not in repr(profile)
