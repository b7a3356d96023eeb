"""Who may *do* what: the one rule for actions, beside the policy's rule for facts.

`safehub.access.policy` decides who sees a fact; this module decides who may take an
action — propose an agreement, decide a pair, approve a request, open a case, disable an
account, break glass. Each action has one named rule below: the roles that may take it
and a check of the *target*, nearly always its agency (a hub manager acts for their own
agency, never for another's). Every state-changing route, API operation, service and
command asks `can()` (to offer a button) or `require()` (before it acts).

`require()` refuses with `ActionRefused`, a 404 — whether the target is missing or just
not the actor's — and audits the refusal. Call it *before* opening a transaction: a
refusal's audit row must not roll back with the change it stopped.

`actor` None is an operator at the command line (someone with the server's shell, who
could read the database anyway); only rules marked `operator` admit it.

The machinery — the actions, registering a rule, `can`, `require` — is in `rulebook.py`;
this module holds the rules and is the one to import.
"""

from __future__ import annotations

from uuid import UUID

from safehub.access.models import AccessRequest, CaseTeam
from safehub.access.policy import DATA_ROLES, Viewer, sees_identity
from safehub.access.rulebook import (
    ACCOUNT_MANAGERS,
    MANAGERS,
    REVIEWERS,
    SUPERVISORS,
    Action,
    ActionRefused,
    Rule,
    can,
    refuse_route,
    require,
    rule,
    rule_of,
)
from safehub.access.targets import (
    AccessAsk,
    AgreedAction,
    ChildTarget,
    EpisodeTarget,
    MeetingTarget,
    Owned,
    PairTarget,
    PersonTarget,
    RecordFacts,
)
from safehub.agencies.models import HUB_WIDE_ROLES, Agency, Role, SharingAgreement, User

# The targets are the rules' vocabulary: callers import them from here, beside the rules.
__all__ = [
    "ACCOUNT_MANAGERS",
    "MANAGERS",
    "REVIEWERS",
    "SUPERVISORS",
    "AccessAsk",
    "Action",
    "ActionRefused",
    "ChildTarget",
    "Owned",
    "PairTarget",
    "PersonTarget",
    "RecordFacts",
    "Rule",
    "can",
    "refuse_route",
    "require",
    "rule_of",
]


def _own(viewer: Viewer, agency_id: int | None) -> bool:
    return viewer.agency_id is not None and viewer.agency_id == agency_id


@rule(Action.AGREEMENT_PROPOSE, roles=MANAGERS)
def _agreement_propose(viewer: Viewer, provider: Agency) -> bool:
    """A hub manager proposes sharing their own agency's data, never another's."""
    return _own(viewer, provider.pk)


@rule(Action.AGREEMENT_ACCEPT, roles=MANAGERS)
def _agreement_accept(viewer: Viewer, agreement: SharingAgreement) -> bool:
    """The receiving agency's hub manager accepts a proposal made to their agency."""
    return _own(viewer, agreement.recipient_id)


@rule(Action.AGREEMENT_DECLINE, roles=MANAGERS)
def _agreement_decline(viewer: Viewer, agreement: SharingAgreement) -> bool:
    """The receiving agency's hub manager declines a proposal made to their agency."""
    return _own(viewer, agreement.recipient_id)


@rule(Action.AGREEMENT_REVOKE, roles=MANAGERS)
def _agreement_revoke(viewer: Viewer, agreement: SharingAgreement) -> bool:
    """A hub manager of either agency that signed it revokes an agreement."""
    return _own(viewer, agreement.provider_id) or _own(viewer, agreement.recipient_id)


@rule(Action.AGREEMENT_CONFIRM, roles=MANAGERS)
def _agreement_confirm(viewer: Viewer, agreement: SharingAgreement) -> bool:
    """The sharing agency's hub manager confirms an agreement recorded before agreements
    needed both agencies."""
    return _own(viewer, agreement.provider_id)


