"""Who sees what of a missing child: the profile (carers always, the police while the
child is missing), episodes and interviews as the policy says, refusals and audit; the
home page's overdue interviews; the hub's figures, small numbers suppressed, and the
share offered within 72 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safehub.access.policy import viewer_for
from safehub.access.suppression import FEWER
from safehub.audit.models import AuditEvent, Verb
from safehub.missing import pages, services
from safehub.missing.models import MissingEpisode, ReturnInterview
from safehub.missing.queries import missing_overview, overdue_rhis_for
from tests import factories as f
from tests.missing.world import World, ago, world
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _page(w: World, user: object) -> pages.MissingPage:
    return pages.missing_page(viewer_for(user), w.girl.pk)  # type: ignore[arg-type]


def test_the_profile_goes_to_the_police_only_while_she_is_missing() -> None:
    w = world()
    services.profile_write(actor=w.social_worker, person_id=w.girl.pk, description="Red coat")
    assert _page(w, w.social_worker).profile is not None
    assert _page(w, w.officer).profile is None
    assert _page(w, w.officer).profile_kept_by == [w.csc.name]

    episode = services.episode_report(
        actor=w.officer, person_id=w.girl.pk, reported_at=ago(hours=3)
    )
    shown = _page(w, w.officer).profile
    assert shown is not None
    assert shown.shared_as_missing
    assert ("Description", "Red coat") in shown.fields
    assert _page(w, w.teacher).profile is None  # the school may open her, not her profile

    services.episode_return(actor=w.officer, episode=episode, returned_at=ago(hours=1))
    assert _page(w, w.officer).profile is None


def test_only_the_reporting_agency_is_offered_the_return() -> None:
    w = world()
    services.episode_report(actor=w.officer, person_id=w.girl.pk, reported_at=ago(hours=3))
    (police_sees,) = _page(w, w.officer).episodes
    assert police_sees.may_return
    (social_care_sees,) = _page(w, w.social_worker).episodes  # shared with them
    assert not social_care_sees.may_return
    assert not social_care_sees.may_interview  # she is not back yet


def test_episodes_and_interviews_are_their_agencys_facts() -> None:
    w = world()
    episode = w.report_and_return()
    services.rhi_record(
        actor=w.social_worker, episode=episode, outcome="declined", offered_at=ago(hours=70)
    )
    social_worker = _page(w, w.social_worker)
    (seen,) = social_worker.episodes
    assert seen.interview is not None
    assert seen.interview.in_time
    assert not seen.overdue
    teacher = _page(w, w.teacher)
    assert teacher.episodes == []
    assert teacher.episodes_held_by == [w.police.name]
    assert teacher.may_report
    assert not teacher.may_edit_profile
    opened = AuditEvent.objects.filter(
        actor=w.teacher, verb=Verb.VIEW, subject_person=str(w.girl.pk)
    )
    assert opened.filter(detail__route="person_missing").exists()


def test_the_page_is_a_404_to_someone_who_may_not_open_her(client: Client) -> None:
    w = world()
    stranger = f.user(f.agency("trust", "health"))
    sign_in(client, stranger)
    answer = client.get(reverse("person_missing", kwargs={"person_id": w.girl.pk}))
    assert answer.status_code == 404
    assert AuditEvent.objects.filter(actor=stranger, verb=Verb.REFUSED).exists()


def test_the_social_workers_home_page_lists_the_overdue_interview(client: Client) -> None:
    w = world()
    episode = w.report_and_return(back=timedelta(hours=80))
    (line,) = overdue_rhis_for(w.social_worker, timezone.now())
    assert (line.episode_id, line.name, line.rhi_agency) == (episode.pk, "Jade Orrin", w.csc.name)
    assert overdue_rhis_for(w.teacher, timezone.now()) == []  # sees no police episode
    sign_in(client, w.social_worker)
    home = client.get("/").content.decode()
    assert 'id="overdue-rhis"' in home
    assert "Jade Orrin" in home
    assert AuditEvent.objects.filter(actor=w.social_worker, detail__route="home").exists()
    services.rhi_record(
        actor=w.social_worker, episode=episode, outcome="declined", offered_at=ago(hours=1)
    )
    assert overdue_rhis_for(w.social_worker, timezone.now()) == []


def _episode(w: World, *, back_hours: float | None, interview_after: float | None = None) -> None:
    """An episode of a new child the police alone hold, recorded straight in the table."""
    child = f.record(w.police, given_names="Kim").person
    now = timezone.now()
    returned = None if back_hours is None else now - timedelta(hours=back_hours)
    episode = MissingEpisode.objects.create(
        person=child,
        agency=w.police,
        rhi_agency=w.csc,
        recorded_by=w.officer,
        record_id="R",
        reported_at=now - timedelta(hours=(back_hours or 0) + 10),
        returned_at=returned,
    )
    if interview_after is not None and returned is not None:
        ReturnInterview.objects.create(
            episode=episode,
            agency=w.csc,
            interviewer=w.social_worker,
            offered_at=returned + timedelta(hours=interview_after),
            outcome="declined",
        )


def test_the_share_within_72_hours_and_small_numbers() -> None:
    w = world()
    for after in (10, 20, 30, 100):  # three in time, one late
        _episode(w, back_hours=200, interview_after=after)
    _episode(w, back_hours=200)  # overdue
    _episode(w, back_hours=5)  # due
    _episode(w, back_hours=None)  # missing now
    now = timezone.now()

    (police,) = missing_overview(viewer_for(w.officer), now).by_agency  # sees every child
    assert (police.overdue.words, police.due.words, police.missing_now.words) == ("1", "1", "1")
    assert (police.in_time.words, police.were_due.words, police.share_in_time) == ("3", "5", "60%")

    teacher = missing_overview(viewer_for(w.teacher), now)  # sees none of them
    (school,) = teacher.by_agency
    assert (school.overdue.words, school.due.words, school.missing_now.words) == (FEWER,) * 3
    assert school.in_time.words == FEWER
    assert school.were_due.words == "about 5"
    assert school.share_in_time == f"not shown ({FEWER} due)"
    assert teacher.overdue == teacher.due == teacher.missing_now == []
    assert AuditEvent.objects.filter(actor=w.teacher, detail__route="missing_overview").exists()


def test_the_overview_page_renders_for_the_data_roles_only(client: Client) -> None:
    w = world()
    _episode(w, back_hours=200)
    sign_in(client, w.officer)
    answer = client.get(reverse("missing_overview"))
    assert answer.status_code == 200
    assert "Kim Smith" in answer.content.decode()
    auditor = f.user(w.police, "auditor")
    sign_in(client, auditor)
    assert client.get(reverse("missing_overview")).status_code == 404


def test_a_protected_childs_placement_is_withheld_from_other_agencies() -> None:
    w = world()
    w.report_and_return()  # by the police, "missing from Oak House children's home"
    w.girl.protected_details = True
    w.girl.save(update_fields=["protected_details"])
    assert _page(w, w.officer).episodes[0].missing_from == "Oak House children's home"
    assert _page(w, w.social_worker).episodes[0].missing_from == pages.PROTECTED
