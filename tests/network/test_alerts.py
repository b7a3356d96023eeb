"""Alerts when new information touches a known network: a new girl tied to a known
suspect, his car seen again — each raised once, shown on the triage queue and the network
page only to whoever may see a fact behind it, and first to the case team holding
someone of that network."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from safehub.agencies.models import Role
from safehub.network.models import NetworkAlert
from safehub.network.services import network_build
from safehub.screening.models import Flag
from tests import factories as f
from tests.network.world import world
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_a_new_girl_tied_to_a_known_suspect_is_raised_once() -> None:
    w = world()
    network_build(trigger="cli")
    assert not NetworkAlert.objects.exists()  # the first build knows no network before it
    police = w.dean_record.agency
    newcomer = f.record(police, given_names="Leah", family_name="Ward", date_of_birth="2012-01-01")
    night = f.event(w.dean_record, "police_incident", role="suspect", occurred_on=date(2025, 6, 1))
    f.event_link(night, newcomer, "victim")
    network_build(trigger="cli")
    alert = NetworkAlert.objects.get(kind="young_person")
    assert alert.person_id == newcomer.person_id
    assert alert.suspect_id == w.dean.pk
    assert alert.on == date(2025, 6, 1)
    network_build(trigger="cli")
    assert NetworkAlert.objects.filter(kind="young_person").count() == 1


def test_a_known_car_seen_again_is_raised() -> None:
    w = world()
    network_build(trigger="cli")
    later = f.event(
        w.jade_record, "police_incident", role="passenger", occurred_on=date(2025, 7, 7)
    )
    f.sees(later, "vehicle", "AB12CDE")
    network_build(trigger="cli")
    alert = NetworkAlert.objects.get(kind="thing_seen_again")
    assert alert.thing == "vehicle:AB12CDE"
    assert alert.on == date(2025, 7, 7)


def test_the_triage_queue_shows_an_alert_only_to_who_sees_its_facts(client: Client) -> None:
    w = world()
    network_build(trigger="cli")
    health = f.agency("health2", "health", record_sensitivity="health")
    clinic_dean = f.record(health, person=w.dean, given_names="Dean", family_name="Barker")
    newcomer = f.record(health, given_names="Leah", family_name="Ward", date_of_birth="2012-01-01")
    visit = f.event(
        clinic_dean,
        "ae_attendance",
        role="suspect",
        sensitivity="health",
        occurred_on=date(2025, 6, 1),
    )
    f.event_link(visit, newcomer, "victim")
    network_build(trigger="cli")
    assert NetworkAlert.objects.filter(kind="young_person").exists()
    sign_in(client, w.analyst)  # police: sees neither the girl nor the visit
    assert "Leah Ward" not in client.get("/triage/").content.decode()
    nurse = f.user(health, Role.PRACTITIONER)
    sign_in(client, nurse)
    page = client.get("/triage/").content.decode()
    assert "Leah Ward" in page
    assert "newly tied to" in page


def test_a_flagged_girl_in_a_network_is_marked_on_the_triage_queue(client: Client) -> None:
    w = world()
    network_build(trigger="cli")
    Flag.objects.create(person=w.girl, raised_on=date(2025, 4, 2), score=9.0, rules=["x"])
    sign_in(client, w.analyst)
    page = client.get("/triage/").content.decode()
    assert f'href="/people/{w.girl.pk}/network/">In a network' in page