@rule(Action.CASE_OPEN, roles=frozenset({Role.SUPERVISOR, Role.HUB_MANAGER}))
def _case_open(viewer: Viewer, target: None) -> bool:
    """A supervisor or hub manager of an agency opens a case team (and is its first
    member)."""
    return viewer.agency_id is not None


def _member(viewer: Viewer, case: CaseTeam) -> bool:
    return case.closed_at is None and case.members.filter(pk=viewer.user_id).exists()


@rule(Action.CASE_EDIT, roles=frozenset({Role.SUPERVISOR, Role.HUB_MANAGER}))
def _case_edit(viewer: Viewer, case: CaseTeam) -> bool:
    """A supervisor or hub manager who is a member of the open case closes it."""
    return _member(viewer, case)


@rule(Action.CASE_ADD_PERSON, roles=frozenset({Role.SUPERVISOR, Role.HUB_MANAGER}))
def _case_add_person(viewer: Viewer, target: tuple[CaseTeam, PersonTarget]) -> bool:
    """A supervisor or hub manager who is a member of the open case adds a person their
    agency holds a record of, or whom they may open — never a stranger found by id: the
    case opens to its team what the agreements share about its people."""
    case, person = target
    return _member(viewer, case) and (viewer.agency_id in person.held_by or person.openable)


@rule(Action.CASE_NOTE_ADD, roles=DATA_ROLES)
def _case_note_add(viewer: Viewer, case: CaseTeam) -> bool:
    """A member of the open case, of any role that sees personal data, adds a note to it."""
    return _member(viewer, case)


@rule(Action.SHARING_BASIS_RECORD, roles=SUPERVISORS)
def _sharing_basis_record(viewer: Viewer, case: CaseTeam) -> bool:
    """A supervisor who is a member of the open case records consent or a safeguarding
    exception for it."""
    return _member(viewer, case)


@rule(Action.PERSON_PROTECT, roles=frozenset({Role.SUPERVISOR, Role.HUB_MANAGER}))
def _person_protect(viewer: Viewer, person: PersonTarget) -> bool:
    """A supervisor or hub manager of an agency holding a record of the person, or of a
    case team naming them, protects a survivor's details."""
    return viewer.agency_id in person.held_by or person.person_id in viewer.case_people


@rule(Action.ACCESS_REQUEST, roles=DATA_ROLES)
def _access_request(viewer: Viewer, ask: AccessAsk) -> bool:
    """Anyone who may open the person asks another agency that holds something of theirs
    for it."""
    return (
        ask.person.openable
        and ask.owner_id is not None
        and ask.owner_id != viewer.agency_id
        and ask.owner_id in ask.person.held_by
    )


@rule(Action.TRACE_REQUEST, roles=SUPERVISORS)
def _trace_request(viewer: Viewer, ask: AccessAsk) -> bool:
    """A supervisor asks the agencies holding a possible match they may not open — not
    told which — for it: tracing beyond one's agency is for supervisors."""
    return viewer.agency_id is not None and bool(ask.person.held_by - {viewer.agency_id})


@rule(Action.ACCESS_REQUEST_DECIDE, roles=SUPERVISORS)
def _access_request_decide(viewer: Viewer, request: AccessRequest) -> bool:
    """A supervisor of the agency asked decides a request for its records."""
    return _own(viewer, request.owner_id)


@rule(Action.BREAK_GLASS, roles=DATA_ROLES)
def _break_glass(viewer: Viewer, person_id: UUID) -> bool:
    """Anyone who may see personal data breaks the glass for one person, with a reason
    (audited, alerted, expiring); auditors and administrators never."""
    return viewer.agency_id is not None


def _identity(viewer: Viewer, record: RecordFacts) -> bool:
    return sees_identity(
        viewer,
        agency_id=record.agency_id,
        sensitivity=record.sensitivity,
        person_id=record.person_id,
        protected=record.protected,
    )


@rule(Action.LINK_DECIDE, roles=REVIEWERS)
def _link_decide(viewer: Viewer, pair: PairTarget) -> bool:
    """A supervisor, analyst or linkage officer who may see every compared field of both
    records decides whether they are one person."""
    return _identity(viewer, pair.left) and _identity(viewer, pair.right)


