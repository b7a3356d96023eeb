"""The person profile: every fact with its source, withheld facts as "held by", audited."""

from __future__ import annotations

import uuid

import pytest
from django.db import DatabaseError
from django.http import Http404
from django.urls import reverse

from safehub.access.policy import viewer_for
from safehub.agencies.models import SharingCondition
from safehub.audit.log import AuditUnavailable
from safehub.audit.models import AuditEvent, Verb
from safehub.records.queries.chronology import person_chronology
from safehub.records.queries.opening import TooManyOutsideCase
from safehub.records.queries.people_list import person_page, person_summaries
from safehub.records.queries.profile import ContactBasis, person_profile
from safehub.records.queries.timeline import TimelineFilter
from safehub.records.search import parse
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    police = f.agency("police", "police")
    health = f.agency("health", "health", record_sensitivity="health")
    csc = f.agency("csc", "social_care")
    f.agreement(health, csc, "general", "health", condition=SharingCondition.CASE)
    f.agreement(csc, police, "general", condition=SharingCondition.CASE)
    girl = f.record(
        csc,
        given_names="Kayleigh",
        family_name="Smith",
        address="12 Mill Lane",
        postcode="NV1 2AB",
        phone="07700 900123",
    )
    f.record(health, person=girl.person, given_names="Kay", family_name="Smith")
    health_record = girl.person.records.get(agency=health)
    f.event(
        health_record,
        "sexual_health_attendance",
        sensitivity="sexual_health",
        summary="clinic visit",
    )
    f.event(health_record, "ae_attendance", sensitivity="health", summary="A&E visit")
    f.event(girl, "missing_episode", role="missing_person", summary="missing overnight")
    return police, health, csc, girl


def test_another_agencys_sexual_health_record_shows_only_as_held_by(hub) -> None:
    _, _, csc, girl = hub
    worker = f.user(csc)
    f.case(worker, people={girl.person_id: "victim"})
    profile = person_profile(viewer_for(worker), girl.person_id)
    shown = {e.event_type for e in profile.events}
    assert shown == {"missing_episode", "ae_attendance"}
    assert [w.agency for w in profile.withheld] == ["health"]  # that, not how much
    assert all(e.summary != "clinic visit" for e in profile.events)
    assert {r.source.agency for r in profile.records} == {"csc", "health"}


def test_outside_a_case_other_agencies_show_only_as_known_to(hub) -> None:
    _, _, csc, girl = hub
    profile = person_profile(viewer_for(f.user(csc)), girl.person_id)
    assert {r.source.agency for r in profile.records} == {"csc"}
    assert [w.agency for w in profile.withheld] == ["health"]
    assert profile.outside_case


def test_each_fact_carries_its_agency_extract_and_line(hub) -> None:
    _, _, csc, girl = hub
    profile = person_profile(viewer_for(f.user(csc)), girl.person_id)
    record = profile.records[0]
    assert (record.source.agency, record.source.extract_id, record.source.line) == (
        "csc",
        girl.extract.extract_id,
        2,
    )
    assert profile.events[0].source.agency == "csc"


def test_police_opening_a_suspect_never_sees_the_survivors_address(hub) -> None:
    police, _, csc, girl = hub
    girl.person.protected_details = True
    girl.person.save()
    suspect = f.record(police, given_names="Dean", family_name="Barker")
    police_girl = f.record(police, person=girl.person, address="12 Mill Lane", postcode="NV1 2AB")
    f.associate(suspect, police_girl, "boyfriend")
    f.lives_at(police_girl, f.location(police, name="12 Mill Lane", postcode="NV1 2AB"))
    officer = f.user(police)
    profile = person_profile(viewer_for(officer), suspect.person_id)
    text = repr(profile)
    assert "Mill Lane" not in text
    assert "NV1 2AB" not in text
    assert [(a.name, a.relation) for a in profile.associations] == [("Kayleigh Smith", "boyfriend")]
    # Another agency's survivor-side team sees it; the suspect's side of police does not.
    csc_worker = f.user(csc)
    f.case(csc_worker, officer, people={girl.person_id: "victim"})
    own = person_profile(viewer_for(csc_worker), girl.person_id)
    assert own.records[0].contact is not None
    assert own.records[0].contact["address"] == "12 Mill Lane"


def test_a_protected_survivors_details_are_withheld_outside_the_survivor_side(hub) -> None:
    police, _, _, girl = hub
    girl.person.protected_details = True
    girl.person.save()
    officer = f.user(police)
    f.case(officer, people={girl.person_id: "suspect"})  # a case opened from the other side
    profile = person_profile(viewer_for(officer), girl.person_id)
    csc_record = next(r for r in profile.records if r.source.agency == "csc")
    assert csc_record.contact is None
    assert "Mill Lane" not in repr(profile)


@pytest.fixture
def protected(hub):
    """The girl, with protected details, known to the police too (their own record, with
    its address); a suspect the police hold, and a police case opened from his side."""
    police, _, _, girl = hub
    girl.person.protected_details = True
    girl.person.save()
    f.record(
        police,
        person=girl.person,
        given_names="Kayleigh",
        family_name="Smith",
        address="4 Canal Row",
        postcode="NV3 1CD",
    )
    return girl


def test_the_banner_says_the_police_see_only_their_own_records_address(hub, protected) -> None:
    police, _, _, girl = hub
    officer = f.user(police)
    # A police case in which she is a witness opens social care's record of her, not its
    # address: the police are not her survivor-side team.
    f.case(officer, people={girl.person_id: "witness"})
    profile = person_profile(viewer_for(officer), girl.person_id)
    contact = {r.source.agency: r.contact for r in profile.records}
    assert contact["csc"] is None
    assert contact["police"] == {
        "address": "4 Canal Row",
        "postcode": "NV3 1CD",
        "phone": "",
        "email": "",
    }
    assert profile.contact_basis is ContactBasis.OWN_AGENCY


