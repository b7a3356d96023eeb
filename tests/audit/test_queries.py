"""The auditor's queries need an auditor role, read only the auditor's scope (their agency's
users, or everyone's for a hub-wide auditor), filter by verb, and are each audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from safehub.agencies.models import Agency, Role, User
from safehub.audit import queries
from safehub.audit.log import record
from safehub.audit.models import AuditEvent, Verb

NOW = timezone.now()
QUERIES: dict[str, Callable[[Any], object]] = {
    "events_for_person": lambda viewer: queries.events_for_person(viewer, "p-1"),
    "events_by_user": lambda viewer: queries.events_by_user(viewer, "paul.practitioner"),
    "break_glass_and_refusals": lambda viewer: queries.break_glass_and_refusals(viewer, NOW),
    "unusual_viewers": lambda viewer: queries.unusual_viewers(viewer, NOW.date(), 5),
}


def view(
    user: User, person: str, *, outside_case: object = True, at: datetime | None = None
) -> None:
    with mock.patch("safehub.audit.log.timezone.now", return_value=at or timezone.now()):
        record(
            actor=user,
            verb=Verb.VIEW,
            target_type="person",
            target_id=person,
            subject_person=person,
            detail={"outside_case": outside_case},
        )


@pytest.mark.parametrize("query", QUERIES)
def test_audit_queries_refuse_a_user_without_the_auditor_role_and_record_it(
    practitioner: User, query: str
) -> None:
    with pytest.raises(PermissionDenied):
        QUERIES[query](practitioner)

    refusal = AuditEvent.objects.get()
    assert (refusal.actor, refusal.verb) == (practitioner, Verb.REFUSED)
    assert refusal.detail["query"] == query


@pytest.mark.parametrize("query", QUERIES)
def test_audit_queries_refuse_an_anonymous_user(db: None, query: str) -> None:
    with pytest.raises(PermissionDenied):
        QUERIES[query](AnonymousUser())

    assert AuditEvent.objects.get().verb == Verb.REFUSED


def test_auditor_role_is_refused_to_a_deactivated_auditor(auditor: User) -> None:
    auditor.is_active = False
    auditor.save()

    with pytest.raises(PermissionDenied):
        queries.events_for_person(auditor, "p-1")


@pytest.mark.parametrize("query", QUERIES)
def test_every_audit_query_is_itself_audited(auditor: User, practitioner: User, query: str) -> None:
    QUERIES[query](auditor)

    read = AuditEvent.objects.get()
    assert (read.actor, read.verb, read.actor_agency) == (auditor, Verb.AUDIT_READ, "police")
    assert read.detail["query"] == query
    assert read.detail["scope"] == "police"


def test_who_viewed_this_person(
    auditor: User, practitioner: User, make_user: Callable[..., User], police: Agency
) -> None:
    other = make_user("olga.analyst", police, Role.ANALYST)
    view(practitioner, "p-1")
    view(other, "p-1")
    view(other, "p-2")

    events = queries.events_for_person(auditor, "p-1")

    viewers = [(e.actor_username, e.verb) for e in events if e.verb == Verb.VIEW]
    assert viewers == [("olga.analyst", "view"), ("paul.practitioner", "view")]
    # The auditor's own look is on the person's history too.
    assert events[0].verb == Verb.AUDIT_READ
    assert events[0].actor == auditor


def test_what_this_user_viewed_includes_events_from_before_a_rename(
    auditor: User, practitioner: User
) -> None:
    view(practitioner, "p-1")
    practitioner.username = "paula.practitioner"
    practitioner.save()
    view(practitioner, "p-2")

    events = queries.events_by_user(auditor, "paula.practitioner")

    assert [(e.actor_username, e.target_id) for e in events] == [
        ("paula.practitioner", "p-2"),
        ("paul.practitioner", "p-1"),
    ]


def test_break_glass_and_refusals_since_a_moment(auditor: User, practitioner: User) -> None:
    record(
        actor=practitioner,
        verb=Verb.BREAK_GLASS,
        target_type="person",
        target_id="p-0",
        justification="old",
    )
    since = timezone.now()
    record(
        actor=practitioner,
        verb=Verb.BREAK_GLASS,
        target_type="person",
        target_id="p-1",
        justification="child missing overnight",
    )
    record(actor=practitioner, verb=Verb.REFUSED, target_type="person", target_id="p-2")
    view(practitioner, "p-3")

    events = queries.break_glass_and_refusals(auditor, since)

    assert [(e.verb, e.target_id) for e in events] == [("refused", "p-2"), ("break_glass", "p-1")]


def test_unusual_viewers_counts_distinct_persons_viewed_outside_cases_that_day(
    auditor: User, practitioner: User, make_user: Callable[..., User], police: Agency
) -> None:
    busy, quiet = practitioner, make_user("quinn.quiet", police)
    noon = timezone.make_aware(datetime(2026, 3, 10, 12, 0))
    for person in ("p-1", "p-2", "p-3", "p-3"):
        view(busy, person, at=noon)
    view(busy, "p-4", outside_case=False, at=noon)
    view(busy, "p-5", outside_case="true", at=noon)  # only the JSON value true counts
    view(busy, "p-6", outside_case=1, at=noon)
    view(busy, "p-7", at=noon - timedelta(days=1))
    view(quiet, "p-1", at=noon)

    assert queries.unusual_viewers(auditor, noon.date(), 2) == [("paul.practitioner", 3)]
    assert queries.unusual_viewers(auditor, noon.date(), 0) == [
        ("paul.practitioner", 3),
        ("quinn.quiet", 1),
    ]
    assert queries.unusual_viewers(auditor, noon.date(), 3) == []


def test_unusual_viewers_day_is_the_hubs_local_day(auditor: User, practitioner: User) -> None:
    # 23:30 on 1 July in London is 22:30 UTC: still 1 July for the hub.
    late = timezone.make_aware(datetime(2026, 7, 1, 23, 30))
    view(practitioner, "p-1", at=late)

    assert queries.unusual_viewers(auditor, late.date(), 0) == [("paul.practitioner", 1)]
    assert queries.unusual_viewers(auditor, late.date() + timedelta(days=1), 0) == []


# ---------------------------------------------------------------- scope


def test_an_agency_auditor_sees_only_their_own_agency_users_look_at_a_person(
    auditor: User, practitioner: User, carer: User
) -> None:
    view(practitioner, "p-1")
    view(carer, "p-1")

    events = queries.events_for_person(auditor, "p-1")

    assert {e.actor_username for e in events} == {"paul.practitioner", "ida.auditor"}


def test_an_agency_auditor_is_refused_another_agencys_user_as_one_who_does_not_exist(
    auditor: User, carer: User
) -> None:
    view(carer, "p-1")

    for username in ("cara.carer", "no.such.user"):
        with pytest.raises(PermissionDenied):
            queries.events_by_user(auditor, username)

    refusals = AuditEvent.objects.filter(actor=auditor, verb=Verb.REFUSED)
    assert [(e.target_id, e.detail["query"]) for e in refusals] == [
        ("cara.carer", "events_by_user"),
        ("no.such.user", "events_by_user"),
    ]
    assert not AuditEvent.objects.filter(actor=auditor, verb=Verb.AUDIT_READ).exists()


def test_an_agency_auditor_reads_what_a_user_did_for_their_agency_before_moving(
    auditor: User, practitioner: User, csc: Agency
) -> None:
    view(practitioner, "p-1")
    practitioner.agency = csc
    practitioner.save()
    view(practitioner, "p-2")

    events = queries.events_by_user(auditor, "paul.practitioner")

    assert [e.target_id for e in events] == ["p-1"]


def test_an_agency_auditor_sees_only_their_agency_alerts_and_unusual_viewers(
    auditor: User, practitioner: User, carer: User
) -> None:
    since = timezone.now()
    for user in (practitioner, carer):
        record(actor=user, verb=Verb.BREAK_GLASS, target_type="person", target_id="p-1")
        view(user, "p-1")
    record(actor=None, username="mallory", verb=Verb.REFUSED, target_type="route")

    alerts = queries.break_glass_and_refusals(auditor, since)
    unusual = queries.unusual_viewers(auditor, timezone.localdate(), 0)

    assert [e.actor_username for e in alerts] == ["paul.practitioner"]
    assert unusual == [("paul.practitioner", 1)]


def test_a_hub_wide_auditor_sees_every_agency_and_the_system(
    hub_auditor: User, practitioner: User, carer: User
) -> None:
    since = timezone.now()
    view(practitioner, "p-1")
    view(carer, "p-1")
    record(
        actor=None,
        username="cli:ops",
        verb=Verb.REFUSED,
        target_type="action",
        subject_person="p-1",
    )
    record(actor=practitioner, verb=Verb.BREAK_GLASS, target_type="person", target_id="p-1")

    person = queries.events_for_person(hub_auditor, "p-1")
    alerts = queries.break_glass_and_refusals(hub_auditor, since)

    assert {e.actor_username for e in person} == {
        "paul.practitioner",
        "cara.carer",
        "cli:ops",
        "hana.hub",
    }
    assert [e.actor_username for e in alerts] == ["paul.practitioner", "cli:ops"]
    assert [e.actor_username for e in queries.events_by_user(hub_auditor, "cli:ops")] == ["cli:ops"]
    assert queries.unusual_viewers(hub_auditor, timezone.localdate(), 0) == [
        ("cara.carer", 1),
        ("paul.practitioner", 1),
    ]
    assert AuditEvent.objects.filter(actor=hub_auditor).latest("seq").detail["scope"] == "hub"


def test_an_auditor_of_no_agency_reads_nothing(make_user: Callable[..., User]) -> None:
    stray = make_user("sam.stray", None, Role.AUDITOR)

    with pytest.raises(PermissionDenied):
        queries.events_for_person(stray, "p-1")

    assert AuditEvent.objects.get().verb == Verb.REFUSED


# ---------------------------------------------------------------- verbs


def test_events_filter_by_verb_and_carry_its_label(auditor: User, practitioner: User) -> None:
    view(practitioner, "p-1")
    record(actor=practitioner, verb=Verb.SEARCH, target_type="person", subject_person="p-1")

    searches = queries.events_for_person(auditor, "p-1", verb=Verb.SEARCH)
    mine = queries.events_by_user(auditor, "paul.practitioner", verb=Verb.VIEW)

    assert list(searches.values_list("verb", "verb_label")) == [("search", "Searched")]
    assert list(mine.values_list("verb", "verb_label")) == [("view", "Viewed")]
    assert AuditEvent.objects.filter(verb=Verb.AUDIT_READ)[0].detail["verb"] == "search"


def test_old_change_rows_still_show_under_their_own_label(
    auditor: User, practitioner: User
) -> None:
    record(actor=practitioner, verb=Verb.CHANGE, target_type="person", subject_person="p-1")

    events = queries.events_for_person(auditor, "p-1", verb=Verb.CHANGE)

    assert list(events.values_list("verb_label", flat=True)) == ["Changed (before specific verbs)"]


def test_the_alerts_filter_only_by_the_alert_verbs(auditor: User, practitioner: User) -> None:
    since = timezone.now()
    record(actor=practitioner, verb=Verb.BREAK_GLASS, target_type="person", target_id="p-1")
    record(actor=practitioner, verb=Verb.REFUSED, target_type="person", target_id="p-2")

    refused = queries.break_glass_and_refusals(auditor, since, verb=Verb.REFUSED)

    assert [e.target_id for e in refused] == ["p-2"]
    with pytest.raises(ValueError, match="not one of the alert verbs"):
        queries.break_glass_and_refusals(auditor, since, verb=Verb.VIEW)
