"""Every GET route, by role, own/other agency, inside/outside a case
(docs/security.md 1, 9, 13, 15).

The routes come from the URL resolver, so a route added later without a line in
tests/access/matrix.py ROUTES fails here ("unclassified route: <name>"). Each test builds
a small hub with the factories for a route, an agency and a case, with a user of every
role; each role in turn, on its own client signed in past the second factor, GETs the
route, and its answer is checked against matrix.expect() — written from the policy's
words, not by calling safehub.access.policy — as are the audit rows its request wrote.
A test names every role that failed, not only the first.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from safehub.access.models import AccessRequest, CaseKind, CaseTeam
from safehub.agencies.models import Role, SharingCondition, User
from safehub.audit import log as audit
from safehub.audit.models import AuditEvent, Verb
from safehub.ingest.models import ImportJob
from safehub.linking.held_elsewhere import held_elsewhere_token
from safehub.linking.models import ReviewPair
from safehub.meetings.models import Discussed, Meeting
from safehub.missing.models import MissingEpisode
from safehub.operations.models import NominalStatus, Operation
from safehub.records.models import Person, PersonRecord
from safehub.screening.models import Flag, Screening, ScreeningRun
from tests import factories as f
from tests.access.matrix import (
    DATA_ROLES,
    ROLES,
    ROUTES,
    Agency,
    Case,
    Expect,
    Kind,
    expect,
    known_bug,
)
from tests.answers import without_csrf_token
from tests.signin import sign_in

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

API = "api/"


# ---------------------------------------------------------------- the routes


def _patterns(
    entries: list[Any] | None = None, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern of the site as (route, pattern), walking includes."""
    for entry in get_resolver().url_patterns if entries is None else entries:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, route)
        else:
            yield route, entry


def _route_names() -> list[str]:
    return [pattern.name or route for route, pattern in _patterns()]


# What the expectation's words read of the scenario, by kind of route: the person's
# agency, the viewer's case, both or neither. A dimension a kind never reads is held at
# one value (own agency, inside the case) instead of multiplying the cells: the suite's
# 15 minutes go to the cells that can differ.
_READS_NEITHER = {
    Kind.OPEN, Kind.CONCERNS, Kind.DASHBOARD, Kind.LINKING, Kind.HUB_MANAGER, Kind.ACCOUNTS,
}  # fmt: skip
_READS_CASE_ONLY = {Kind.CASE}
_READS_AGENCY_ONLY = {Kind.AGENCY, Kind.SUPERVISOR, Kind.AUDITOR}


def _dimensions(kind: Kind) -> tuple[tuple[Agency, ...], tuple[Case, ...]]:
    agencies: tuple[Agency, ...] = tuple(Agency)
    cases: tuple[Case, ...] = tuple(Case)
    if kind in _READS_NEITHER | _READS_CASE_ONLY:
        agencies = (Agency.OWN,)
    if kind in _READS_NEITHER | _READS_AGENCY_ONLY:
        cases = (Case.INSIDE,)
    return agencies, cases


def _matrix() -> Iterator[Any]:
    for name in _route_names():
        route = ROUTES.get(name)
        if route is None or route.kind is Kind.NO_GET:
            continue  # unclassified: test_every_route_is_classified fails for it
        for agency, case in itertools.product(*_dimensions(route.kind)):
            yield pytest.param(name, agency, case, id=f"{name}-{agency}-{case}")


@pytest.mark.parametrize("name", _route_names())
def test_every_route_is_classified(name: str) -> None:
    if name not in ROUTES:
        pytest.fail(f"unclassified route: {name}")


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.kind is not Kind.NO_GET))
def test_a_dimension_held_at_one_value_changes_no_expectation(name: str) -> None:
    """The cells left out (_dimensions) would expect what the cell kept expects."""
    agencies, cases = _dimensions(ROUTES[name].kind)
    for role, agency, case in itertools.product(ROLES, Agency, Case):
        kept = expect(name, role, agency if len(agencies) > 1 else Agency.OWN,
                      case if len(cases) > 1 else Case.INSIDE)  # fmt: skip
        assert expect(name, role, agency, case) == kept, (name, role, agency, case)


def test_the_table_names_no_route_that_is_gone() -> None:
    assert set(ROUTES) - set(_route_names()) == set()


# ---------------------------------------------------------------- the scenario


