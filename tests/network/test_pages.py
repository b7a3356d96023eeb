"""The network's pages as a user meets them: the overview after a build, asking for a
new build, the chart's table of what it draws, and an export holding only that."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest
from django.test import Client
from django.utils import timezone

from safehub.access.models import BreakGlass
from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent
from safehub.network.models import NetworkMember, NetworkRun
from safehub.network.services import network_build
from safehub.screening.models import Flag
from tests import factories as f
from tests.network.world import world
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_the_overview_ranks_the_suspects_the_viewer_may_open(client: Client) -> None:
    w = world()
    network_build(trigger="cli")
    sign_in(client, w.analyst)
    page = client.get("/network/").content.decode()
    assert "Dean Barker" in page
    assert "Mo Hussain" not in page  # the clinic's man: not the police's to see
    assert f"/people/{w.dean.pk}/network/" in page


def test_an_analyst_asks_for_a_build_and_a_practitioner_may_not(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    w = world()
    sign_in(client, w.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/network/build/").status_code == 302
    assert NetworkRun.objects.filter(trigger="web", status="done").exists()
    practitioner = f.user(f.agency("school", "education"), Role.PRACTITIONER)
    other = Client()
    sign_in(other, practitioner)
    assert other.post("/network/build/").status_code == 404


def test_the_chart_page_lists_what_it_draws_and_names_only_the_agency_of_the_rest(
    client: Client,
) -> None:
    w = world()
    sign_in(client, w.analyst)
    page = client.get(f"/people/{w.girl.pk}/network/").content.decode()
    assert "Dean Barker" in page
    assert "Mo Hussain" not in page
    assert "Northvale Health: fewer than 5 people or things" in page
    assert 'Expand<span class="govuk-visually-hidden"> Dean Barker' in page


def test_an_export_holds_only_what_the_chart_draws(client: Client) -> None:
    w = world()
    sign_in(client, w.analyst)
    answer = client.post(
        "/network/chart/export/", {"focus": f"person:{w.girl.pk}", "format": "graphml"}
    )
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment;")
    graph = nx.read_graphml(io.BytesIO(answer.content))
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert labels == {"Kayleigh Smyth", "Dean Barker"}
    assert AuditEvent.objects.filter(actor=w.analyst, verb="export").count() == 1


def test_break_glass_opens_the_chart_but_never_an_export(client: Client) -> None:
    w = world()
    BreakGlass.objects.create(
        user=w.analyst,
        person_id=w.stranger.pk,
        reason="Found with the girl tonight; the clinic is closed.",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    sign_in(client, w.analyst)
    assert client.get(f"/people/{w.stranger.pk}/network/").status_code == 200
    answer = client.post(
        "/network/chart/export/", {"focus": f"person:{w.stranger.pk}", "format": "i2"}
    )
    assert answer.status_code == 404
    assert not AuditEvent.objects.filter(actor=w.analyst, verb="export").exists()


def test_a_persons_page_opens_the_chart_of_their_car(client: Client) -> None:
    w = world()
    sign_in(client, w.analyst)
    page = client.get(f"/people/{w.dean.pk}/").content.decode()
    assert "/network/chart/?focus=vehicle%3AAB12CDE" in page
    chart = client.get("/network/chart/", {"focus": "vehicle:AB12CDE"}).content.decode()
    assert "Dean Barker" in chart
    assert "Jade Moss" in chart


def test_an_overview_of_many_people_audits_them_all(client: Client) -> None:
    w = world()
    party = f.event(w.dean_record, "police_incident", role="suspect")
    girls = [f.record(w.dean_record.agency, given_names=f"Girl{n}") for n in range(120)]
    for girl in girls:
        f.event_link(party, girl, "victim")
    network_build(trigger="cli")
    sign_in(client, w.analyst)
    assert client.get("/network/").status_code == 200
    audited = {
        person
        for row in AuditEvent.objects.filter(actor=w.analyst, verb="view")
        for person in row.detail.get("people", [])
    }
    assert {str(g.person_id) for g in girls} <= audited


def test_how_the_girl_in_the_car_is_connected_to_the_man_and_in_what_order(
    client: Client,
) -> None:
    w = world()
    sign_in(client, w.analyst)
    page = client.get(
        "/network/path/", {"a": f"person:{w.jade.pk}", "b": f"person:{w.girl.pk}"}
    ).content.decode()
    # Jade was seen in Dean's car (1 Feb 2025), after Dean and Kayleigh's night (5 Jan):
    # the fewest ties run through the car and Dean; in date order there is no chain.
    assert "Seen with — Vehicle AB12CDE" in page
    assert "Victim and suspect — Kayleigh Smyth" in page
    assert "No chain of contacts you may see runs in date order" in page
    back = client.get(
        "/network/path/", {"a": f"person:{w.girl.pk}", "b": f"person:{w.jade.pk}"}
    ).content.decode()
    assert "Victim and suspect — Dean Barker, 5 January 2025" in back
    assert "Owns or uses — Vehicle AB12CDE, undated" in back
    assert "Seen with — Jade Moss, 1 February 2025" in back


def test_no_chain_through_what_the_viewer_may_not_see(client: Client) -> None:
    w = world()
    sign_in(client, w.social_worker)  # social care: sees its own girl, nothing of the police's
    page = client.get(
        "/network/path/", {"a": f"person:{w.girl.pk}", "b": "vehicle:AB12CDE"}
    ).content.decode()
    assert "No chain of ties you may see joins them" in page


def test_the_overview_lists_the_car_as_a_gateway_and_charts_the_network(client: Client) -> None:
    w = world()
    girl = f.record(
        w.dean_record.agency, person=w.girl, given_names="Kayleigh", family_name="Smyth"
    )
    stop = f.event(girl, "police_incident", role="passenger")
    f.sees(stop, "vehicle", "AB12CDE")  # the car now ties two girls to Dean
    network_build(trigger="cli")
    sign_in(client, w.analyst)
    page = client.get("/network/").content.decode()
    assert "Vehicle AB12CDE" in page
    assert "/network/chart/?focus=person%3A" in page
    social = Client()
    sign_in(social, w.social_worker)  # sees no tie to the car
    assert "Vehicle AB12CDE" not in social.get("/network/").content.decode()


def test_a_network_or_rank_found_only_in_what_the_viewer_may_not_see_is_not_told(
    client: Client,
) -> None:
    w = world()
    police, health = w.dean_record.agency, f.agency("clinic", "health", record_sensitivity="health")
    zoe = f.record(police, given_names="Zoe", family_name="Hart", date_of_birth="2011-01-01")
    tom = f.record(police, given_names="Tom", family_name="Vale", date_of_birth="1980-01-01")
    f.event(zoe, "missing_episode")  # the police know each of them, apart
    f.event(tom, "police_incident", role="witness")
    visit = f.event(
        f.record(health, person=tom.person, given_names="Tom", family_name="Vale"),
        "ae_attendance",
        role="suspect",
        sensitivity="health",
    )
    f.event_link(visit, f.record(health, person=zoe.person, given_names="Zoe"), "victim")
    network_build(trigger="cli")
    assert NetworkMember.objects.filter(person=tom.person).exists()  # the hub found it
    sign_in(client, w.analyst)
    page = client.get("/network/").content.decode()
    assert "Tom Vale" not in page
    assert "Zoe Hart" not in page
    assert "Dean Barker" in page
    Flag.objects.create(person=zoe.person, raised_on=date(2025, 4, 2), score=9.0, rules=["x"])
    queue = client.get("/triage/").content.decode()
    assert "Zoe Hart" in queue
    assert "In a network" not in queue