@rule(Action.LINK_CHALLENGE, roles=DATA_ROLES)
def _link_challenge(viewer: Viewer, person: PersonTarget) -> bool:
    """Anyone who may open the person challenges a join of their records: the join goes
    back to the review queue, where a reviewer who sees both records decides it."""
    return person.openable


@rule(Action.LINK_RUN_START, roles=MANAGERS)
def _link_run_start(viewer: Viewer, target: None) -> bool:
    """A hub manager asks for a link run of the hub's records (no agency's data changes
    hands: a run only regroups records into people)."""
    return viewer.agency_id is not None


@rule(Action.FLAG_DECIDE, roles=frozenset({Role.SUPERVISOR, Role.HUB_MANAGER}))
def _flag_decide(viewer: Viewer, person: PersonTarget) -> bool:
    """A supervisor or hub manager who may open the young person records the hub's
    triage outcome of their screening flag (no further action, monitor, refer, or open to
    the complex safeguarding team)."""
    return person.openable


@rule(Action.NETWORK_BUILD, roles=frozenset({Role.ANALYST, Role.HUB_MANAGER}), operator=True)
def _network_build(viewer: Viewer, target: None) -> bool:
    """An analyst or hub manager (or an operator) asks for a new build of the hub's
    network (no agency's data changes hands: a build only finds networks in the links)."""
    return viewer.agency_id is not None


@rule(
    Action.NETWORK_EXPORT,
    roles=frozenset({Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER}),
)
def _network_export(viewer: Viewer, target: None) -> bool:
    """An analyst, supervisor or hub manager exports a chart as they see it (GraphML, or
    the entity and link CSVs of i2): only what the policy shows them, never what
    break-glass opened."""
    return viewer.sees_personal_data


@rule(Action.NOMINAL_STATUS_SET, roles=DATA_ROLES)
def _nominal_status_set(viewer: Viewer, case: CaseTeam) -> bool:
    """A member of the open operation's team records a nominal's status, plan, contact."""
    return _member(viewer, case)


@rule(Action.DECISION_RECORD, roles=frozenset({Role.SUPERVISOR, Role.HUB_MANAGER}))
def _decision_record(viewer: Viewer, case: CaseTeam) -> bool:
    """A supervisor or hub manager of the open operation's team records its decisions."""
    return _member(viewer, case)


@rule(Action.MEETING_HOLD, roles=frozenset({Role.SUPERVISOR, Role.HUB_MANAGER}))
def _meeting_hold(viewer: Viewer, target: None) -> bool:
    """A supervisor or hub manager of an agency convenes a meeting (and chairs it)."""
    return viewer.agency_id is not None


@rule(Action.MEETING_RECORD, roles=DATA_ROLES)
def _meeting_record(viewer: Viewer, target: tuple[MeetingTarget, PersonTarget | None]) -> bool:
    """The chair or an attendee records what the meeting decided for a person they may
    open, and the actions it agreed."""
    meeting, person = target
    return meeting.present(viewer.user_id) and (person is None or person.openable)


@rule(Action.MEETING_ACTION_UPDATE, roles=frozenset(Role))
def _meeting_action_update(viewer: Viewer, action: AgreedAction) -> bool:
    """An action's owner, or the chair of its meeting, marks it done or cancelled."""
    return viewer.user_id in (action.owner_id, action.chair_id)


@rule(Action.CONCERN_SUBMIT, roles=DATA_ROLES | {Role.PARTNER})
def _concern_submit(viewer: Viewer, target: None) -> bool:
    """Anyone of an agency or partner organisation who works with people passes on a
    quick concern in their agency's name (auditors, administrators and linkage officers
    do not)."""
    return viewer.agency_id is not None