@dataclass
class Scenario:
    """A person whose record a health trust owns (health sensitivity, shared with the
    police on condition `case`, general + health); a school also holds a record of them
    and shares nothing. The police hold another person of their own."""

    viewers: dict[Role, User]  # a user of each role, of the trust (own) or the police (other)
    person_id: uuid.UUID
    owner_record: PersonRecord  # the trust's record of the person
    holder_record: PersonRecord  # the school's: never shown to the viewer
    police_person_id: uuid.UUID
    job: ImportJob
    pending: AccessRequest
    requester: User  # a police practitioner, who looked at the person (audited)
    pair: ReviewPair  # the owner's record and csc's (identity shared for linkage only)
    case: CaseTeam  # naming the person: the viewer's (inside) or the requester's (outside)
    operation: Operation  # naming the person as a survivor: likewise
    meeting: Meeting  # that discussed the person: the viewer attended (inside) or not

    def kwargs(self, name: str, viewer: User, *, missing: bool = False) -> dict[str, str]:
        """URL kwargs of the route for `viewer`, the subject one replaced by a missing
        thing."""
        pattern = reverse_pattern(name)
        subject = ROUTES[name].subject
        values = {
            "person_id": str(self.person_id),
            "agency": self.holder_record.agency.code,  # request access from the school
            "code": self.owner_record.agency.code,
            "job_id": str(self.job.pk),
            "request_id": str(self.pending.pk),
            "username": self.requester.username,
            "agreement_id": "1",  # only POST routes take it: the GET answer is 405 first
            "user_id": "1",  # likewise
            "action_id": "1",  # likewise
            "pair_id": str(self.pair.pk),
            "token": held_elsewhere_token(viewer.pk, [self.person_id]),
            "case_id": str(self.case.pk),
            "operation_id": str(self.operation.pk),
            "meeting_id": str(self.meeting.pk),
            "episode_id": str(uuid.uuid4()),  # only POST routes take it: 405 first
            "reference": "QC-NOTYOURS",
            "figure": "flags",  # the dashboard's list behind a figure
        }
        absent = {
            "person_id": str(uuid.uuid4()),
            "code": "no-such-agency",
            "job_id": str(uuid.uuid4()),
            "username": "no-such-user",
            "request_id": "2147483000",
            "pair_id": "2147483000",
            "token": "no-such-token",
            "case_id": "2147483000",
            "operation_id": "2147483000",
            "meeting_id": "2147483000",
            "reference": "QC-NOSUCH99",
        }
        kwargs = {}
        for kwarg in getattr(pattern.pattern, "converters", {}):
            assert kwarg in values, f"no scenario value for <{kwarg}> of route {name}"
            kwargs[kwarg] = absent[kwarg] if missing and kwarg == subject else values[kwarg]
        return kwargs


def reverse_pattern(name: str) -> URLPattern:
    return next(pattern for route, pattern in _patterns() if (pattern.name or route) == name)


def scenario(agency: Agency, case: Case) -> Scenario:
    trust = f.agency("trust", "health", record_sensitivity="health")
    police = f.agency("police", "police")
    school = f.agency("school", "education")
    csc = f.agency("csc", "social_care")
    f.agreement(trust, police, "general", "health", condition=SharingCondition.CASE)
    # csc shares its general records with the trust always, with the police on a case,
    # and their identity for link review with both (its linkage clause).
    f.agreement(csc, trust, "general", linkage=True, condition=SharingCondition.ALWAYS)
    f.agreement(csc, police, "general", linkage=True, condition=SharingCondition.CASE)
    owner_record = f.record(
        trust, given_names="Kayleigh", family_name="Smith", date_of_birth="2009-04-02"
    )
    person = owner_record.person
    holder_record = f.record(school, person=person, given_names="Kay", family_name="Smith")
    csc_record = f.record(csc, person=person, given_names="Kayleigh", family_name="Smyth")
    police_person = f.record(police, given_names="Dean", family_name="Barker").person

    viewers = {role: f.user(trust if agency is Agency.OWN else police, role) for role in ROLES}
    requester = f.user(police, Role.PRACTITIONER)
    if case is Case.INSIDE:
        the_case = f.case(*viewers.values(), people={person.pk: "victim"})
    else:
        # Outside: a closed case of the viewers' and someone else's open case name the
        # person; neither opens anything to a viewer.
        closed = f.case(*viewers.values(), people={person.pk: "victim"})
        closed.closed_at = timezone.now()
        closed.save(update_fields=["closed_at"])
        the_case = f.case(requester, people={person.pk: "victim"})
    inside = list(viewers.values()) if case is Case.INSIDE else []
    operation = _operation(inside or [requester], person.pk)
    meeting = _meeting(requester, inside, person.pk)
    job = ImportJob.objects.create(
        agency=trust,
        uploaded_by=requester,
        original_name=f"matrix-{uuid.uuid4().hex}.zip",
        stored_path="",
        size_bytes=10,
        status=ImportJob.Status.REJECTED,
        message="Rejected.",
        finished_at=timezone.now(),
    )
    # The police requester's look at the person: what the audit pages are about.
    audit.record(
        actor=requester,
        verb=Verb.VIEW,
        target_type="person",
        target_id=str(person.pk),
        subject_person=str(person.pk),
    )
    pending = AccessRequest.objects.create(
        requester=requester,
        owner=trust,
        person_id=person.pk,
        record_pk=owner_record.pk,
        reason=f"Strategy meeting {uuid.uuid4().hex[:8]} needs the trust record.",
    )
    _flagged(person, owner_record, holder_record)
    _missing(person, owner_record, f.user(trust))
    low, high = sorted((owner_record, csc_record), key=lambda r: r.pk)
    pair = ReviewPair.objects.create(left=low, right=high, match_weight=3.5, match_probability=0.92)
    return Scenario(
        viewers,
        person.pk,
        owner_record,
        holder_record,
        police_person.pk,
        job,
        pending,
        requester,
        pair,
        the_case,
        operation,
        meeting,
    )


