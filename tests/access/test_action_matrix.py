"""Every state-changing route and API operation, by role and own/other agency
(docs/security.md #29).

The routes come from the URL resolver and the OpenAPI schema: one that changes state and
has no line in tests/access/actions_matrix.py fails here ("unclassified"), and so does a
route taken to be read-only that accepts a POST. Each cell builds a small hub, signs a
fresh user of the police in past the second factor, makes the request and checks the
answer and its effect against actions_matrix.allowed() — written from the rule's words,
not by calling safehub.access.actions — and the audit row a refusal leaves.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.access.models import (
    AccessRequest,
    BreakGlass,
    CaseKind,
    CaseNote,
    CasePerson,
    CaseTeam,
    SetUpCode,
    SharingBasis,
)
from safehub.agencies.models import (
    Agency,
    AgreementStatus,
    Role,
    SharingAgreement,
    SharingCondition,
    User,
)
from safehub.api.models import ApiToken
from safehub.api.services import api_token_issue
from safehub.audit.models import AuditEvent, Verb
from safehub.concerns.models import Concern
from safehub.ingest.models import ImportJob
from safehub.linking.held_elsewhere import held_elsewhere_token
from safehub.linking.models import LinkDecision, ReviewPair
from safehub.meetings.models import Discussed, Meeting, MeetingAction
from safehub.missing.models import MissingEpisode, PhilomenaProfile, ReturnInterview
from safehub.operations.models import (
    AgencyCheck,
    ContactPlan,
    Decision,
    NominalStatus,
    Operation,
    SurvivorDecision,
)
from safehub.operations.services import current
from safehub.records.models import PersonRecord
from safehub.screening.models import Flag, FlagDecision
from tests import factories as f
from tests.access.actions_matrix import (
    ACTION_ROUTES,
    ROLES,
    SESSION_ROUTES,
    Outcome,
    Target,
    allowed,
)
from tests.answers import without_csrf_token
from tests.signin import sign_in, totp_device_for

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

STATE_CHANGING = ("post", "put", "patch", "delete")


# ---------------------------------------------------------------- the routes


def _patterns(entries: list[Any] | None = None) -> Iterator[URLPattern]:
    for entry in get_resolver().url_patterns if entries is None else entries:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns)
        else:
            yield entry


def _route_names() -> list[str]:
    return sorted({str(pattern.name) for pattern in _patterns()})


def _read_only() -> list[str]:
    return [n for n in _route_names() if n not in ACTION_ROUTES and n not in SESSION_ROUTES]


def test_the_table_names_no_route_that_is_gone() -> None:
    assert set(ACTION_ROUTES) | SESSION_ROUTES <= set(_route_names())


DUMMY = {
    "person_id": str(uuid.uuid4()),
    "agency": "police",
    "request_id": "1",
    "code": "police",
    "job_id": str(uuid.uuid4()),
    "username": "someone",
    "agreement_id": "1",
    "user_id": "1",
    "pair_id": "1",
    "token": "no-such-token",
    "case_id": "1",
    "operation_id": "1",
    "meeting_id": "1",
    "action_id": "1",
    "figure": "flags",
    "reference": "QC-NOSUCH99",
}


def _url(name: str) -> str:
    pattern = next(p for p in _patterns() if p.name == name)
    kwargs = {k: DUMMY[k] for k in getattr(pattern.pattern, "converters", {})}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", _read_only())
def test_a_route_not_classified_as_an_action_changes_nothing(client: Client, name: str) -> None:
    """Read-only routes refuse every state-changing method (405); a route that takes one
    must be classified in actions_matrix.ACTION_ROUTES."""
    police = f.agency("police")
    sign_in(client, f.user(police, Role.HUB_MANAGER))
    for method in STATE_CHANGING:
        answer = getattr(client, method)(_url(name), headers={"accept": "application/json"})
        assert answer.status_code == 405, (
            f"unclassified: {method.upper()} {name} answers {answer.status_code}"
        )


def test_every_state_changing_api_operation_is_classified(client: Client) -> None:
    police = f.agency("police")
    sign_in(client, f.user(police, Role.PRACTITIONER))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operations = [
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in STATE_CHANGING
    ]
    assert operations  # the API has writes: the decision, the tokens
    for path, method in operations:
        name = resolve(
            path.replace("{pair_id}", "1").replace("{person_id}", DUMMY["person_id"])
        ).url_name
        assert name in ACTION_ROUTES, f"unclassified API operation {method.upper()} {path}"
        assert ACTION_ROUTES[name].method == method


# ---------------------------------------------------------------- one attempt


@dataclass
class Attempt:
    url: str
    data: dict[str, Any] = field(default_factory=dict)
    done: Callable[[], bool] = lambda: False
    missing_url: str | None = None  # the same request for a target that does not exist
    json: bool = False
    bearer: str = ""


@dataclass
class Hub:
    police: Agency  # the actor's agency
    trust: Agency  # another agency (health data)
    csc: Agency  # a third agency
    actor: User


def _person_held_by(*agencies: Agency) -> PersonRecord:
    first = f.record(agencies[0])
    for agency in agencies[1:]:
        f.record(agency, person=first.person)
    return first


def _proposal(hub: Hub, target: Target, status: str) -> SharingAgreement:
    recipient = hub.police if target is Target.OWN else hub.csc
    return f.agreement(hub.trust, recipient, "general", status=status)


def _agreement_step(
    step: str,
    status: str,
    done_status: str,
) -> Callable[[Hub, Target], Attempt]:
    def build(hub: Hub, target: Target) -> Attempt:
        agreement = _proposal(hub, target, status)
        if step == "confirm":  # own: the actor's agency is the provider
            provider, recipient = (
                (hub.police, hub.csc) if target is Target.OWN else (hub.trust, hub.police)
            )
            agreement = f.agreement(provider, recipient, "general", status=status)
        url = reverse(f"sharing_agreement_{step}", kwargs={"agreement_id": agreement.pk})
        missing = reverse(f"sharing_agreement_{step}", kwargs={"agreement_id": agreement.pk + 1000})
        return Attempt(
            url,
            done=lambda: SharingAgreement.objects.get(pk=agreement.pk).status == done_status,
            missing_url=missing,
        )

    return build


def _propose(hub: Hub, target: Target) -> Attempt:
    data = {
        "recipient": hub.csc.pk,
        "sensitivities": ["general"],
        "condition": "case",
        "scope": "any_hub",
        "reference": "ISA 2026/9",
    }
    if target is Target.OTHER:  # the form, naming the trust as the provider
        data["provider"] = hub.trust.pk
    provider = hub.police if target is Target.OWN else hub.trust
    return Attempt(
        reverse("sharing_agreements"),
        data,
        done=lambda: SharingAgreement.objects.filter(provider=provider).exists(),
    )


def _access_request(hub: Hub, target: Target) -> Attempt:
    held = (
        _person_held_by(hub.police, hub.trust)
        if target is Target.OWN
        else _person_held_by(hub.trust, hub.csc)
    )
    url = reverse(
        "access_request_new", kwargs={"person_id": held.person_id, "agency": hub.trust.code}
    )
    missing = reverse(
        "access_request_new", kwargs={"person_id": uuid.uuid4(), "agency": hub.trust.code}
    )
    return Attempt(
        url,
        {"reason": "Strategy meeting on Monday"},
        done=lambda: AccessRequest.objects.filter(requester=hub.actor).exists(),
        missing_url=missing,
    )


def _break_glass(hub: Hub, target: Target) -> Attempt:
    held = f.record(hub.police if target is Target.OWN else hub.trust)
    url = reverse("break_glass_new", kwargs={"person_id": held.person_id})
    return Attempt(
        url,
        {"reason": "Missing overnight, at risk", "minutes": 15},
        done=lambda: BreakGlass.objects.filter(user=hub.actor).exists(),
    )


def _trace_request(hub: Hub, target: Target) -> Attempt:
    held = f.record(hub.police if target is Target.OWN else hub.trust)
    token = held_elsewhere_token(hub.actor.pk, [held.person_id])
    url = reverse("link_trace_request", kwargs={"token": token})
    missing = reverse("link_trace_request", kwargs={"token": "no-such-token-0123456789"})
    return Attempt(
        url,
        {"reason": "Strategy meeting on Monday"},
        done=lambda: AccessRequest.objects.filter(requester=hub.actor).exists(),
        missing_url=missing,
    )


def _challenge(hub: Hub, target: Target) -> Attempt:
    owner = hub.police if target is Target.OWN else hub.trust
    first = f.record(owner)
    second = f.record(owner, person=first.person)
    low, high = sorted((first.pk, second.pk))
    return Attempt(
        reverse("link_join_challenge", kwargs={"person_id": first.person_id}),
        {"pair": f"{low}-{high}", "reason": "Her school says these are two girls."},
        done=lambda: ReviewPair.objects.filter(reason="challenged").exists(),
        missing_url=reverse("link_join_challenge", kwargs={"person_id": uuid.uuid4()}),
    )


def _decide_request(hub: Hub, target: Target) -> Attempt:
    owner = hub.police if target is Target.OWN else hub.trust
    held = f.record(owner)
    request = AccessRequest.objects.create(
        requester=f.user(hub.csc),
        owner=owner,
        person_id=held.person_id,
        record_pk=held.pk,
        reason="Strategy meeting needs it",
    )
    url = reverse("access_request_decide", kwargs={"request_id": request.pk})
    missing = reverse("access_request_decide", kwargs={"request_id": request.pk + 1000})
    return Attempt(
        url,
        {"decision": "approve", "days": 7},
        done=lambda: AccessRequest.objects.get(pk=request.pk).status == "approved",
        missing_url=missing,
    )


def _upload(hub: Hub, target: Target) -> Attempt:
    agency = hub.police if target is Target.OWN else hub.trust
    url = reverse("agency_extracts", kwargs={"code": agency.code})
    missing = reverse("agency_extracts", kwargs={"code": "no-such-agency"})
    upload = SimpleUploadedFile(
        "extract.zip", b"PK\x05\x06" + b"\0" * 18, content_type="application/zip"
    )
    return Attempt(
        url,
        {"extract": upload},
        done=lambda: ImportJob.objects.filter(agency=agency).exists(),
        missing_url=missing,
    )


def _pair(hub: Hub, target: Target) -> ReviewPair:
    """Own: the actor's agency's record and csc's, which csc shares with the police always
    (and its identity for link review). Other: the trust's, which it shares with nobody."""
    f.agreement(hub.csc, hub.police, "general", linkage=True, condition="always")
    mine = f.record(hub.police, given_names="Kayleigh")
    theirs = f.record(hub.csc if target is Target.OWN else hub.trust, given_names="Kayley")
    low, high = sorted((mine, theirs), key=lambda r: r.pk)
    return ReviewPair.objects.create(left=low, right=high, match_weight=1.0, match_probability=0.7)


