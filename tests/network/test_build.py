"""`safehub network build` over the hub's own records: two men arrested together and
the girls seen with them and their car are one network; a re-run replaces the last;
`safehub export networks` writes it as the export of links names people."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from safehub.audit.models import AuditEvent
from safehub.linking import tasks as link_tasks
from safehub.linking.models import LinkRun
from safehub.network.models import NetworkMember, NetworkRun, SuspectRank
from safehub.records.models import Person
from tests import factories as f

pytestmark = pytest.mark.django_db


def build() -> str:
    out = StringIO()
    call_command("network", "build", "--no-progress", stdout=out)
    return out.getvalue()


def hub() -> dict[str, Person]:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    first = f.record(police, given_names="Dean", family_name="Barker", date_of_birth="1985-02-02")
    second = f.record(police, given_names="Wayne", family_name="Hill", date_of_birth="1987-03-03")
    girl = f.record(police, given_names="Kayleigh", date_of_birth="2011-03-07")
    other = f.record(police, given_names="Jade", date_of_birth="2010-05-05")
    night = f.event(first, "intelligence_report", role="suspect", occurred_on=date(2025, 1, 5))
    for record, role in ((second, "suspect"), (girl, "subject")):
        f.event_link(night, record, role)
    f.uses(second, "vehicle", "AB12 CDE", relation="owns")
    stop = f.event(other, "police_incident", role="passenger", occurred_on=date(2025, 2, 1))
    f.sees(stop, "vehicle", "AB12CDE")
    brother = f.record(csc, given_names="Kyle", date_of_birth="2009-01-01")
    f.associate(brother, f.record(csc, person=girl.person), relation="sibling")
    return {
        "dean": first.person,
        "wayne": second.person,
        "girl": girl.person,
        "other": other.person,
        "brother": brother.person,
    }


def test_the_men_the_girls_and_the_car_are_one_network() -> None:
    people = hub()
    assert "1 networks around suspects" in build()
    members = set(NetworkMember.objects.values_list("network", "person_id"))
    network = {p for _n, p in members if p}
    assert {people["dean"].pk, people["wayne"].pk, people["girl"].pk, people["other"].pk} <= network
    assert people["brother"].pk not in network  # family is kept apart
    assert NetworkMember.objects.filter(node="vehicle:AB12CDE").exists()
    assert list(SuspectRank.objects.values_list("rank", flat=True)) == [1, 2]
    run = NetworkRun.objects.get()
    assert run.status == NetworkRun.Status.DONE
    assert AuditEvent.objects.filter(verb="network_built", target_id=str(run.pk)).exists()


def test_a_re_run_replaces_the_last_build() -> None:
    hub()
    build()
    first = NetworkMember.objects.count()
    build()
    assert NetworkMember.objects.count() == first
    latest = NetworkRun.objects.order_by("pk").last()
    assert latest is not None
    assert set(NetworkMember.objects.values_list("run", flat=True)) == {latest.pk}


def test_export_networks_names_people_as_the_export_of_links_does(tmp_path: Path) -> None:
    people = hub()
    build()
    out = tmp_path / "networks.csv"
    call_command("export", "networks", "--out", str(out), stdout=StringIO())
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows
    assert set(rows[0]) == {"network_id", "person_id"}
    assert str(people["dean"].pk) in {r["person_id"] for r in rows}
    assert AuditEvent.objects.filter(verb="export", target_type="networks").exists()


def test_a_finished_link_run_builds_the_network_again(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    hub()
    finished = LinkRun.objects.create(kind=LinkRun.Kind.FULL, status=LinkRun.Status.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        link_tasks.follow_up(finished)
    assert NetworkRun.objects.get().trigger == "link"
    assert NetworkMember.objects.exists()