def _operation(members: list[User], person_id: uuid.UUID) -> Operation:
    """An open operation of `members`' naming the person as a survivor under review."""
    team = f.case(*members, people={person_id: "victim"}, kind=CaseKind.OPERATION)
    member = members[0]
    operation = Operation.objects.create(
        case=team,
        name=f"Operation {team.reference}",
        scope="Exploitation around the takeaways",
        senior_officer=member,
        opened_by=member,
    )
    NominalStatus.objects.create(
        operation=operation,
        person_id=person_id,
        role="victim",
        status="pre_contact_review",
        on=date(2024, 3, 1),
        recorded_by=member,
    )
    return operation


def _meeting(chair: User, attendees: list[User], person_id: uuid.UUID) -> Meeting:
    """A strategy meeting the requester chaired, which discussed the person (and decided
    something for them); the viewers attended it only inside."""
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.STRATEGY, held_on=date(2024, 3, 4), chair=chair
    )
    meeting.attendees.add(chair, *attendees)
    Discussed.objects.create(
        meeting=meeting, person_id=person_id, decision="Refer to CSE team", recorded_by=chair
    )
    return meeting


def _missing(person: Person, owner: PersonRecord, recorder: User) -> None:
    """The trust recorded the person missing from Oak House; back four days ago, no
    interview yet: overdue."""
    now = timezone.now()
    MissingEpisode.objects.create(
        person=person,
        agency=owner.agency,
        rhi_agency=owner.agency,
        recorded_by=recorder,
        record_id=owner.record_id,
        reported_at=now - timedelta(days=5),
        returned_at=now - timedelta(days=4),
        missing_from="Oak House",
    )


def _flagged(person: Person, owner: PersonRecord, holder: PersonRecord) -> None:
    """Screening flagged the person: the trust's fact, and the school's, which no one
    else sees (shown as "evidence held by")."""
    clinic = f.event(owner, "sexual_health_attendance", sensitivity="health")
    school = f.event(holder, "school_concern", summary="Older boyfriend collects her")
    run = ScreeningRun.objects.create(rules_version="test", status=ScreeningRun.Status.DONE)
    matched = [
        {"rule": rule, "kind": "risk", "event": event.pk, "occurred_on": "2024-03-01"}
        for rule, event in (("sexual-health-under-16", clinic), ("older-boyfriend", school))
    ]
    Screening.objects.create(
        person=person,
        run=run,
        rules_version="test",
        first_flagged_on=date(2024, 3, 1),
        score=9.0,
        rules=["older-boyfriend", "sexual-health-under-16"],
        evidence=matched,
        latest_on=date(2024, 3, 1),
        latest_score=9.0,
        latest_rules=["older-boyfriend", "sexual-health-under-16"],
        matched=matched,
    )
    Flag.objects.create(
        person=person, raised_on=date(2024, 3, 1), score=9.0, rules=["older-boyfriend"]
    )


# ---------------------------------------------------------------- what the answer shows