def _decide_pair(api: bool) -> Callable[[Hub, Target], Attempt]:
    def build(hub: Hub, target: Target) -> Attempt:
        pair = _pair(hub, target)
        name = "api_link_review_decide" if api else "link_review_decide"
        return Attempt(
            reverse(name, kwargs={"pair_id": pair.pk}),
            {"verdict": "same"},
            done=LinkDecision.objects.exists,
            json=api,
            missing_url=reverse(name, kwargs={"pair_id": pair.pk + 1000}),
        )

    return build


def _link_run(hub: Hub, target: Target) -> Attempt:
    return Attempt(
        reverse("link_run_start"),
        {"kind": "incremental"},
        done=lambda: AuditEvent.objects.filter(
            actor=hub.actor, verb=Verb.LINK_RUN_REQUESTED
        ).exists(),
    )


def _network_build(hub: Hub, target: Target) -> Attempt:
    return Attempt(
        reverse("network_build_start"),
        done=lambda: AuditEvent.objects.filter(
            actor=hub.actor, verb=Verb.NETWORK_BUILD_REQUESTED
        ).exists(),
    )


def _network_export(hub: Hub, target: Target) -> Attempt:
    """Own: a man the police hold, with a girl at his arrest. Other: one only the trust
    holds (it shares nothing)."""
    held = f.record(hub.police if target is Target.OWN else hub.trust)
    arrest = f.event(held, "arrest", role="suspect")
    f.event_link(arrest, f.record(held.agency), "victim")
    return Attempt(
        reverse("network_chart_export"),
        {"focus": f"person:{held.person_id}", "format": "graphml"},
        done=lambda: AuditEvent.objects.filter(actor=hub.actor, verb=Verb.EXPORT).exists(),
    )


