"""The chart around a person or a thing, as one viewer may see it: what is drawn, what
is withheld and said only by agency and band, a survivor's details kept out of a
suspect's chart, the filters, and the audit of every chart opened."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from safehub.access.policy import viewer_for
from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent
from safehub.network.queries.chart import ChartAsk, chart_open
from safehub.network.queries.shapes import Chart
from tests import factories as f
from tests.network.world import world

pytestmark = pytest.mark.django_db
ROUTE = "network_chart"


def chart(user: object, focus: str, **ask: object) -> Chart:
    return chart_open(viewer_for(user), ChartAsk(focus, **ask), route=ROUTE)  # type: ignore[arg-type]


def labels(drawn: Chart) -> set[str]:
    return {n.label for n in drawn.nodes}


def test_a_suspects_chart_draws_his_girl_and_his_car_by_name() -> None:
    w = world()
    drawn = chart(w.analyst, f"person:{w.dean.pk}")
    assert labels(drawn) == {"Dean Barker", "Kayleigh Smyth", "Vehicle AB12CDE"}
    ties = {(e.type, e.weight) for e in drawn.edges}
    assert ties == {("victim_suspect", 1), ("uses", 1)}
    tie = next(e for e in drawn.edges if e.type == "victim_suspect")
    assert tie.first == date(2025, 1, 5)
    assert tie.provenance[0].agency == "Northvale Police"
    assert tie.provenance[0].what == "intelligence report"
    dean = next(n for n in drawn.nodes if n.label == "Dean Barker")
    assert dean.suspect
    assert dean.focus
    assert not dean.young
    assert next(n for n in drawn.nodes if n.label == "Kayleigh Smyth").young


def test_expanding_the_car_brings_the_girl_seen_in_it() -> None:
    w = world()
    drawn = chart(w.analyst, f"person:{w.dean.pk}", expanded=("vehicle:AB12CDE",))
    assert "Jade Moss" in labels(drawn)
    assert any(e.type == "seen_with" for e in drawn.edges)


def test_what_another_agency_holds_is_not_drawn_but_counted_by_agency() -> None:
    w = world()
    drawn = chart(w.analyst, f"person:{w.girl.pk}")
    assert "Mo Hussain" not in labels(drawn)
    assert all(str(w.stranger.pk) not in (e.source + e.target) for e in drawn.edges)
    held = {h.agency: (h.nodes_words, h.edges_words) for h in drawn.withheld}
    assert held["Northvale Health"] == ("fewer than 5", "fewer than 5")
    # Nothing in the chart names the service or the kind of event.
    assert "health" not in repr(drawn.edges).lower()


def test_a_protected_survivors_phone_stays_out_of_a_police_chart() -> None:
    w = world()
    police_view = chart(w.analyst, f"person:{w.girl.pk}")
    assert not any(n.kind == "phone" for n in police_view.nodes)
    own_view = chart(w.social_worker, f"person:{w.girl.pk}")
    assert "Phone +447700900123" in labels(own_view)


def test_the_date_window_leaves_out_ties_outside_it() -> None:
    w = world()
    drawn = chart(w.analyst, f"person:{w.dean.pk}", since=date(2025, 1, 20))
    assert "Kayleigh Smyth" not in labels(drawn)
    assert "Vehicle AB12CDE" in labels(drawn)  # an undated tie is not a contact in time


def test_type_and_grading_filters() -> None:
    w = world()
    drawn = chart(w.analyst, f"person:{w.dean.pk}", types=frozenset({"uses"}))
    assert labels(drawn) == {"Dean Barker", "Vehicle AB12CDE"}
    none = chart(w.analyst, f"person:{w.dean.pk}", gradings=frozenset({"confirmed"}))
    assert labels(none) == {"Dean Barker"}


def test_a_person_the_viewer_may_not_open_is_a_404_and_audited() -> None:
    w = world()
    with pytest.raises(Http404):
        chart(w.analyst, f"person:{w.stranger.pk}")
    assert AuditEvent.objects.filter(verb="refused", target_id=str(w.stranger.pk)).exists()


def test_a_thing_seen_nowhere_by_the_viewer_is_a_404() -> None:
    w = world()
    with pytest.raises(Http404):
        chart(w.analyst, "phone:+447700900123")  # only social care's record holds it
    assert chart(w.social_worker, "phone:+447700900123").nodes


def test_opening_a_chart_is_audited_with_the_people_drawn_and_no_names() -> None:
    w = world()
    chart(w.analyst, f"person:{w.dean.pk}")
    row = AuditEvent.objects.filter(verb="view", target_id=str(w.dean.pk)).get()
    assert set(row.detail["people"]) == {str(w.dean.pk), str(w.girl.pk)}
    assert row.detail["things"] == {"vehicle": 1}
    assert "Barker" not in str(row.detail)
    assert "AB12" not in str(row.detail)


def test_a_things_chart_is_audited_by_a_digest_not_its_value() -> None:
    w = world()
    chart(w.analyst, "vehicle:AB12CDE")
    row = AuditEvent.objects.filter(verb="view", target_type="network_chart").get()
    assert row.target_id.startswith("vehicle:")
    assert "AB12" not in row.target_id


def test_a_chart_of_many_people_audits_every_one_of_them() -> None:
    police = f.agency("police")
    man = f.record(police, given_names="Dean", family_name="Barker")
    party = f.event(man, "police_incident", role="suspect")
    for n in range(120):
        f.event_link(party, f.record(police, given_names=f"Girl{n}"), "subject")
    drawn = chart(f.user(police, Role.ANALYST), f"person:{man.person_id}")
    assert len(drawn.nodes) == 121
    audited = [
        person
        for row in AuditEvent.objects.filter(verb="view", detail__route=ROUTE)
        for person in row.detail.get("people", [])
    ]
    assert sorted(audited) == sorted(n.person_id for n in drawn.nodes)