@rule(Action.PROFILE_EDIT, roles=frozenset({Role.PRACTITIONER, Role.SUPERVISOR}))
def _profile_edit(viewer: Viewer, child: ChildTarget) -> bool:
    """The child's social worker or their carer's agency keeps the Philomena profile: a
    practitioner or supervisor of an agency responsible for the child's care, who may
    open the child."""
    return child.person.openable and viewer.agency_id in child.carers


@rule(
    Action.EPISODE_RECORD, roles=frozenset({Role.PRACTITIONER, Role.SUPERVISOR, Role.HUB_MANAGER})
)
def _episode_record(viewer: Viewer, person: PersonTarget) -> bool:
    """A practitioner, supervisor or hub manager who may open the child reports them
    missing."""
    return person.openable


@rule(
    Action.EPISODE_RETURN, roles=frozenset({Role.PRACTITIONER, Role.SUPERVISOR, Role.HUB_MANAGER})
)
def _episode_return(viewer: Viewer, episode: EpisodeTarget) -> bool:
    """The agency that recorded the episode records the child's return (it sends its own
    record again): its practitioner, supervisor or hub manager who may open the child."""
    return episode.person.openable and _own(viewer, episode.agency_id)


@rule(Action.RHI_RECORD, roles=frozenset({Role.PRACTITIONER, Role.SUPERVISOR}))
def _rhi_record(viewer: Viewer, person: PersonTarget) -> bool:
    """A practitioner or supervisor who may open the child records their return home
    interview (held, or declined by the child)."""
    return person.openable


@rule(Action.DASHBOARD_EXPORT, roles=frozenset({Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER}))
def _dashboard_export(viewer: Viewer, target: None) -> bool:
    """An analyst, supervisor or hub manager exports the dashboard's figures as they see
    them (small numbers suppressed as on the page)."""
    return viewer.agency_id is not None


@rule(Action.EXTRACT_UPLOAD, roles=MANAGERS)
def _extract_upload(viewer: Viewer, agency: Agency) -> bool:
    """A hub manager uploads their own agency's extracts."""
    return _own(viewer, agency.pk)


@rule(Action.RECORD_SERVICE_SET, roles=MANAGERS, operator=True)
def _record_service_set(viewer: Viewer, agency: Agency) -> bool:
    """A hub manager (or an operator) sets which of their own agency's services hold
    records that are sensitive in themselves."""
    return _own(viewer, agency.pk)


@rule(Action.ACCOUNT_MANAGE, roles=ACCOUNT_MANAGERS, operator=True)
def _account_manage(viewer: Viewer, account: User) -> bool:
    """A hub manager or administrator of the account's agency (a hub-wide administrator:
    any) gives a set-up code, resets a lost phone or disables an account — never their
    own, and an account with a hub-wide role only by a hub-wide administrator."""
    if account.pk == viewer.user_id:
        return False
    if Role.HUB_ADMIN in viewer.roles:
        return True
    if account.roles.filter(role__in=sorted(HUB_WIDE_ROLES)).exists():
        return False
    return bool(viewer.roles & (ACCOUNT_MANAGERS - {Role.HUB_ADMIN})) and _own(
        viewer, account.agency_id
    )


@rule(Action.AGENCY_REGISTER, roles=frozenset(), operator=True)
def _agency_register(viewer: Viewer, target: None) -> bool:
    """Agencies are registered by an operator at the command line (audited)."""
    return False


@rule(Action.USER_REGISTER, roles=frozenset(), operator=True)
def _user_register(viewer: Viewer, target: None) -> bool:
    """Users are registered by an operator at the command line (audited)."""
    return False


@rule(Action.ROLE_GRANT, roles=frozenset(), operator=True)
def _role_grant(viewer: Viewer, account: User) -> bool:
    """Hub-wide roles are granted (and taken back) by an operator at the command line,
    explicitly and audited; no one grants them in the web."""
    return False


@rule(Action.TOKEN_REVOKE, roles=frozenset(Role), operator=False)
def _token_revoke(viewer: Viewer, token: Owned) -> bool:
    """A user revokes their own API tokens."""
    return token.user_id == viewer.user_id