def _dashboard_export(hub: Hub, target: Target) -> Attempt:
    """The hub's figures (no target of an agency: own and other alike)."""
    return Attempt(
        reverse("dashboard_export"),
        done=lambda: AuditEvent.objects.filter(actor=hub.actor, verb=Verb.EXPORT).exists(),
    )


def _account(name: str, done: Callable[[User], bool]) -> Callable[[Hub, Target], Attempt]:
    def build(hub: Hub, target: Target) -> Attempt:
        account = f.user(hub.police if target is Target.OWN else hub.trust)
        totp_device_for(account)
        return Attempt(
            reverse(name, kwargs={"user_id": account.pk}),
            done=lambda: done(User.objects.get(pk=account.pk)),
            missing_url=reverse(name, kwargs={"user_id": account.pk + 1000}),
        )

    return build


def _case_note(hub: Hub, target: Target) -> Attempt:
    """Own: an open case the actor is a member of. Other: the trust's open case, of which
    the actor is not."""
    case = f.case(hub.actor if target is Target.OWN else f.user(hub.trust, Role.SUPERVISOR))
    return Attempt(
        reverse("case_note_add", kwargs={"case_id": case.pk}),
        {"text": "Strategy meeting on Monday: the school shares its concerns."},
        done=CaseNote.objects.filter(case=case).exists,
        missing_url=reverse("case_note_add", kwargs={"case_id": case.pk + 1000}),
    )


def _flag_decide(api: bool) -> Callable[[Hub, Target], Attempt]:
    """Own: a flagged girl the police hold. Other: one only the trust holds (it shares
    nothing)."""

    def build(hub: Hub, target: Target) -> Attempt:
        held = f.record(hub.police if target is Target.OWN else hub.trust)
        Flag.objects.create(
            person=held.person, raised_on=date(2025, 4, 2), score=9.0, rules=["older-boyfriend"]
        )
        name = "api_flag_decide" if api else "flag_decide"
        return Attempt(
            reverse(name, kwargs={"person_id": held.person_id}),
            {"outcome": "nfa", "reason": "Known boyfriend of her own age; school agrees."},
            done=FlagDecision.objects.exists,
            json=api,
            missing_url=reverse(name, kwargs={"person_id": uuid.uuid4()}),
        )

    return build


