"""The concern form suggests the hub's public places and near matches of a registration —
never a home, never the plate exactly as typed, never who or which agency is behind
them — and picking a place makes the concern meet the hub's records of it."""

from __future__ import annotations

import pytest
from django.test import Client

from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent, Verb
from safehub.concerns.models import Concern
from safehub.concerns.suggest import places_for, vehicles_like
from safehub.records.models import Event
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_places_are_public_premises_only() -> None:
    police = f.agency("police")
    desk = f.user(f.agency("hotel", "partner"), Role.PARTNER)
    hotel = f.location(police, name="Station Hotel", postcode="NV1 2AB")
    hotel.premises_type = "hotel"
    hotel.save()
    f.location(police, name="12 Mill Lane", postcode="NV1 3CD")  # a home: never listed
    assert [(p.label, p.premises_type) for p in places_for(desk)] == [
        ("Station Hotel, NV1 2AB", "hotel")
    ]


def test_a_registration_suggests_near_matches_only() -> None:
    police = f.agency("police")
    suspect = f.record(police)
    f.uses(suspect, "vehicle", "AB12 CDE", relation="owns")
    f.uses(suspect, "vehicle", "XY99 ZZZ", relation="owns")
    desk = f.user(f.agency("hotel", "partner"), Role.PARTNER)
    assert vehicles_like(desk, "AB12 CDF") == ["AB12CDE"]  # one character misread
    assert vehicles_like(desk, "AB12CDE") == []  # as typed: never confirmed
    assert vehicles_like(desk, "AB1") == []  # too short to be a correction
    assert vehicles_like(desk, "QQ12 CDF") == []
    searched = AuditEvent.objects.filter(verb=Verb.SEARCH, target_type="vehicle_suggestion")
    assert searched.count() == 3
    assert "AB12" not in str(searched.first().detail)  # type: ignore[union-attr]


def test_a_picked_place_becomes_the_hubs_place(client: Client) -> None:
    police = f.agency("police")
    hotel = f.location(police, name="Station Hotel", postcode="NV1 2AB")
    hotel.premises_type = "hotel"
    hotel.save()
    desk = f.user(f.agency("hotel", "partner"), Role.PARTNER)
    sign_in(client, desk)
    form = client.get("/concerns/new/").content.decode()
    assert '<option value="Station Hotel, NV1 2AB">' in form
    client.post(
        "/concerns/new/",
        {"what_seen": "Girl with older men", "place_name": "station hotel, nv1 2ab"},
    )
    concern = Concern.objects.get(author=desk)
    assert (concern.place_name, concern.postcode, concern.premises_type) == (
        "Station Hotel",
        "NV1 2AB",
        "hotel",
    )
    place = Event.objects.get(event_id=concern.reference).location
    assert place is not None
    assert (place.premises_type, place.postcode) == ("hotel", "NV1 2AB")