def _text(response: TestResponse) -> str:
    return response.content.decode()


def _ids(response: TestResponse) -> list[str]:
    return [p["id"] for p in response.json()["results"]]


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _record_ids(response: TestResponse) -> list[str]:
    return [r["record_id"] for r in response.json().get("records", [])]


# What each route's answer holds when it shows the scenario's thing (routes not named
# here have no subject: home, the schema, the break-glass form, the auditor's home).
SHOWS: dict[str, Callable[[Scenario, TestResponse], bool]] = {
    "person_chronology": lambda s, r: "Kayleigh" in _text(r),
    "link_person_joins": lambda s, r: _has_word(_text(r), s.owner_record.record_id),
    "person_profile": lambda s, r: _has_word(_text(r), s.owner_record.record_id),
    "api_person_detail": lambda s, r: s.owner_record.record_id in _record_ids(r),
    "person_list": lambda s, r: str(s.person_id) in _text(r),
    "triage_queue": lambda s, r: str(s.person_id) in _text(r),
    "api_flag_list": lambda s, r: (
        str(s.person_id) in [p["person_id"] for p in r.json().get("results", [])]
    ),
    "person_screening": lambda s, r: "Kayleigh" in _text(r) and "Evidence held by" in _text(r),
    "api_flag_detail": lambda s, r: r.json().get("person_id") == str(s.person_id),
    "network_person_chart": lambda s, r: "Kayleigh" in _text(r),
    "api_person_network": lambda s, r: "Kayleigh" in r.json().get("title", ""),
    "api_person_list": lambda s, r: str(s.person_id) in _ids(r),
    "access_request_new": lambda s, r: s.holder_record.agency.name in _text(r),
    "agency_extracts": lambda s, r: s.owner_record.extract.extract_id in _text(r),
    "import_job": lambda s, r: s.job.original_name in _text(r),
    "import_job_status": lambda s, r: s.job.original_name in _text(r),
    "access_request_queue": lambda s, r: s.pending.reason in _text(r),
    # The requester's look at the person is listed (an agency's auditor: only the police's).
    "audit_person": lambda s, r: (
        reverse("audit_user", kwargs={"username": s.requester.username}) in _text(r)
    ),
    "audit_user": lambda s, r: (
        reverse("audit_person", kwargs={"person_id": str(s.person_id)}) in _text(r)
    ),
    "link_review_queue": lambda s, r: (
        reverse("link_review_pair", kwargs={"pair_id": s.pair.pk}) in _text(r)
    ),
    "api_link_review_list": lambda s, r: (
        r.status_code == 200 and any(p["id"] == s.pair.pk for p in r.json()["results"])
    ),
    "link_review_pair": lambda s, r: _has_word(_text(r), s.owner_record.record_id),
    "link_trace_request": lambda s, r: (
        s.holder_record.agency.name in _text(r) or str(s.person_id) in _text(r)
    ),
    "case_list": lambda s, r: reverse("case_detail", kwargs={"case_id": s.case.pk}) in _text(r),
    "case_detail": lambda s, r: _has_word(_text(r), s.case.reference),
    "operation_list": lambda s, r: (
        reverse("operation_detail", kwargs={"operation_id": s.operation.pk}) in _text(r)
    ),
    "operation_detail": lambda s, r: s.operation.name in _text(r) and "Kayleigh" in _text(r),
    "survivor_engagement": lambda s, r: s.operation.name in _text(r) and "Kayleigh" in _text(r),
    "operation_return": lambda s, r: s.operation.name in _text(r) and "return" in _text(r),
    "operation_return_csv": lambda s, r: _text(r).startswith("suspect,sex,deceased"),
    "name_in_operation": lambda s, r: "Kayleigh" in _text(r) and "Name in an operation" in _text(r),
    "person_missing": lambda s, r: "Kayleigh" in _text(r) and "Oak House" in _text(r),
    "api_missing_profile": lambda s, r: r.json().get("person_id") == str(s.person_id),
    "api_missing_episodes": lambda s, r: (
        [e["missing_from"] for e in r.json().get("episodes", [])] == ["Oak House"]
    ),
    "missing_overview": lambda s, r: str(s.person_id) in _text(r),
    "api_missing_overview": lambda s, r: (
        str(s.person_id) in [line["person_id"] for line in r.json().get("overdue", [])]
    ),
    "meeting_list": lambda s, r: (
        reverse("meeting_detail", kwargs={"meeting_id": s.meeting.pk}) in _text(r)
    ),
    "meeting_detail": lambda s, r: "Refer to CSE team" in _text(r) and "Kayleigh" in _text(r),
    "meeting_minutes": lambda s, r: "Refer to CSE team" in _text(r) and "Kayleigh" in _text(r),
    "api_link_review_detail": lambda s, r: (
        s.owner_record.record_id
        in (r.json().get("left", {}).get("record_id"), r.json().get("right", {}).get("record_id"))
    ),
}