def _operation_open(hub: Hub, target: Target, route: str = "operation_open") -> Attempt:
    officer = f.user(hub.police, Role.HUB_MANAGER)
    return Attempt(
        reverse(route),
        {
            "name": "Operation Larch",
            "scope": "The takeaways, 2003-2009",
            "senior_officer": officer.pk,
        },
        done=Operation.objects.filter(name="Operation Larch").exists,
    )


def _an_operation(hub: Hub, target: Target) -> tuple[Operation, User]:
    """Own: an open operation of the police whose team the actor is in. Other: the trust's,
    of which they are not a member. With its opener, a supervisor of its agency."""
    opener = f.user(hub.police if target is Target.OWN else hub.trust, Role.SUPERVISOR)
    members = [opener, hub.actor] if target is Target.OWN else [opener]
    team = f.case(*members, kind=CaseKind.OPERATION)
    operation = Operation.objects.create(
        case=team,
        name="Operation Larch",
        scope="The takeaways",
        senior_officer=opener,
        opened_by=opener,
    )
    return operation, opener


def _nominal(operation: Operation, by: User, role: str, status: str) -> uuid.UUID:
    agency = by.agency
    assert agency is not None
    person_id = f.record(agency).person_id
    CasePerson.objects.create(case=operation.case, person_id=person_id, role=role)
    NominalStatus.objects.create(
        operation=operation,
        person_id=person_id,
        role=role,
        status=status,
        on=date(2026, 1, 5),
        recorded_by=by,
    )
    return person_id


def _in_operation(
    route: str, data: dict[str, Any], done: Callable[[Operation], bool]
) -> Callable[[Hub, Target], Attempt]:
    """A POST on one operation: `data` and `done` for it."""

    def build(hub: Hub, target: Target) -> Attempt:
        operation, _ = _an_operation(hub, target)
        return Attempt(
            reverse(route, kwargs={"operation_id": operation.pk}),
            data,
            done=lambda: done(operation),
            missing_url=reverse(route, kwargs={"operation_id": operation.pk + 1000}),
        )

    return build


def _nominal_add(hub: Hub, target: Target, route: str = "operation_nominal_add") -> Attempt:
    operation, _opener = _an_operation(hub, target)
    person_id = f.record(hub.police).person_id
    return Attempt(
        reverse(route, kwargs={"operation_id": operation.pk}),
        {"person": str(person_id), "role": "suspect", "on": "2026-01-05"},
        done=NominalStatus.objects.filter(person_id=person_id).exists,
        missing_url=reverse(route, kwargs={"operation_id": operation.pk + 1000}),
    )


def _on_nominal(
    route: str,
    role: str,
    status: str,
    data: Callable[[ContactPlan | None], dict[str, Any]],
    done: Callable[[Operation, uuid.UUID], bool],
    *,
    plan: str = "",  # "written" by the opener, "checked" by every agency of the team,
    # "approved" by another supervisor after those checks, or none
) -> Callable[[Hub, Target], Attempt]:
    """A POST about one nominal of an operation (`role`, now `status`)."""

    def build(hub: Hub, target: Target) -> Attempt:
        operation, opener = _an_operation(hub, target)
        person_id = _nominal(operation, opener, role, status)
        written = None
        if plan:
            written = ContactPlan.objects.create(
                operation=operation,
                person_id=person_id,
                risks_and_needs="Lives near him",
                contact_by="Her ISVA",
                contact_how="By phone",
                author=opener,
            )
        if plan in ("checked", "approved") and written is not None:  # by every agency
            for agency in {m.agency for m in operation.case.members.all() if m.agency}:
                AgencyCheck.objects.create(
                    plan=written, agency=agency, checked_by=opener, finding="Nothing relevant"
                )
        if plan == "approved" and written is not None:
            written.approved_by = f.user(opener.agency, Role.SUPERVISOR)
            written.approved_at = written.written_at
            written.save()
        kwargs = {"operation_id": operation.pk, "person_id": person_id}
        return Attempt(
            reverse(route, kwargs=kwargs),
            data(written),
            done=lambda: done(operation, person_id),
            missing_url=reverse(route, kwargs={**kwargs, "operation_id": operation.pk + 1000}),
        )

    return build


def _status_is(status: str) -> Callable[[Operation, uuid.UUID], bool]:
    def done(operation: Operation, person_id: uuid.UUID) -> bool:
        now = current(operation, person_id)
        return now is not None and now.status == status

    return done


def _member_add(hub: Hub, target: Target, route: str = "operation_member_add") -> Attempt:
    """A colleague of the actor's agency joins the operation's team."""
    operation, _ = _an_operation(hub, target)
    colleague = f.user(hub.police, Role.PRACTITIONER)
    return Attempt(
        reverse(route, kwargs={"operation_id": operation.pk}),
        {"user": colleague.pk},
        done=lambda: operation.case.members.filter(pk=colleague.pk).exists(),
        missing_url=reverse(route, kwargs={"operation_id": operation.pk + 1000}),
    )


