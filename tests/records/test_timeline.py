"""The person's timeline filtered by agency, kind and period, with counts of what is shown
only: a withheld event is never counted, nor its agency or kind offered."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from safehub.access.policy import viewer_for
from safehub.agencies.models import Agency, SharingCondition, User
from safehub.records.models import Event, PersonRecord
from safehub.records.queries.profile import person_profile
from safehub.records.queries.timeline import Facet, TimelineFilter, filtered_timeline
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@dataclass
class Hub:
    csc: Agency
    health: Agency
    school: Agency
    girl: PersonRecord
    worker: User


def on(event: Event, day: date) -> Event:
    Event.objects.filter(pk=event.pk).update(occurred_on=day)
    return event


@pytest.fixture
def hub() -> Hub:
    """Social care's girl: three missing episodes (2023, 2024, 2024) and a referral of
    social care's own; an A&E visit the trust shares on a case, and a sexual-health visit
    it does not; a school concern the school shares with no one."""
    csc = f.agency("csc", "social_care")
    health = f.agency("health", "health", record_sensitivity="health")
    school = f.agency("school", "education")
    f.agreement(health, csc, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(csc, given_names="Lucy", family_name="Smith")
    on(f.event(girl, "missing_episode", summary="missing one"), date(2023, 5, 1))
    on(f.event(girl, "missing_episode", summary="missing two"), date(2024, 2, 1))
    on(f.event(girl, "missing_episode", summary="missing three"), date(2024, 8, 1))
    on(f.event(girl, "safeguarding_referral", summary="referral"), date(2024, 3, 1))
    trust = f.record(health, person=girl.person, given_names="Lucy")
    on(f.event(trust, "ae_attendance", sensitivity="health", summary="A&E"), date(2024, 4, 1))
    on(
        f.event(trust, "sexual_health_attendance", sensitivity="sexual_health", summary="clinic"),
        date(2024, 4, 2),
    )
    pupil = f.record(school, person=girl.person, given_names="Lucy")
    on(f.event(pupil, "school_concern", summary="school worry"), date(2024, 5, 1))
    worker = f.user(csc)
    f.case(worker, people={girl.person_id: "victim"})
    return Hub(csc, health, school, girl, worker)


def counts(facets: list[Facet]) -> dict[str, int]:
    return {facet.value: facet.count for facet in facets}


def test_counts_are_of_the_events_the_viewer_sees_only(hub: Hub) -> None:
    profile = person_profile(viewer_for(hub.worker), hub.girl.person_id)
    shown = filtered_timeline(profile.events, TimelineFilter())
    assert shown.total == 5
    # The school, which shares nothing, is not offered; the clinic visit is not counted.
    assert counts(shown.agencies) == {"csc": 4, "health": 1}
    assert counts(shown.kinds) == {
        "ae_attendance": 1,
        "missing_episode": 3,
        "safeguarding_referral": 1,
    }
    assert sum(counts(shown.agencies).values()) == len(shown.events) == 5


def test_each_filters_counts_are_of_what_the_other_filters_leave(hub: Hub) -> None:
    profile = person_profile(viewer_for(hub.worker), hub.girl.person_id)
    chosen = TimelineFilter(agency="csc", date_from=date(2024, 1, 1), date_to=date(2024, 6, 30))
    shown = filtered_timeline(profile.events, chosen)
    assert [e.summary for e in shown.events] == ["referral", "missing two"]  # newest first
    # Agencies counted within the period (any kind); kinds within the period, csc only.
    assert counts(shown.agencies) == {"csc": 2, "health": 1}
    assert counts(shown.kinds) == {
        "ae_attendance": 0,
        "missing_episode": 1,
        "safeguarding_referral": 1,
    }


def test_a_kind_filter(hub: Hub) -> None:
    profile = person_profile(viewer_for(hub.worker), hub.girl.person_id)
    shown = filtered_timeline(profile.events, TimelineFilter(kind="missing_episode"))
    assert [e.summary for e in shown.events] == ["missing three", "missing two", "missing one"]
    assert counts(shown.agencies) == {"csc": 3, "health": 0}


def test_asking_for_a_withheld_kind_or_agency_shows_what_a_missing_one_shows(hub: Hub) -> None:
    profile = person_profile(viewer_for(hub.worker), hub.girl.person_id)
    for chosen in (
        TimelineFilter(kind="sexual_health_attendance"),
        TimelineFilter(agency="school"),
        TimelineFilter(agency="no-such-agency"),
    ):
        shown = filtered_timeline(profile.events, chosen)
        assert shown.events == []
        # Agencies counted among the events of any agency (the kind asked for has none).
        expected = {"csc": 0, "health": 0} if chosen.kind else {"csc": 4, "health": 1}
        assert counts(shown.agencies) == expected
        assert "sexual_health_attendance" not in counts(shown.kinds)


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return [" ".join(o.split()) for o in re.findall(r"<option[^>]*>([^<]*)</option>", select[1])]


def page(client: Client, hub: Hub, **params: str) -> str:
    answer = client.get(reverse("person_profile", args=[hub.girl.person_id]), params)
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_page_filters_by_get_parameters_and_shows_the_counts(
    hub: Hub, signed_in: SignIn
) -> None:
    client = signed_in(hub.worker)
    everything = page(client, hub)
    assert options(everything, "agency") == [
        "All agencies",
        "Northvale Csc (4)",
        "Northvale Health (1)",
    ]
    assert "Sexual health" not in everything
    assert "clinic" not in everything
    form = everything[everything.index('id="timeline-filter"') :]
    assert "Northvale School" not in form[: form.index("</form>")]
    assert "5 events you can see." in everything
    filtered = page(client, hub, agency="csc", date_from="1/1/2024", date_to="30/6/2024")
    assert options(filtered, "agency") == [
        "All agencies",
        "Northvale Csc (2)",
        "Northvale Health (1)",
    ]
    assert "2 of the 5 events you can see match the filters." in filtered
    events = filtered[filtered.index('class="moj-timeline"') :]
    assert [
        " ".join(s.split()) for s in re.findall(r'<p class="govuk-body">([^<]*)</p>', events)
    ] == [
        "referral",
        "missing two",
    ]
    assert 'value="csc" selected' in filtered
    # The chronology link keeps the filters.
    assert (
        reverse("person_chronology", args=[hub.girl.person_id])
        + "?agency=csc&amp;date_from=2024-01-01&amp;date_to=2024-06-30"
    ) in filtered


def test_a_filter_that_is_not_a_date_is_an_error_and_filters_nothing(
    hub: Hub, signed_in: SignIn
) -> None:
    answer = signed_in(hub.worker).get(
        reverse("person_profile", args=[hub.girl.person_id]),
        {"date_from": "31/2/2024"},
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "There is a problem" in html
    assert "The From date must be a real date" in html
    assert "5 events you can see." in html


def test_a_period_the_wrong_way_round_is_an_error(hub: Hub, signed_in: SignIn) -> None:
    answer = signed_in(hub.worker).get(
        reverse("person_profile", args=[hub.girl.person_id]),
        {"date_from": "1/1/2025", "date_to": "1/1/2024"},
    )
    assert answer.status_code == 422
    assert "The To date must be the same as or after the From date" in answer.content.decode()


def test_tags_sit_in_their_own_list_apart_from_the_text(hub: Hub, signed_in: SignIn) -> None:
    html = page(signed_in(hub.worker), hub)
    item = html[html.index('<div class="moj-timeline__description">') :]
    item = item[: item.index("</div>")]
    tags = item[item.index('<ul class="app-tags"') : item.index("</ul>")]
    assert "govuk-tag" in tags
    text = item[item.index("</ul>") :]
    assert "govuk-tag" not in text  # no tag runs into the summary or the source line