def _audit_counts(user: User) -> dict[str, int]:
    counts: dict[str, int] = {}
    for verb in AuditEvent.objects.filter(actor_username=user.username).values_list(
        "verb", flat=True
    ):
        counts[verb] = counts.get(verb, 0) + 1
    return counts


def _get(client: Client, name: str, kwargs: dict[str, str]) -> TestResponse:
    url = reverse(name, kwargs=kwargs)
    return client.get(
        url, headers={"accept": "application/json"} if url.startswith("/" + API) else {}
    )


# ---------------------------------------------------------------- the matrix


@pytest.mark.parametrize(("name", "agency", "case"), list(_matrix()))
def test_route_matrix(name: str, agency: Agency, case: Case) -> None:
    s = scenario(agency, case)
    failed = []
    for role in ROLES:
        where = f"{name} as {role} ({agency}, {case})"
        bug = known_bug(name, role)
        try:
            _cell(Client(), s, name, role, agency, case)
        except AssertionError as failure:
            if bug is None or not isinstance(failure, bug[0]):
                failed.append(f"{where}: {failure}")
            continue
        if bug is not None:
            failed.append(f"{where} passes: remove its known bug ({bug[1]}) from KNOWN_BUGS")
    assert not failed, "\n".join(failed)


def _cell(client: Client, s: Scenario, name: str, role: Role, agency: Agency, case: Case) -> None:
    """One role's GET of the route, checked."""
    viewer = s.viewers[role]
    expected: Expect = expect(name, role, agency, case)
    sign_in(client, viewer)
    before = _audit_counts(viewer)

    response = _get(client, name, s.kwargs(name, viewer))

    assert response.status_code == expected.status, (
        f"answered {response.status_code}, expected {expected.status}"
    )
    if response.status_code == 200:
        # What the school holds is never shared with anyone here.
        assert not _has_word(_text(response), s.holder_record.record_id)
    else:
        assert s.owner_record.record_id not in _text(response)
        assert "Kayleigh" not in _text(response)
    assert expected.shows is not True or name in SHOWS, f"no SHOWS check for {name}"
    if expected.shows is not None and name in SHOWS:
        assert SHOWS[name](s, response) is expected.shows, f"shows it: not {expected.shows}"
    if name in ("person_list", "api_person_list"):
        # Lists omit what the detail refuses, and show the viewer's own agency's people.
        own = agency is Agency.OTHER and role in DATA_ROLES  # the police's own person
        listed = (
            str(s.police_person_id) in _ids(response)
            if name == "api_person_list"
            else str(s.police_person_id) in _text(response)
        )
        assert listed is own
    if expected.audit is not None:
        after = _audit_counts(viewer)
        assert after.get(expected.audit, 0) > before.get(expected.audit, 0), (
            f"no new {expected.audit} audit row: {before} → {after}"
        )
        if expected.audit is not Verb.REFUSED:
            assert after.get(Verb.REFUSED, 0) == before.get(Verb.REFUSED, 0)

    if expected.refused:
        # Missing and forbidden look alike.
        missing = _get(client, name, s.kwargs(name, viewer, missing=True))
        assert missing.status_code == response.status_code
        assert without_csrf_token(missing.content) == without_csrf_token(response.content)


# ---------------------------------------------------------------- routes with no GET page


@pytest.mark.parametrize(
    "name", [name for name, route in ROUTES.items() if route.kind is Kind.NO_GET]
)
def test_routes_outside_the_matrix_have_no_get_page(client: Client, name: str) -> None:
    """Sign-in steps send a signed-in user on; the rest answer GET with 405 (or, for the
    token-only route, 401/403): none shows a page, so none is in the matrix."""
    s = scenario(Agency.OWN, Case.INSIDE)
    viewer = s.viewers[Role.HUB_MANAGER]
    sign_in(client, viewer)
    response = _get(client, name, s.kwargs(name, viewer))
    assert response.status_code in ROUTES[name].get_status