def _name_in_operation(hub: Hub, target: Target) -> Attempt:
    """From the person's own page: own, the actor's operation; other, the trust's."""
    operation, _ = _an_operation(hub, target)
    person_id = f.record(hub.police).person_id
    route = "name_in_operation"
    return Attempt(
        reverse(route, kwargs={"person_id": person_id}),
        {"operation": operation.pk, "role": "suspect", "on": "2026-01-05"},
        done=NominalStatus.objects.filter(person_id=person_id).exists,
        missing_url=reverse(route, kwargs={"person_id": uuid.uuid4()}),
    )


def _disruption(hub: Hub, target: Target, route: str = "disruption_record") -> Attempt:
    """A child abduction warning notice against a suspect of the operation."""
    operation, opener = _an_operation(hub, target)
    person_id = _nominal(operation, opener, "suspect", "arrested")
    return Attempt(
        reverse(route, kwargs={"operation_id": operation.pk}),
        {"person_id": str(person_id), "kind": "cawn", "served_on": "2026-01-07"},
        done=operation.disruptions.exists,
        missing_url=reverse(route, kwargs={"operation_id": operation.pk + 1000}),
    )


def _sharing(hub: Hub, target: Target, route: str = "sharing_record") -> Attempt:
    """A survivor's consent to the trust's sharing with the operation's team."""
    operation, opener = _an_operation(hub, target)
    person_id = _nominal(operation, opener, "victim", "pre_contact_review")
    kwargs = {"operation_id": operation.pk, "person_id": person_id}
    return Attempt(
        reverse(route, kwargs=kwargs),
        {"provider": hub.trust.pk, "basis": "consent", "reason": "She agreed in person."},
        done=SharingBasis.objects.filter(person_id=person_id).exists,
        missing_url=reverse(route, kwargs={**kwargs, "operation_id": operation.pk + 1000}),
    )


def _meeting_hold(hub: Hub, target: Target, route: str = "meeting_hold") -> Attempt:
    return Attempt(
        reverse(route),
        {"kind": "strategy", "held_on": "2026-01-05"},
        done=Meeting.objects.filter(chair=hub.actor).exists,
    )


def _concern(hub: Hub, target: Target, route: str = "concern_new") -> Attempt:
    """A quick concern in the actor's agency's name (no target: own and other alike)."""
    return Attempt(
        reverse(route),
        {"what_seen": "A girl picked up by a grey van", "nickname": "Red"},
        done=Concern.objects.filter(author=hub.actor).exists,
    )


def _a_meeting(hub: Hub, target: Target) -> Meeting:
    """Own: a meeting a supervisor of the police chaired, which the actor attended.
    Other: the trust's, which they did not."""
    chair = f.user(hub.police if target is Target.OWN else hub.trust, Role.SUPERVISOR)
    meeting = Meeting.objects.create(kind="strategy", held_on=date(2026, 1, 5), chair=chair)
    meeting.attendees.add(chair, *([hub.actor] if target is Target.OWN else []))
    return meeting


def _in_meeting(
    route: str, data: Callable[[Hub, uuid.UUID], dict[str, Any]], done: Callable[[Meeting], bool]
) -> Callable[[Hub, Target], Attempt]:
    """A POST on one meeting about a person the police hold: `data` and `done` for it."""

    def build(hub: Hub, target: Target) -> Attempt:
        meeting = _a_meeting(hub, target)
        person_id = f.record(hub.police).person_id
        return Attempt(
            reverse(route, kwargs={"meeting_id": meeting.pk}),
            data(hub, person_id),
            done=lambda: done(meeting),
            missing_url=reverse(route, kwargs={"meeting_id": meeting.pk + 1000}),
        )

    return build


def _action_done(hub: Hub, target: Target, route: str = "action_status_set") -> Attempt:
    meeting = _a_meeting(hub, target)
    owner = hub.actor if target is Target.OWN else meeting.chair
    assert owner.agency is not None
    action = MeetingAction.objects.create(
        meeting=meeting,
        text="Share the attendance records",
        owner=owner,
        owner_agency=owner.agency,
        due_on=date(2026, 1, 9),
    )
    # The page names the action's meeting; the API the action alone.
    kwargs = {"action_id": action.pk}
    if route == "action_status_set":
        kwargs["meeting_id"] = meeting.pk
    return Attempt(
        reverse(route, kwargs=kwargs),
        {"status": "done"},
        done=lambda: MeetingAction.objects.get(pk=action.pk).status == "done",
        missing_url=reverse(route, kwargs={**kwargs, "action_id": action.pk + 1000}),
    )