def test_the_police_page_says_what_is_true_of_the_address_it_shows(
    hub, protected, signed_in
) -> None:
    police, _, _, girl = hub
    officer = f.user(police)
    f.case(officer, people={girl.person_id: "witness"})
    page = signed_in(officer).get(reverse("person_profile", kwargs={"person_id": girl.person_id}))
    text = " ".join(page.content.decode().split())
    assert "4 Canal Row" in text
    assert "you see the address and contact details your own agency recorded" in text
    assert "shown only to their survivor-side case team" not in text


def test_the_banner_says_the_survivor_side_team_sees_her_details_because_of_it(
    hub, protected
) -> None:
    _, _, csc, girl = hub
    other = f.agency("school", "education")
    teacher = f.user(other)
    f.agreement(csc, other, "general", condition=SharingCondition.CASE)
    f.case(teacher, people={girl.person_id: "victim"})
    profile = person_profile(viewer_for(teacher), girl.person_id)
    assert [r.contact is not None for r in profile.records] == [True]
    assert profile.contact_basis is ContactBasis.SURVIVOR_SIDE


def test_the_banner_says_her_details_are_withheld_from_a_viewer_who_sees_none(
    hub, protected
) -> None:
    _, _, csc, girl = hub
    other = f.agency("school", "education")
    teacher = f.user(other)
    f.agreement(csc, other, "general", condition=SharingCondition.CASE)
    f.case(teacher, people={girl.person_id: "witness"})
    profile = person_profile(viewer_for(teacher), girl.person_id)
    assert profile.records
    assert all(r.contact is None for r in profile.records)
    assert profile.contact_basis is ContactBasis.WITHHELD


def test_no_banner_reason_for_a_person_without_protected_details(hub) -> None:
    _, _, csc, girl = hub
    profile = person_profile(viewer_for(f.user(csc)), girl.person_id)
    assert profile.contact_basis is ContactBasis.NOT_PROTECTED


def test_missing_and_forbidden_both_answer_404_and_the_refusal_is_audited(hub) -> None:
    police, _, _, girl = hub
    officer = f.user(police)
    for person_id in (girl.person_id, uuid.uuid4()):
        with pytest.raises(Http404):
            person_profile(viewer_for(officer), person_id)
        assert AuditEvent.objects.filter(
            verb=Verb.REFUSED, actor=officer, subject_person=str(person_id)
        ).exists()


def test_a_view_is_audited_with_whether_it_was_outside_a_case(hub) -> None:
    _, _, csc, girl = hub
    worker = f.user(csc)
    person_profile(viewer_for(worker), girl.person_id)
    event = AuditEvent.objects.get(verb=Verb.VIEW, actor=worker)
    assert event.subject_person == str(girl.person_id)
    assert event.detail["outside_case"] is True
    assert "Kayleigh" not in repr(event.detail)


def test_no_audit_row_no_data(hub, monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, csc, girl = hub

    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr("safehub.audit.log._append", broken)
    with pytest.raises(AuditUnavailable):
        person_profile(viewer_for(f.user(csc)), girl.person_id)


def test_the_list_and_the_profile_share_one_rule(hub) -> None:
    police, _, csc, girl = hub
    stranger = f.record(police, given_names="Zed")
    worker = f.user(csc)
    listed = list(person_page(viewer_for(worker)))
    assert [p.pk for p in listed] == [girl.person_id]
    assert stranger.person_id not in {p.pk for p in listed}
    summaries = person_summaries(viewer_for(worker), listed)
    assert [(s.name, s.agencies) for s in summaries] == [("Kayleigh Smith", ["Northvale Csc"])]


def test_a_name_search_is_audited_without_the_name(hub) -> None:
    _, _, csc, _ = hub
    worker = f.user(csc)
    assert len(person_page(viewer_for(worker), query=parse("kayl"))) == 1
    assert len(person_page(viewer_for(worker), query=parse("zzz"))) == 0
    searches = AuditEvent.objects.filter(verb=Verb.SEARCH, actor=worker)
    assert searches.count() == 2
    assert all("kayl" not in repr(s.detail) for s in searches)


def test_unusually_many_people_outside_cases_are_refused_and_alerted(hub, settings) -> None:
    settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT = 2
    _, _, csc, girl = hub
    others = [f.record(csc, given_names=f"Child{i}") for i in range(3)]
    worker = f.user(csc)
    viewer = viewer_for(worker)
    person_profile(viewer, others[0].person_id)
    person_profile(viewer, others[1].person_id)
    person_profile(viewer, others[0].person_id)  # again: not a new person
    with pytest.raises(TooManyOutsideCase):
        person_profile(viewer, others[2].person_id)
    assert (
        AuditEvent.objects.filter(
            verb=Verb.ALERT, actor=worker, detail__alert="outside_case_views"
        ).count()
        == 1
    )
    # Inside a case the limit does not apply.
    f.case(worker, people={girl.person_id: "victim"})
    assert person_profile(viewer_for(worker), girl.person_id).records


def test_chronologies_and_their_csv_count_towards_the_outside_case_limit(hub, settings) -> None:
    """Otherwise the chronology would be a way round the day's limit."""
    settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT = 2
    _, _, csc, _ = hub
    others = [f.record(csc, given_names=f"Child{i}") for i in range(3)]
    viewer = viewer_for(f.user(csc))
    person_chronology(viewer, others[0].person_id, TimelineFilter())
    person_chronology(viewer, others[1].person_id, TimelineFilter(), export=True)
    with pytest.raises(TooManyOutsideCase):
        person_profile(viewer, others[2].person_id)
