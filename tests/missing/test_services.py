"""The writes: a profile, an episode reported and returned, its interview — each written as
its agency's records through the loader, audited, refused by the rule, and whole or not at
all."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safehub.access.actions import ActionRefused
from safehub.audit.models import AuditEvent, Verb
from safehub.missing import services
from safehub.missing.models import MissingEpisode, PhilomenaProfile, ReturnInterview
from safehub.records.models import Event, EventObject, Extract, Person, PersonRecord
from tests import factories as f
from tests.missing.world import ago, world

pytestmark = pytest.mark.django_db


def _event(event_id: str) -> Event:
    return Event.objects.select_related("location").get(event_id=event_id)


def _place(event: Event) -> tuple[str, str]:
    assert event.location is not None
    return event.location.premises_type, event.location.postcode


def test_a_report_and_a_return_are_one_episode_record_of_the_reporting_agency() -> None:
    w = world()
    records_before = PersonRecord.objects.count()
    episode = w.report_and_return(
        found_where="Canal Hotel",
        found_postcode="nv2 9xx",
        found_premises_type="hotel",
        found_with="two adult males",
        how_returned="Brought home by police",
    )

    event = _event(f"missing-{episode.pk}")
    assert event.agency_id == w.police.pk
    assert event.event_type == "missing_episode"
    assert event.version == 2  # the return sent the same event again, with its end
    assert event.ended_on is not None
    assert event.ended_on > event.occurred_on
    assert _place(event) == ("hotel", "NV2 9XX")
    assert "missing from placement" in event.summary.lower()
    assert "Found with two adult males" in event.summary
    (link,) = event.people.all()
    assert link.role == "missing_person"
    assert link.record.person_id == w.girl.pk
    # The police's own record named her: re-sent unchanged, no record added.
    assert PersonRecord.objects.count() == records_before
    assert episode.record_id == link.record.record_id
    steps = AuditEvent.objects.filter(verb=Verb.EPISODE_RECORDED, subject_person=str(w.girl.pk))
    assert [e.detail["step"] for e in steps] == ["reported", "returned"]
    assert Extract.objects.filter(agency=w.police, extract_id__startswith="missing-").count() == 2


def test_an_agency_without_a_record_of_the_child_writes_one_from_what_it_may_see() -> None:
    w = world()
    voluntary = f.agency("youth", "voluntary", hub=w.csc.hub)
    f.agreement(w.csc, voluntary, "general", condition="always", scope="any_hub")
    worker = f.user(voluntary)
    episode = services.episode_report(actor=worker, person_id=w.girl.pk, reported_at=ago(hours=2))
    made = PersonRecord.objects.get(agency=voluntary)
    assert made.record_id == f"missing-{episode.pk}-child" == episode.record_id
    assert (made.given_names, made.family_name, made.date_of_birth) == (
        "Jade",
        "Orrin",
        "2011-05-02",
    )
    assert made.person_id != w.girl.pk  # linking joins it; the episode is hers already
    assert episode.person_id == w.girl.pk
    assert episode.rhi_agency_id == w.csc.pk


def test_a_bad_return_names_its_field_and_changes_nothing() -> None:
    w = world()
    episode = services.episode_report(
        actor=w.officer, person_id=w.girl.pk, reported_at=ago(hours=5)
    )
    for fields, at_fault in (
        ({"returned_at": ago(hours=6)}, "returned_at"),
        ({"returned_at": ago(hours=1), "found_postcode": "not a postcode"}, "found_postcode"),
        ({"returned_at": ago(hours=1), "found_premises_type": "castle"}, "found_premises_type"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.episode_return(actor=w.officer, episode=episode, **fields)
        assert at_fault in refused.value.message_dict
    assert MissingEpisode.objects.get(pk=episode.pk).returned_at is None
    assert _event(f"missing-{episode.pk}").version == 1
    # Social care may open her and see the police's episode, but its return is the
    # police's: the rule refuses it, audited, as it refuses what is not there.
    with pytest.raises(ActionRefused):
        services.episode_return(actor=w.social_worker, episode=episode, returned_at=ago(hours=1))
    assert AuditEvent.objects.filter(
        actor=w.social_worker, verb=Verb.REFUSED, detail__route="episode_return"
    ).exists()
    assert MissingEpisode.objects.get(pk=episode.pk).returned_at is None


def test_the_loaders_refusal_is_the_forms_error_and_nothing_is_kept() -> None:
    w = world()
    # A record the loader would refuse if sent again (a date of birth not in its format).
    PersonRecord.objects.filter(agency=w.police).update(date_of_birth="02/05/2011")
    with pytest.raises(ValidationError) as refused:
        services.episode_report(actor=w.officer, person_id=w.girl.pk, reported_at=ago(hours=1))
    assert "date_of_birth" not in refused.value.message_dict
    assert refused.value.message_dict["__all__"]
    assert not MissingEpisode.objects.exists()
    assert not Extract.objects.filter(extract_id__startswith="missing-").exists()
    assert not AuditEvent.objects.filter(verb=Verb.EPISODE_RECORDED).exists()


def test_the_interview_is_an_event_at_the_place_with_the_car_and_the_phone() -> None:
    w = world()
    episode = w.report_and_return()
    interview = services.rhi_record(
        actor=w.social_worker,
        episode=episode,
        outcome="held",
        offered_at=ago(hours=79),
        held_at=ago(hours=78),
        where_been="A flat above the takeaway",
        where_postcode="NV2 9XX",
        where_premises_type="takeaway",
        with_whom="Older men she calls uncles",
        how_travelled="Picked up in a silver car",
        vehicle_registration="nv19 abc",
        phone="07700 900123",
        harm="Given alcohol",
        account="They gave me vodka in exchange for sex.",
    )
    event = _event(f"rhi-{episode.pk}")
    assert (event.agency_id, event.event_type) == (w.csc.pk, "return_home_interview")
    assert _place(event) == ("takeaway", "NV2 9XX")
    assert "They gave me vodka in exchange for sex." in event.summary
    (link,) = event.people.all()
    assert link.record_id == w.csc_record.pk
    assert link.role == "subject"
    things = {
        (o.object.object_type, o.object.normalized_value, o.relation)
        for o in EventObject.objects.filter(event=event).select_related("object")
    }
    assert things == {("vehicle", "NV19ABC", "seen"), ("phone", "+447700900123", "used")}
    assert interview.agency_id == w.csc.pk
    assert AuditEvent.objects.filter(verb=Verb.RHI_RECORDED, target_id=str(episode.pk)).exists()
    with pytest.raises(ValidationError, match="already recorded"):
        services.rhi_record(
            actor=w.social_worker, episode=episode, outcome="declined", offered_at=ago(hours=1)
        )


def test_an_interview_is_checked_field_by_field() -> None:
    w = world()
    episode = w.report_and_return()
    cases: tuple[tuple[dict[str, Any], str], ...] = (
        ({"outcome": "held", "offered_at": ago(hours=90)}, "offered_at"),
        ({"outcome": "held", "offered_at": ago(hours=70)}, "held_at"),
        (
            {"outcome": "declined", "offered_at": ago(hours=70), "account": "Went to a party"},
            "account",
        ),
        ({"outcome": "maybe", "offered_at": ago(hours=70)}, "outcome"),
    )
    for fields, at_fault in cases:
        with pytest.raises(ValidationError) as refused:
            services.rhi_record(actor=w.social_worker, episode=episode, **fields)
        assert at_fault in refused.value.message_dict, refused.value
    assert not ReturnInterview.objects.exists()


def test_the_profile_is_kept_by_the_childs_carers_only() -> None:
    w = world()
    profile = services.profile_write(
        actor=w.social_worker, person_id=w.girl.pk, description="Small, dyed red hair"
    )
    services.profile_write(
        actor=w.social_worker,
        person_id=w.girl.pk,
        description="Hair now brown",
        phones="07700 900123",
    )
    assert PhilomenaProfile.objects.filter(person=w.girl).count() == 2
    assert (
        PhilomenaProfile.objects.get(person=w.girl, phones__gt="").description == "Hair now brown"
    )
    assert AuditEvent.objects.filter(verb=Verb.PROFILE_WRITTEN, target_id=str(profile.pk)).exists()
    for outsider in (w.officer, w.teacher):
        with pytest.raises(ActionRefused):
            services.profile_write(actor=outsider, person_id=w.girl.pk, description="Tall")
    refusals = AuditEvent.objects.filter(verb=Verb.REFUSED, detail__action="profile_edit")
    assert refusals.count() == 2
    # The carer's agency: a children's home whose record places her there now.
    home = f.agency("oakhouse", "voluntary")
    placed = f.record(home, person=w.girl)
    f.lives_at(placed, f.location(home), relation="placement")
    services.profile_write(actor=f.user(home), person_id=w.girl.pk, transport="Buses to town")


def test_episodes_follow_the_child_when_a_link_run_merges_them_into_another_person() -> None:
    w = world()
    episode = w.report_and_return()
    profile = services.profile_write(
        actor=w.social_worker, person_id=w.girl.pk, description="Small"
    )
    heir = Person.objects.create()
    PersonRecord.objects.filter(person=w.girl).update(person=heir)  # as records_move does
    Person.objects.filter(pk=w.girl.pk, records__isnull=True).delete()  # as the run does
    assert MissingEpisode.objects.get(pk=episode.pk).person_id == heir.pk
    assert PhilomenaProfile.objects.get(pk=profile.pk).person_id == heir.pk


def test_someone_who_may_not_open_the_child_is_refused_and_audited() -> None:
    w = world()
    stranger = f.user(f.agency("trust", "health"))
    with pytest.raises(ActionRefused):
        services.episode_report(actor=stranger, person_id=w.girl.pk, reported_at=ago(hours=1))
    assert AuditEvent.objects.filter(
        actor=stranger, verb=Verb.REFUSED, subject_person=str(w.girl.pk)
    ).exists()
    assert not MissingEpisode.objects.exists()