def _token_issue(hub: Hub, target: Target) -> Attempt:
    return Attempt(
        reverse("api_token_issue"),
        {"hours": 1},
        json=True,
        done=lambda: ApiToken.objects.filter(user=hub.actor).exists(),
    )


def _token_revoke(hub: Hub, target: Target) -> Attempt:
    issued = api_token_issue(actor=hub.actor, hours=1)
    return Attempt(
        reverse("api_token_current"),
        json=True,
        bearer=issued.secret,
        done=lambda: ApiToken.objects.get(pk=issued.token.pk).revoked_at is not None,
    )


Build = Callable[[Hub, Target], Attempt]


def _by_api(build: Build) -> Build:
    """The same attempt, sent to the API as JSON (`build` made for the API's route)."""

    def sent(hub: Hub, target: Target) -> Attempt:
        attempt = build(hub, target)
        attempt.json = True
        return attempt

    return sent


def _routed(build: Callable[[Hub, Target, str], Attempt], route: str) -> Build:
    return lambda hub, target: build(hub, target, route)


NOMINAL_STATUS = (
    "suspect",
    "identified",
    lambda plan: {"status": "traced", "on": "2026-01-06"},
    _status_is("traced"),
)
A_DECISION = (
    {"kind": "priority", "rationale": "Barker first: two survivors name him."},
    lambda operation: Decision.objects.filter(operation=operation).exists(),
)
PLAN = (
    "victim",
    "pre_contact_review",
    lambda plan: {
        "risks_and_needs": "Her own child",
        "contact_by": "ISVA",
        "contact_how": "Phone",
    },
    lambda operation, person_id: ContactPlan.objects.filter(person_id=person_id).exists(),
)
CHECK = (
    "victim",
    "pre_contact_review",
    lambda plan: {"plan": plan.pk if plan else 0, "finding": "Nothing relevant"},
    lambda operation, person_id: AgencyCheck.objects.exists(),
)
APPROVAL = (
    "victim",
    "pre_contact_review",
    lambda plan: {"plan": plan.pk if plan else 0},
    lambda operation, person_id: ContactPlan.objects.filter(approved_at__isnull=False).exists(),
)
CONTACT = (
    "victim",
    "pre_contact_review",
    lambda plan: {
        "contact_on": "2026-01-10",
        "contact_how": "Her ISVA, by phone",
        "decision": "engaged",
        "agreed": "no",
    },
    lambda operation, person_id: SurvivorDecision.objects.filter(person_id=person_id).exists(),
)


def _facts(route: str, data: dict[str, Any]) -> Build:
    """Whether a suspect (charged) has died or is prominent, for the return."""
    return _on_nominal(
        route,
        "suspect",
        "charged",
        lambda plan: data,
        lambda operation, person_id: operation.suspects.filter(deceased=True).exists(),
    )


DISCUSSED = (
    lambda hub, person_id: {"person": str(person_id), "decision": "Refer to the CSE team"},
    lambda meeting: Discussed.objects.filter(meeting=meeting).exists(),
)
AGREED = (
    lambda hub, person_id: {
        "text": "Share the attendance records",
        "owner": hub.actor.pk,
        "due_on": "2026-01-09",
        "person": str(person_id),
    },
    lambda meeting: MeetingAction.objects.filter(meeting=meeting).exists(),
)


def _child(hub: Hub, target: Target) -> PersonRecord:
    """Own: a girl the police hold, placed by the police (so they are her carer's agency
    too). Other: one only the trust holds, which shares nothing."""
    if target is Target.OTHER:
        return f.record(hub.trust, date_of_birth="2011-05-02")
    record = f.record(hub.police, date_of_birth="2011-05-02")
    f.lives_at(record, f.location(hub.police), relation="placement")
    return record


def _when(**ago: float) -> str:
    return (timezone.now() - timedelta(**ago)).isoformat()


def _on_child(
    route: str, data: dict[str, Any], done: Callable[[uuid.UUID], bool]
) -> Callable[[Hub, Target], Attempt]:
    """A POST (or the API's PUT) naming the child by id: `done` asks about them."""

    def build(hub: Hub, target: Target) -> Attempt:
        person_id = _child(hub, target).person_id
        return Attempt(
            reverse(route, kwargs={"person_id": person_id}),
            data,
            done=lambda: done(person_id),
            missing_url=reverse(route, kwargs={"person_id": uuid.uuid4()}),
        )

    return build


