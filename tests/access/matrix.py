"""Tables of the route-by-role-by-agency-by-case matrix (tests/access/test_route_matrix.py).

Every URL pattern of the site is classified here. The expected outcome of each cell is
written from the words of the access policy (safehub/access/policy.py's docstring,
docs/architecture.md "Access", docs/security.md 1, 9, 13, 15) — never by calling the policy's code:

- a viewer sees a fact when it is their own agency's, or a live agreement from the owner
  covers its sensitivity and its condition holds (here: `case` — the person is in one of
  the viewer's *open* case teams);
- only the data roles (practitioner, analyst, supervisor, hub manager) see personal data
  at all; auditors and administrators see none;
- a refusal of a personal or agency-owned thing is a 404, the same as for a missing one;
  lists simply omit what the detail would refuse;
- every view and search of personal data writes an audit row, and so do refusals;
- reading the audit log needs an auditor role and is itself audited; an agency's auditor
  reads what their own agency's users did (another agency's user is refused like one who
  does not exist), a hub-wide auditor what everyone did;
- the hub-wide roles (auditor, administrator) are granted explicitly and see no personal
  data; the hub-wide administrator manages every agency's accounts, and signs no
  agreement;
- extracts and import jobs belong to the agency that sent them: only its users (any
  role) see them;
- a case team's page (its people, team, consents and notes) is for its members who may
  see personal data, whatever their agency; anyone else is refused as for a missing
  case. The list of one's cases is for the data roles, and shows only one's own.
- an operation is a case team: its pages and their API (the operation, its decision log,
  a survivor's engagement, its return and the return's file) are for its members who may
  see personal data; the list of one's operations is for the data roles, and shows only
  one's own. Naming a person found elsewhere in an operation is for whoever may open them.
- a quick concern is passed on by the data roles and partners' limited accounts, and
  read back only by its author; a partner sees nothing else the hub holds.
- a meeting's pages and their API (the meeting, its minutes) are for its chair and
  attendees who may see personal data; anyone else is refused as for a missing meeting.
  The list of one's meetings is for the data roles, and shows only those one chaired or
  attended.
- a child's missing page and its API (profile, episodes, interviews) are for whoever may
  open the child; the hub's missing page lists only the children one may open, for the
  data roles.
- the partnership dashboard (its figures, the list behind each, and its API) is for every
  user of an agency, whatever their role — figures with people the viewer may not see
  have their small numbers suppressed, and a list names only whom the viewer may see —
  audited as a view; its CSV export is an analyst's, supervisor's or hub manager's,
  audited as an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from safehub.agencies.models import Role
from safehub.audit.models import Verb


class Kind(StrEnum):
    PERSONAL = "personal data"
    AGENCY = "agency-owned"
    SUPERVISOR = "supervisor"
    HUB_MANAGER = "hub manager"
    LINK_REVIEW = "link review"  # supervisors and analysts review pairs of records
    LINKING = "linking"  # the model and the runs: hub managers, supervisors, analysts
    AUDITOR = "auditor"
    ACCOUNTS = "accounts"  # hub managers, administrators (their agency's), hub admins (all)
    CASE = "case team"  # its members who may see personal data
    CONCERNS = "quick concerns"  # anyone of an agency who works with people, partners too
    OPEN = "open"
    DASHBOARD = "dashboard"  # every user of an agency: figures, small numbers suppressed
    NO_GET = "no GET page"  # POST/DELETE only, or a sign-in step: outside the matrix


class Agency(StrEnum):
    OWN = "own"  # the viewer's agency owns the person's record, the extract, the job
    OTHER = "other"  # another agency does


class Case(StrEnum):
    INSIDE = "inside"  # the viewer is a member of an open case team naming the person
    OUTSIDE = "outside"  # not (though a closed case of theirs and others' open case do)


@dataclass(frozen=True)
class Route:
    kind: Kind
    # The URL kwarg naming the thing asked for: replaced by a missing one to check that
    # missing and forbidden look alike.
    subject: str | None = None
    # For NO_GET routes: what a signed-in, second-factor-verified GET answers.
    get_status: tuple[int, ...] = ()


ROUTES: dict[str, Route] = {
    # open
    "home": Route(Kind.OPEN),
    "api_schema": Route(Kind.OPEN),
    # personal data
    "person_list": Route(Kind.PERSONAL),
    "person_profile": Route(Kind.PERSONAL, "person_id"),
    "access_request_new": Route(Kind.PERSONAL, "person_id"),
    "break_glass_new": Route(Kind.PERSONAL, "person_id"),
    "api_person_list": Route(Kind.PERSONAL),
    "api_person_detail": Route(Kind.PERSONAL, "person_id"),
    "link_trace": Route(Kind.PERSONAL),
    "link_trace_request": Route(Kind.PERSONAL, "token"),
    "link_person_joins": Route(Kind.PERSONAL, "person_id"),
    "person_chronology": Route(Kind.PERSONAL, "person_id"),
    "person_chronology_csv": Route(Kind.PERSONAL, "person_id"),
    "link_join_challenge": Route(Kind.NO_GET, get_status=(405,)),
    # screening: the triage queue and a young person's screening (the person is flagged)
    "triage_queue": Route(Kind.PERSONAL),
    "api_flag_list": Route(Kind.PERSONAL),
    "person_screening": Route(Kind.PERSONAL, "person_id"),
    "api_flag_detail": Route(Kind.PERSONAL, "person_id"),
    "flag_decide": Route(Kind.NO_GET, get_status=(405,)),
    # the network: its overview, the chart opened from the person, and from any node (the
    # generic chart asked nothing: its form's error)
    "network_overview": Route(Kind.PERSONAL),
    "network_person_chart": Route(Kind.PERSONAL, "person_id"),
    # naming a person found elsewhere in one of the viewer's operations: who may open them
    "name_in_operation": Route(Kind.PERSONAL, "person_id"),
    "api_person_network": Route(Kind.PERSONAL, "person_id"),
    "network_chart": Route(Kind.PERSONAL),
    "network_path": Route(Kind.PERSONAL),
    "api_network_chart": Route(Kind.PERSONAL),
    "network_build_start": Route(Kind.NO_GET, get_status=(405,)),
    "network_chart_export": Route(Kind.NO_GET, get_status=(405,)),
    "api_flag_decide": Route(Kind.NO_GET, get_status=(405,)),
    # link review: a pair of records, each shown as the policy allows
    "link_review_queue": Route(Kind.LINK_REVIEW),
    "link_review_pair": Route(Kind.LINK_REVIEW, "pair_id"),
    "api_link_review_list": Route(Kind.LINK_REVIEW),
    "api_link_review_detail": Route(Kind.LINK_REVIEW, "pair_id"),
    "link_possible_duplicates": Route(Kind.LINK_REVIEW),
    "link_possible_duplicates_csv": Route(Kind.LINK_REVIEW),
    # linking: the model and the runs (no personal data)
    "link_overview": Route(Kind.LINKING),
    "link_overview_status": Route(Kind.LINKING),
    # agency-owned
    "agency_extracts": Route(Kind.AGENCY, "code"),
    "import_job": Route(Kind.AGENCY, "job_id"),
    "import_job_status": Route(Kind.AGENCY, "job_id"),
    # supervisor
    "access_request_queue": Route(Kind.SUPERVISOR),
    # case teams: the viewer's open case naming the person (inside), or someone else's
    "case_list": Route(Kind.CASE),
    "case_detail": Route(Kind.CASE, "case_id"),
    # operations: an operation's pages are its case team's (the viewer's open operation
    # naming the person as a survivor, inside; someone else's, outside)
    "operation_list": Route(Kind.CASE),
    "operation_detail": Route(Kind.CASE, "operation_id"),
    "survivor_engagement": Route(Kind.CASE, "operation_id"),
    "operation_return": Route(Kind.CASE, "operation_id"),
    "operation_return_csv": Route(Kind.CASE, "operation_id"),
    # and by the API: the same reads, as JSON
    "api_operation_list": Route(Kind.CASE),
    "api_operation_detail": Route(Kind.CASE, "operation_id"),
    "api_operation_decisions": Route(Kind.CASE, "operation_id"),
    "api_survivor_engagement": Route(Kind.CASE, "operation_id"),
    "api_operation_return": Route(Kind.CASE, "operation_id"),
    # meetings: a meeting's pages are its chair's and attendees' (the viewer attended the
    # meeting that discussed the person, inside; someone else's meeting, outside)
    "meeting_list": Route(Kind.CASE),
    "meeting_detail": Route(Kind.CASE, "meeting_id"),
    "meeting_minutes": Route(Kind.CASE, "meeting_id"),
    "api_meeting_list": Route(Kind.CASE),
    "api_meeting_detail": Route(Kind.CASE, "meeting_id"),
    # missing children: the person's page (an episode the trust recorded), the hub's page
    "person_missing": Route(Kind.PERSONAL, "person_id"),
    "api_missing_profile": Route(Kind.PERSONAL, "person_id"),
    "api_missing_episodes": Route(Kind.PERSONAL, "person_id"),
    "missing_overview": Route(Kind.PERSONAL),
    "api_missing_overview": Route(Kind.PERSONAL),
    # quick concerns: the form, the author's own, the form's suggestions; a reference
    # not the viewer's own is refused as a missing one
    "concern_new": Route(Kind.CONCERNS),
    "concern_list": Route(Kind.CONCERNS),
    "concern_vehicle_suggestions": Route(Kind.CONCERNS),
    "concern_detail": Route(Kind.CONCERNS, "reference"),
    "api_concern_list": Route(Kind.CONCERNS),
    "api_concern_detail": Route(Kind.CONCERNS, "reference"),
    # the partnership dashboard: its page, the list behind a figure, its API and export
    "dashboard": Route(Kind.DASHBOARD),
    "dashboard_figure": Route(Kind.DASHBOARD),
    "api_dashboard": Route(Kind.DASHBOARD),
    "dashboard_export": Route(Kind.DASHBOARD),
    # hub manager
    "sharing_agreements": Route(Kind.HUB_MANAGER),
    # accounts
    "accounts": Route(Kind.ACCOUNTS),
    # auditor
    "audit_home": Route(Kind.AUDITOR),
    "audit_person": Route(Kind.AUDITOR, "person_id"),
    "audit_user": Route(Kind.AUDITOR, "username"),
    # no GET page for a signed-in user: sign-in steps send them on, the rest refuse GET
    "login": Route(Kind.NO_GET, get_status=(302,)),
    "sign_in_code": Route(Kind.NO_GET, get_status=(302,)),
    "sign_in_set_up": Route(Kind.NO_GET, get_status=(302,)),
    "logout": Route(Kind.NO_GET, get_status=(405,)),
    "access_request_decide": Route(Kind.NO_GET, get_status=(405,)),
    "api_token_issue": Route(Kind.NO_GET, get_status=(405,)),
    "sharing_agreement_accept": Route(Kind.NO_GET, get_status=(405,)),
    "sharing_agreement_decline": Route(Kind.NO_GET, get_status=(405,)),
    "sharing_agreement_revoke": Route(Kind.NO_GET, get_status=(405,)),
    "sharing_agreement_confirm": Route(Kind.NO_GET, get_status=(405,)),
    "link_review_decide": Route(Kind.NO_GET, get_status=(405,)),
    "api_link_review_decide": Route(Kind.NO_GET, get_status=(405,)),
    "link_run_start": Route(Kind.NO_GET, get_status=(405,)),
    "account_set_up_code": Route(Kind.NO_GET, get_status=(405,)),
    "account_second_factor_reset": Route(Kind.NO_GET, get_status=(405,)),
    "account_disable": Route(Kind.NO_GET, get_status=(405,)),
    "case_note_add": Route(Kind.NO_GET, get_status=(405,)),
    "operation_open": Route(Kind.NO_GET, get_status=(405,)),
    "operation_nominal_add": Route(Kind.NO_GET, get_status=(405,)),
    "nominal_status_set": Route(Kind.NO_GET, get_status=(405,)),
    "decision_record": Route(Kind.NO_GET, get_status=(405,)),
    "operation_close": Route(Kind.NO_GET, get_status=(405,)),
    "plan_write": Route(Kind.NO_GET, get_status=(405,)),
    "agency_check_record": Route(Kind.NO_GET, get_status=(405,)),
    "plan_approve": Route(Kind.NO_GET, get_status=(405,)),
    "contact_record": Route(Kind.NO_GET, get_status=(405,)),
    "meeting_hold": Route(Kind.NO_GET, get_status=(405,)),
    "discussed_record": Route(Kind.NO_GET, get_status=(405,)),
    "action_agree": Route(Kind.NO_GET, get_status=(405,)),
    "action_status_set": Route(Kind.NO_GET, get_status=(405,)),
    "operation_member_add": Route(Kind.NO_GET, get_status=(405,)),
    "disruption_record": Route(Kind.NO_GET, get_status=(405,)),
    "suspect_facts_set": Route(Kind.NO_GET, get_status=(405,)),
    "sharing_record": Route(Kind.NO_GET, get_status=(405,)),
    "api_nominal_add": Route(Kind.NO_GET, get_status=(405,)),
    "api_nominal_status_set": Route(Kind.NO_GET, get_status=(405,)),
    "api_plan_write": Route(Kind.NO_GET, get_status=(405,)),
    "api_agency_check_record": Route(Kind.NO_GET, get_status=(405,)),
    "api_plan_approve": Route(Kind.NO_GET, get_status=(405,)),
    "api_contact_record": Route(Kind.NO_GET, get_status=(405,)),
    "api_operation_member_add": Route(Kind.NO_GET, get_status=(405,)),
    "api_disruption_record": Route(Kind.NO_GET, get_status=(405,)),
    "api_suspect_facts_set": Route(Kind.NO_GET, get_status=(405,)),
    "api_sharing_record": Route(Kind.NO_GET, get_status=(405,)),
    "api_discussed_record": Route(Kind.NO_GET, get_status=(405,)),
    "api_action_agree": Route(Kind.NO_GET, get_status=(405,)),
    "api_action_status_set": Route(Kind.NO_GET, get_status=(405,)),
    "profile_write": Route(Kind.NO_GET, get_status=(405,)),
    "episode_report": Route(Kind.NO_GET, get_status=(405,)),
    "episode_return": Route(Kind.NO_GET, get_status=(405,)),
    "rhi_record": Route(Kind.NO_GET, get_status=(405,)),
    "api_episode_return": Route(Kind.NO_GET, get_status=(405,)),
    "api_rhi_record": Route(Kind.NO_GET, get_status=(405,)),
    # Bearer-token only: a session is not authenticated there at all.
    "api_token_current": Route(Kind.NO_GET, get_status=(401, 403)),
}

ROLES: tuple[Role, ...] = (
    Role.PRACTITIONER,
    Role.ANALYST,
    Role.SUPERVISOR,
    Role.HUB_MANAGER,
    Role.AUDITOR,
    Role.ADMIN,
    Role.HUB_AUDITOR,
    Role.HUB_ADMIN,
    Role.PARTNER,
)
DATA_ROLES = frozenset({Role.PRACTITIONER, Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER})
REVIEWER_ROLES = frozenset({Role.SUPERVISOR, Role.ANALYST, Role.LINKAGE})
LINKING_ROLES = REVIEWER_ROLES | {Role.HUB_MANAGER}


@dataclass(frozen=True)
class Expect:
    status: int
    # The scenario's thing is in the answer: the owner's record id (profile), the person
    # (lists), the holding agency (request form), the extract or job, the pending
    # request, the audited subject. None: nothing to look for (the page has no subject).
    shows: bool | None = None
    # At least one new audit row of this verb by the acting user; None: none required.
    audit: Verb | None = None
    # Refused: a missing subject must get the identical status.
    refused: bool = False


def sees_person(role: Role, agency: Agency, case: Case) -> bool:
    """The policy's words for the scenario's person (owner's record: health sensitivity,
    shared with the other agency as `general` + `health` on condition `case`)."""
    return role in DATA_ROLES and (agency is Agency.OWN or case is Case.INSIDE)


def _refused(verb: Verb | None = Verb.REFUSED) -> Expect:
    return Expect(404, shows=False, audit=verb, refused=True)


def expect(name: str, role: Role, agency: Agency, case: Case) -> Expect:  # noqa: C901 - one branch per kind of route
    kind = ROUTES[name].kind
    sees = sees_person(role, agency, case)
    if kind is Kind.OPEN:
        return Expect(200)
    if kind is Kind.DASHBOARD:
        return _dashboard(name, role)
    if name in ("person_list", "api_person_list"):
        # The list opens for everyone and omits what the profile would refuse. Non-data
        # roles see an empty list: nothing shown, so nothing to audit.
        return Expect(200, shows=sees, audit=Verb.VIEW if role in DATA_ROLES else None)
    if name in (
        "person_profile",
        "api_person_detail",
        "person_screening",
        "api_flag_detail",
        "network_person_chart",
        "api_person_network",
        "name_in_operation",
        "person_missing",
        "api_missing_profile",
        "api_missing_episodes",
    ):
        return Expect(200, shows=True, audit=Verb.VIEW) if sees else _refused()
    if name in ("missing_overview", "api_missing_overview"):
        # The hub's missing children: the person's overdue interview is listed only to
        # whoever may open them; the page is for the data roles.
        if role not in DATA_ROLES:
            return _refused()
        return Expect(200, shows=sees, audit=Verb.VIEW)
    if name in ("network_chart", "api_network_chart", "network_path"):
        # Asked about no node: the data roles get the form's error, the rest the refusal.
        if role not in DATA_ROLES:
            return _refused()
        return Expect(400 if name == "api_network_chart" else 422)
    if name == "network_overview":
        if role not in DATA_ROLES:
            return _refused()
        return Expect(200, audit=Verb.VIEW)
    if name in ("triage_queue", "api_flag_list"):
        # The flags of the people the viewer may open, for the data roles; the rest are
        # refused the page (it exists only to show people).
        if role not in DATA_ROLES:
            return _refused()
        return Expect(200, shows=sees, audit=Verb.VIEW if sees else None)
    if name == "access_request_new":
        # Asking the holding agency for what it withholds: for anyone who may open the
        # person. The form itself shows no personal data (no row required).
        return Expect(200, shows=True) if sees else _refused()
    if name == "person_chronology":
        return Expect(200, shows=True, audit=Verb.CHRONOLOGY_VIEWED) if sees else _refused()
    if name == "person_chronology_csv":
        # The chronology's rows as CSV (none in the scenario): audited as an export.
        return Expect(200, audit=Verb.EXPORT) if sees else _refused()
    if name == "link_person_joins":
        # Why the person's records are one person: for anyone who may open them.
        return Expect(200, shows=True, audit=Verb.LINK_JOINS_VIEWED) if sees else _refused()
    if name == "break_glass_new":
        # Break-glass is access *beyond* agreements and cases: offered to every data role
        # for any person (missing or not: the same form, so no existence oracle), and to
        # no one who may never see personal data.
        return Expect(200) if role in DATA_ROLES else _refused()
    if kind in (Kind.LINK_REVIEW, Kind.LINKING) or name in ("link_trace", "link_trace_request"):
        return _linking(name, role, agency, sees)
    if kind is Kind.AGENCY:
        # Any role of the owning agency but a partner's limited account (it sees only the
        # concerns it sent); no personal data, so views are not audited, but refusals are.
        mine = agency is Agency.OWN and role is not Role.PARTNER
        return Expect(200, shows=True) if mine else _refused()
    if kind is Kind.SUPERVISOR:
        # Pending requests to the viewer's own agency, for its supervisors; anyone else
        # is refused (issue 8: a practitioner's empty queue was still a page).
        if role is not Role.SUPERVISOR:
            return _refused()
        mine = agency is Agency.OWN
        return Expect(200, shows=mine, audit=Verb.VIEW if mine else None)
    if kind is Kind.HUB_MANAGER:
        # The partnership's agreements: any hub manager edits them; others are refused.
        return Expect(200) if role is Role.HUB_MANAGER else _refused()
    if kind is Kind.ACCOUNTS:
        # Staff accounts, not personal data of the people the hub protects: the page is
        # for hub managers and administrators; its views are audited all the same.
        if role in (Role.HUB_MANAGER, Role.ADMIN, Role.HUB_ADMIN):
            return Expect(200, audit=Verb.VIEW)
        return _refused()
    if kind is Kind.AUDITOR:
        return _auditing(name, role, agency)
    if kind is Kind.CASE:
        return _case_team(name, role, case)
    if kind is Kind.CONCERNS:
        return _concerns(name, role)
    raise AssertionError(f"no expectation written for route {name} ({kind})")


def _dashboard(name: str, role: Role) -> Expect:
    """Every role of an agency sees the figures (the scenario's viewers always have one);
    the export is for analysts, supervisors and hub managers."""
    if name == "dashboard_export":
        if role not in (Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER):
            return _refused()
        return Expect(200, audit=Verb.EXPORT)
    return Expect(200, audit=Verb.VIEW)


def _case_team(name: str, role: Role, case: Case) -> Expect:
    """The scenario's case is the viewer's open case naming the person (inside), or the
    requester's (outside: the viewer is not a member). Membership, not agency, decides."""
    if role not in DATA_ROLES:
        return _refused()
    # The API's answers are the pages' reads as JSON (what they hold is checked by
    # tests/api/test_operations_api.py and test_meetings_api.py, not by SHOWS).
    api = name.startswith("api_")
    lists = (
        "case_list",
        "operation_list",
        "meeting_list",
        "api_operation_list",
        "api_meeting_list",
    )
    if name in lists:
        # One's own cases (operations, meetings) only: no one named, so nothing to audit.
        return Expect(200, shows=None if api else case is Case.INSIDE)
    # The page names the case's people: audited as a view; a non-member's refusal too.
    if case is not Case.INSIDE:
        return _refused()
    if name == "operation_return_csv":
        # The return as a file: its suspects by number (none here), audited as an export.
        return Expect(200, shows=True, audit=Verb.EXPORT)
    return Expect(200, shows=None if api else True, audit=Verb.VIEW)


def _concerns(name: str, role: Role) -> Expect:
    """A quick concern is passed on by anyone of an agency who works with people — the
    data roles and partners' limited accounts — and read back only by its author: the
    scenario's viewers sent none, so a reference is refused for everyone. Nothing the hub
    holds is shown, so nothing is audited but refusals."""
    if name in ("concern_detail", "api_concern_detail"):
        return _refused()
    if role not in DATA_ROLES | {Role.PARTNER}:
        return _refused()
    return Expect(200, shows=None)


def _auditing(name: str, role: Role, agency: Agency) -> Expect:
    """The audit pages: the subject user is the requester, a police practitioner, who
    looked at the scenario's person. The views turn the queries' PermissionDenied into
    404 (not 403)."""
    if role not in (Role.AUDITOR, Role.HUB_AUDITOR):
        return _refused()
    # An agency's auditor reads their own agency's users (here: is the viewer police?).
    reads_police = role is Role.HUB_AUDITOR or agency is Agency.OTHER
    if name == "audit_home":
        return Expect(200, audit=Verb.AUDIT_READ)
    if name == "audit_user" and not reads_police:
        return _refused()
    # The person's page opens for any auditor and lists only their scope's events.
    return Expect(200, shows=reads_police, audit=Verb.AUDIT_READ)


def _linking(name: str, role: Role, agency: Agency, sees: bool) -> Expect:
    kind = ROUTES[name].kind
    if name == "link_trace":
        # The search form, for every data role (no subject: searching is another test).
        return Expect(200) if role in DATA_ROLES else _refused()
    if name == "link_trace_request":
        # Asking the agencies that hold a possible match from a trace (the scenario's
        # person, by a token made for the viewer): tracing beyond one's agency is for
        # supervisors. The form names neither the person nor who holds them.
        return Expect(200, shows=False) if role is Role.SUPERVISOR else _refused()
    if kind is Kind.LINKING:
        return Expect(200) if role in LINKING_ROLES else _refused()
    if role not in REVIEWER_ROLES:
        return _refused()
    if name == "link_possible_duplicates":
        # The reviewer's own agency's pairs decided "the same person" (the scenario has
        # none: tests/linking/test_possible_duplicates.py holds them); nothing shown.
        return Expect(200, shows=None)
    if name == "link_possible_duplicates_csv":
        return Expect(200, audit=Verb.EXPORT)  # an export is audited, empty or not
    if role is Role.LINKAGE:
        # A linkage officer sees identity only: their own agency's records and what a
        # linkage clause opens — the trust's own record and csc's, never the trust's
        # record from the police side, case or not.
        sees = agency is Agency.OWN
    if name in ("link_review_queue", "api_link_review_list"):
        # The scenario's pair (the owner's record and csc's, whose identity csc shares
        # for link review) is listed only when the reviewer may see every compared field
        # of both: csc's as the policy (or, for a linkage officer, its linkage clause)
        # says, the owner's likewise.
        return Expect(200, shows=sees, audit=Verb.VIEW if sees else None)
    # The pair itself, both records in full; or, if either is not the reviewer's to
    # see, a 404 (a comparison level would say something of the hidden one).
    return Expect(200, shows=True, audit=Verb.VIEW) if sees else _refused()


# Cells where the application is known to differ from the expectation: (route, roles)
# → (the assertion the cell fails with, why). Such a cell is expected to fail; fixing
# the application makes it pass, and the matrix fail until the entry is removed.
KNOWN_BUGS: dict[tuple[str, frozenset[Role]], tuple[type[AssertionError], str]] = {}


def known_bug(name: str, role: Role) -> tuple[type[AssertionError], str] | None:
    for (route, roles), bug in KNOWN_BUGS.items():
        if route == name and role in roles:
            return bug
    return None