def _on_episode(
    route: str, data: Callable[[], dict[str, Any]], done: Callable[[MissingEpisode], bool]
) -> Callable[[Hub, Target], Attempt]:
    """A POST on an episode the child's holder recorded: back a day ago, no interview.
    A return's other episode is one social care recorded of a child the police hold too,
    shared with them: they see it, and may open the child, but it is not theirs."""

    def build(hub: Hub, target: Target) -> Attempt:
        child = _child(hub, target)
        if route.endswith("return") and target is Target.OTHER:
            child = f.record(hub.csc, person=_child(hub, Target.OWN).person)
            f.agreement(hub.csc, hub.police, "general", condition=SharingCondition.ALWAYS)
        episode = MissingEpisode.objects.create(
            person_id=child.person_id,
            agency_id=child.agency_id,
            rhi_agency_id=child.agency_id,
            recorded_by=f.user(child.agency),
            record_id=child.record_id,
            reported_at=timezone.now() - timedelta(days=2),
            returned_at=None if route.endswith("return") else timezone.now() - timedelta(days=1),
        )
        return Attempt(
            reverse(route, kwargs={"episode_id": episode.pk}),
            data(),
            done=lambda: done(episode),
            missing_url=reverse(route, kwargs={"episode_id": uuid.uuid4()}),
        )

    return build


PROFILE = (
    {"description": "Small, a red coat"},
    lambda person_id: PhilomenaProfile.objects.filter(person_id=person_id).exists(),
)
REPORT = (
    {"reported_at": _when(hours=3), "missing_from": "Oak House"},
    lambda person_id: MissingEpisode.objects.filter(person_id=person_id).exists(),
)
RETURN = (
    lambda: {"returned_at": _when(hours=1), "found_premises_type": "hotel"},
    lambda episode: MissingEpisode.objects.get(pk=episode.pk).returned_at is not None,
)
INTERVIEW = (
    lambda: {"outcome": "declined", "offered_at": _when(hours=2)},
    lambda episode: ReturnInterview.objects.filter(episode=episode).exists(),
)

ATTEMPTS: dict[str, Build] = {
    "sharing_agreements": _propose,
    "sharing_agreement_accept": _agreement_step(
        "accept", AgreementStatus.PROPOSED, AgreementStatus.IN_FORCE
    ),
    "sharing_agreement_decline": _agreement_step(
        "decline", AgreementStatus.PROPOSED, AgreementStatus.DECLINED
    ),
    "sharing_agreement_revoke": _agreement_step(
        "revoke", AgreementStatus.IN_FORCE, AgreementStatus.REVOKED
    ),
    "sharing_agreement_confirm": _agreement_step(
        "confirm", AgreementStatus.UNCONFIRMED, AgreementStatus.PROPOSED
    ),
    "access_request_new": _access_request,
    "break_glass_new": _break_glass,
    "link_trace_request": _trace_request,
    "link_join_challenge": _challenge,
    "access_request_decide": _decide_request,
    "agency_extracts": _upload,
    "link_review_decide": _decide_pair(api=False),
    "api_link_review_decide": _decide_pair(api=True),
    "flag_decide": _flag_decide(api=False),
    "api_flag_decide": _flag_decide(api=True),
    "link_run_start": _link_run,
    "network_build_start": _network_build,
    "network_chart_export": _network_export,
    "account_set_up_code": _account(
        "account_set_up_code", lambda user: SetUpCode.objects.filter(user=user).exists()
    ),
    "account_second_factor_reset": _account(
        "account_second_factor_reset",
        lambda user: not TOTPDevice.objects.filter(user=user).exists(),
    ),
    "account_disable": _account("account_disable", lambda user: not user.is_active),
    "case_note_add": _case_note,
    "operation_open": _operation_open,
    "operation_nominal_add": _nominal_add,
    "nominal_status_set": _on_nominal("nominal_status_set", *NOMINAL_STATUS),
    "decision_record": _in_operation("decision_record", *A_DECISION),
    "operation_close": _in_operation(
        "operation_close",
        {"rationale": "Every suspect charged; support in place."},
        lambda operation: CaseTeam.objects.get(pk=operation.case_id).closed_at is not None,
    ),
    "plan_write": _on_nominal("plan_write", *PLAN),
    "agency_check_record": _on_nominal("agency_check_record", *CHECK, plan="written"),
    "plan_approve": _on_nominal("plan_approve", *APPROVAL, plan="checked"),
    "contact_record": _on_nominal("contact_record", *CONTACT, plan="approved"),
    "operation_member_add": _member_add,
    "name_in_operation": _name_in_operation,
    "disruption_record": _disruption,
    "suspect_facts_set": _facts("suspect_facts_set", {"deceased": "on"}),
    "sharing_record": _sharing,
    "meeting_hold": _meeting_hold,
    "concern_new": _concern,
    "discussed_record": _in_meeting("discussed_record", *DISCUSSED),
    "action_agree": _in_meeting("action_agree", *AGREED),
    "action_status_set": _action_done,
    # The API's forms of the same actions, with the same data as JSON.
    "api_operation_list": _by_api(_routed(_operation_open, "api_operation_list")),
    "api_nominal_add": _by_api(_routed(_nominal_add, "api_nominal_add")),
    "api_nominal_status_set": _by_api(_on_nominal("api_nominal_status_set", *NOMINAL_STATUS)),
    "api_operation_decisions": _by_api(_in_operation("api_operation_decisions", *A_DECISION)),
    "api_plan_write": _by_api(_on_nominal("api_plan_write", *PLAN)),
    "api_agency_check_record": _by_api(
        _on_nominal("api_agency_check_record", *CHECK, plan="written")
    ),
    "api_plan_approve": _by_api(_on_nominal("api_plan_approve", *APPROVAL, plan="checked")),
    "api_contact_record": _by_api(_on_nominal("api_contact_record", *CONTACT, plan="approved")),
    "api_operation_member_add": _by_api(_routed(_member_add, "api_operation_member_add")),
    "api_disruption_record": _by_api(_routed(_disruption, "api_disruption_record")),
    "api_suspect_facts_set": _by_api(
        _facts("api_suspect_facts_set", {"deceased": True, "public_prominence": False})
    ),
    "api_sharing_record": _by_api(_routed(_sharing, "api_sharing_record")),
    "api_meeting_list": _by_api(_routed(_meeting_hold, "api_meeting_list")),
    "api_concern_list": _by_api(_routed(_concern, "api_concern_list")),
    "api_discussed_record": _by_api(_in_meeting("api_discussed_record", *DISCUSSED)),
    "api_action_agree": _by_api(_in_meeting("api_action_agree", *AGREED)),
    "api_action_status_set": _by_api(_routed(_action_done, "api_action_status_set")),
    "profile_write": _on_child("profile_write", *PROFILE),
    "episode_report": _on_child("episode_report", *REPORT),
    "episode_return": _on_episode("episode_return", *RETURN),
    "rhi_record": _on_episode("rhi_record", *INTERVIEW),
    "api_missing_profile": _by_api(_on_child("api_missing_profile", *PROFILE)),
    "api_missing_episodes": _by_api(_on_child("api_missing_episodes", *REPORT)),
    "api_episode_return": _by_api(_on_episode("api_episode_return", *RETURN)),
    "api_rhi_record": _by_api(_on_episode("api_rhi_record", *INTERVIEW)),
    "api_token_issue": _token_issue,
    "api_token_current": _token_revoke,
    "dashboard_export": _dashboard_export,
}


def test_every_action_route_has_an_attempt() -> None:
    assert set(ATTEMPTS) == set(ACTION_ROUTES)


# ---------------------------------------------------------------- the matrix


def _send(client: Client, name: str, attempt: Attempt, url: str) -> TestResponse:
    method = getattr(client, ACTION_ROUTES[name].method)
    headers = {"accept": "application/json"} if ACTION_ROUTES[name].api else {}
    if attempt.bearer:
        headers["Authorization"] = f"Bearer {attempt.bearer}"
    if attempt.json:
        return method(url, attempt.data, content_type="application/json", headers=headers)
    return method(url, attempt.data, headers=headers)


def _refusals(user: User) -> int:
    return AuditEvent.objects.filter(actor=user, verb=Verb.REFUSED).count()


def _cells() -> Iterator[Any]:
    for name in sorted(ACTION_ROUTES):
        targets = [Target.OWN] if ACTION_ROUTES[name].targetless else list(Target)
        for role, target in itertools.product(ROLES, targets):
            yield pytest.param(name, role, target, id=f"{name}-{role}-{target}")


@pytest.mark.parametrize("name", sorted(n for n, r in ACTION_ROUTES.items() if r.targetless))
def test_an_action_with_no_target_expects_the_same_of_own_and_other(name: str) -> None:
    """The cell left out (other) would expect what the one kept (own) expects."""
    for role in ROLES:
        assert allowed(name, role, Target.OWN) is allowed(name, role, Target.OTHER), (name, role)


@pytest.mark.parametrize(("name", "role", "target"), list(_cells()))
def test_action_matrix(client: Client, name: str, role: Role, target: Target) -> None:
    police, trust = f.agency("police"), f.agency("trust", "health", record_sensitivity="health")
    hub = Hub(police, trust, f.agency("csc", "social_care"), f.user(police, role))
    attempt = ATTEMPTS[name](hub, target)
    expected = allowed(name, role, target)
    if not attempt.bearer:
        sign_in(client, hub.actor)
    before = _refusals(hub.actor)

    answer = _send(client, name, attempt, attempt.url)

    where = f"{name} as {role} ({target})"
    if expected is Outcome.DONE:
        assert answer.status_code in (200, 201, 204, 302, 303), (where, answer.status_code)
        assert attempt.done(), f"{where}: answered {answer.status_code} but changed nothing"
        return
    assert not attempt.done(), f"{where}: refused ({answer.status_code}) but it changed"
    if expected is Outcome.NOT_MADE:
        assert answer.status_code != 404, (where, answer.status_code)
        return
    assert answer.status_code == 404, (where, answer.status_code)
    assert _refusals(hub.actor) > before, f"{where}: the refusal was not audited"
    if attempt.missing_url is not None:
        missing = _send(client, name, attempt, attempt.missing_url)
        assert (missing.status_code, without_csrf_token(missing.content)) == (
            404,
            without_csrf_token(answer.content),
        ), f"{where}: a missing target answers differently"
