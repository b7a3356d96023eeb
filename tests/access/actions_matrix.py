"""Tables of the action x role x agency matrix (tests/access/test_action_matrix.py).

Every state-changing route and API operation is classified here, beside the read matrix
(tests/access/matrix.py). The expected outcome of each cell is written from the words of
the rule for actions (docs/architecture.md "Access": who may *do* what; issue 8) — never by calling
safehub.access.actions:

- a sharing agreement is proposed by a hub manager of the agency whose data it shares,
  accepted or declined by a hub manager of the agency that receives it, revoked by a hub
  manager of either, and (an agreement recorded before both signed) confirmed by a hub
  manager of the provider; nobody else, administrators included, acts in an agency's name;
- an access request is made by anyone who may see personal data and may open the person,
  to an agency that holds something of theirs; it is decided by a supervisor of the agency
  asked;
- break-glass is for anyone who may see personal data (auditors and administrators never);
- a pair of records is decided by a supervisor or analyst who may see every compared field
  of both;
- a link run is asked for by a hub manager;
- an extract is uploaded by a hub manager of the agency it belongs to;
- an account is managed by a hub manager or administrator of its agency, or a hub-wide
  administrator — never by its own holder;
- a user issues and revokes their own API tokens;
- a note is added to an open case by a member of it who may see personal data;
- a screening flag's triage outcome is recorded by a supervisor or hub manager who may
  open the young person;
- a network build is asked for by an analyst or hub manager;
- a network chart is exported by an analyst, supervisor or hub manager, of a person they
  may open;
- an operation is opened by a supervisor or hub manager; its team's members who see
  personal data record where a nominal is now, write a survivor's contact plan, record
  their agency's check of it and the contacts with her; its supervisors and hub managers
  name its nominals (people their agency holds or they may open — from the operation's
  page or the person's), add colleagues of the hub to its team, record its decisions,
  approve a plan they did not write, and close it; its members who see personal data
  record orders and notices against its suspects and the facts of the return; its
  supervisors record a survivor's consent to share, its refusal, or the lawful basis;
- a meeting is convened by a supervisor or hub manager; its chair and attendees who may
  see personal data record what it decided for a person they may open and the actions it
  agreed; an action is marked done or cancelled by its owner or the meeting's chair,
  whatever their role;
- the partnership dashboard's figures are exported (CSV) by an analyst, supervisor or hub
  manager, as they see them;
- a quick concern is passed on by anyone who may see personal data or holds a partner's
  limited account, in their own agency's name.
- a child's Philomena profile is kept by a practitioner or supervisor of an agency that
  cares for them (children's social care holding them, the carer's agency) who may open
  them; a child is reported missing, and their return recorded, by a practitioner,
  supervisor or hub manager who may open them (the return only by the agency that
  reported it, whoever else sees the episode); their return home interview by a
  practitioner or supervisor who may open them.

A refused action answers 404 (as a missing target would), changes nothing and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from safehub.agencies.models import Role

ROLES: tuple[Role, ...] = tuple(Role)
DATA_ROLES = frozenset({Role.PRACTITIONER, Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER})


class Target(StrEnum):
    OWN = "own"  # the target belongs to the actor's agency (its data, its account, …)
    OTHER = "other"  # it belongs to another agency


class Outcome(StrEnum):
    DONE = "done"  # 2xx/3xx, and the change is made
    REFUSED = "refused"  # 404, nothing changed, a `refused` audit row
    # Answered (the actor may take the action on what is theirs), but what was asked of
    # another agency's was not made: a posted `provider` is ignored.
    NOT_MADE = "not made"


@dataclass(frozen=True)
class ActionRoute:
    # The rule's words, shortened: who may, and what "own" means for this route.
    words: str
    method: str = "post"
    api: bool = False
    # The action is taken on nothing of an agency's (a new operation, meeting or concern,
    # a run asked for, one's own token): own and other would be the same cell, so the
    # matrix makes one.
    targetless: bool = False


ACTION_ROUTES: dict[str, ActionRoute] = {
    "sharing_agreements": ActionRoute(
        "propose sharing: a hub manager, only their own agency's data (own: the form as "
        "sent; other: the form naming another agency as the provider)"
    ),
    "sharing_agreement_accept": ActionRoute(
        "accept: a hub manager of the receiving agency (other: a proposal between two "
        "other agencies)"
    ),
    "sharing_agreement_decline": ActionRoute("decline: as accept"),
    "sharing_agreement_revoke": ActionRoute(
        "revoke: a hub manager of either party (other: between two other agencies)"
    ),
    "sharing_agreement_confirm": ActionRoute(
        "confirm an unconfirmed agreement: a hub manager of the provider (other: the "
        "recipient's hub manager)"
    ),
    "access_request_new": ActionRoute(
        "ask for access: a data role who may open the person (own: a person the actor's "
        "agency holds; other: one only other agencies hold)"
    ),
    "break_glass_new": ActionRoute("break glass: every data role, for any person"),
    "link_join_challenge": ActionRoute(
        "challenge a join of a person's records: a data role who may open the person (own: "
        "two of the actor's agency's records of one person; other: two of an agency's that "
        "shares nothing)"
    ),
    "link_trace_request": ActionRoute(
        "ask the agencies holding a possible match from a trace, not told which: a "
        "supervisor (own: a person only the actor's agency holds; other: one only other "
        "agencies hold)"
    ),
    "access_request_decide": ActionRoute(
        "decide a request: a supervisor of the agency asked (own: asked of the actor's agency)"
    ),
    "agency_extracts": ActionRoute(
        "upload an extract: a hub manager of that agency (own: the actor's agency page)"
    ),
    "link_review_decide": ActionRoute(
        "decide a pair: a supervisor, analyst or linkage officer who may see both records "
        "in full (own: the actor's agency's record and one csc shares always, with a "
        "linkage clause; other: one record another agency does not share)"
    ),
    "api_link_review_decide": ActionRoute("decide a pair, by the API: as above", api=True),
    "link_run_start": ActionRoute("ask for a link run: a hub manager", targetless=True),
    "network_build_start": ActionRoute(
        "ask for a network build: an analyst or hub manager", targetless=True
    ),
    "network_chart_export": ActionRoute(
        "export a network chart: an analyst, supervisor or hub manager who may open the person "
        "it is opened from (own: a person the actor's agency holds; other: one only an agency "
        "that shares nothing holds)"
    ),
    "account_set_up_code": ActionRoute(
        "give a set-up code: a hub manager or administrator of the account's agency, or a "
        "hub-wide administrator (own: an account of the actor's agency)"
    ),
    "account_second_factor_reset": ActionRoute("reset a lost phone: as above"),
    "account_disable": ActionRoute("disable an account: as above"),
    "case_note_add": ActionRoute(
        "add a note to a case: a member of the open case with a data role (own: a case the "
        "actor is a member of; other: another agency's case, of which they are not)"
    ),
    "flag_decide": ActionRoute(
        "record a flag's triage outcome: a supervisor or hub manager who may open the young "
        "person (own: a person the actor's agency holds; other: one only an agency that "
        "shares nothing holds)"
    ),
    "api_flag_decide": ActionRoute("record a flag's outcome, by the API: as above", api=True),
    "operation_open": ActionRoute(
        "open an operation: a supervisor or hub manager", targetless=True
    ),
    "operation_nominal_add": ActionRoute(
        "name a nominal: a supervisor or hub manager of the open operation's team, a person "
        "their agency holds (own: the actor's operation and a person the police hold; other: "
        "the trust's operation, of which they are not a member)"
    ),
    "nominal_status_set": ActionRoute(
        "record where a nominal is now: a member of the open operation's team with a data "
        "role (own: the actor's operation; other: the trust's)"
    ),
    "decision_record": ActionRoute(
        "record an operation's decision: a supervisor or hub manager of its team (as above)"
    ),
    "operation_close": ActionRoute("close an operation: as a decision"),
    "plan_write": ActionRoute(
        "write a survivor's contact plan: a member of the team with a data role (as above)"
    ),
    "agency_check_record": ActionRoute("record one's agency's check of a plan: as a plan"),
    "plan_approve": ActionRoute(
        "approve a survivor's contact plan: a supervisor or hub manager of the team who did "
        "not write it (as above)"
    ),
    "contact_record": ActionRoute(
        "record a contact and the survivor's decision, after the plan's approval: a member of "
        "the team with a data role (as above)"
    ),
    "operation_member_add": ActionRoute(
        "add a colleague to an operation's team: a supervisor or hub manager of the open "
        "operation's team (own: the actor's operation; other: the trust's)"
    ),
    "name_in_operation": ActionRoute(
        "name a person found elsewhere in an operation: as naming a nominal (own: the "
        "actor's operation; other: the trust's, which the form does not offer)"
    ),
    "disruption_record": ActionRoute(
        "record an order or notice against a suspect: a member of the team with a data role "
        "(as above)"
    ),
    "suspect_facts_set": ActionRoute(
        "record whether a suspect has died or is prominent, for the return: as an order"
    ),
    "sharing_record": ActionRoute(
        "record a survivor's consent to share, its refusal, or the lawful basis without it: "
        "a supervisor of the team (as above)"
    ),
    "meeting_hold": ActionRoute("convene a meeting: a supervisor or hub manager", targetless=True),
    "concern_new": ActionRoute(
        "pass on a quick concern: a data role or a partner's limited account, in their "
        "agency's name (no target)",
        targetless=True,
    ),
    "api_concern_list": ActionRoute(
        "pass on a quick concern, by the API: as above", api=True, targetless=True
    ),
    "discussed_record": ActionRoute(
        "record a meeting's decision for a person: its chair or an attendee with a data role, "
        "for a person they may open (own: a meeting of the police the actor attended and a "
        "person the police hold; other: the trust's meeting, which they did not attend)"
    ),
    "action_agree": ActionRoute("agree a meeting's action: as a decision for a person"),
    "action_status_set": ActionRoute(
        "mark a meeting's action done: its owner or the meeting's chair, any role (own: an "
        "action the actor owns; other: one the trust's meeting gave a user of the trust)"
    ),
    "api_operation_list": ActionRoute(
        "open an operation, by the API: as above", api=True, targetless=True
    ),
    "api_nominal_add": ActionRoute("name a nominal, by the API: as above", api=True),
    "api_nominal_status_set": ActionRoute(
        "record where a nominal is now, by the API: as above", api=True
    ),
    "api_operation_decisions": ActionRoute(
        "record an operation's decision, by the API: as above", api=True
    ),
    "api_plan_write": ActionRoute("write a contact plan, by the API: as above", api=True),
    "api_agency_check_record": ActionRoute(
        "record one's agency's check, by the API: as above", api=True
    ),
    "api_plan_approve": ActionRoute("approve a contact plan, by the API: as above", api=True),
    "api_contact_record": ActionRoute("record a contact, by the API: as above", api=True),
    "api_operation_member_add": ActionRoute(
        "add a colleague to an operation's team, by the API: as above", api=True
    ),
    "api_disruption_record": ActionRoute(
        "record an order or notice against a suspect, by the API: as above", api=True
    ),
    "api_suspect_facts_set": ActionRoute(
        "record a suspect's facts for the return, by the API: as above", api=True
    ),
    "api_sharing_record": ActionRoute(
        "record a survivor's consent to share, by the API: as above", api=True
    ),
    "api_meeting_list": ActionRoute(
        "convene a meeting, by the API: as above", api=True, targetless=True
    ),
    "api_discussed_record": ActionRoute(
        "record a meeting's decision for a person, by the API: as above", api=True
    ),
    "api_action_agree": ActionRoute("agree a meeting's action, by the API: as above", api=True),
    "api_action_status_set": ActionRoute(
        "mark a meeting's action done, by the API: as above", api=True
    ),
    "dashboard_export": ActionRoute(
        "export the dashboard's figures: an analyst, supervisor or hub manager (own and "
        "other alike: the figures are the hub's, suppressed as the actor sees them)",
        method="get",
        targetless=True,
    ),
    "profile_write": ActionRoute(
        "keep a child's Philomena profile: a practitioner or supervisor of an agency caring "
        "for the child (own: a child the police hold and place, so the police are the "
        "carer's agency; other: one only an agency that shares nothing holds)"
    ),
    "episode_report": ActionRoute(
        "report a child missing: a practitioner, supervisor or hub manager who may open the "
        "child (own: a child the police hold; other: one only the trust holds)"
    ),
    "episode_return": ActionRoute(
        "record a child's return: the agency that reported them missing, by a practitioner, "
        "supervisor or hub manager who may open the child (own: the police's episode of a "
        "child they hold; other: social care's episode, shared with the police, of a child "
        "both hold)"
    ),
    "rhi_record": ActionRoute(
        "record a return home interview: a practitioner or supervisor who may open the "
        "child (as a return)"
    ),
    "api_missing_profile": ActionRoute(
        "keep a child's profile, by the API: as above", method="put", api=True
    ),
    "api_missing_episodes": ActionRoute("report a child missing, by the API: as above", api=True),
    "api_episode_return": ActionRoute("record a child's return, by the API: as above", api=True),
    "api_rhi_record": ActionRoute("record a return home interview, by the API: as above", api=True),
    "api_token_issue": ActionRoute(
        "issue an API token: any user, their own", api=True, targetless=True
    ),
    "api_token_current": ActionRoute(
        "revoke an API token: its holder (with the token)",
        method="delete",
        api=True,
        targetless=True,
    ),
}

# Routes that change nothing of the hub's data: the sign-in steps act on the visitor's own
# session. The rest of the site's routes refuse every state-changing method unless they
# are classified above (checked: a read-only route that takes a POST fails).
SESSION_ROUTES = {"login", "sign_in_code", "sign_in_set_up", "logout"}

# An API operation the rule judges as it judges the page's form of it.
AS_ON_THE_PAGE = {
    "api_operation_list": "operation_open",
    "api_nominal_add": "operation_nominal_add",
    "api_nominal_status_set": "nominal_status_set",
    "api_operation_decisions": "decision_record",
    "api_plan_write": "plan_write",
    "api_agency_check_record": "agency_check_record",
    "api_plan_approve": "plan_approve",
    "api_contact_record": "contact_record",
    "api_operation_member_add": "operation_member_add",
    "api_disruption_record": "disruption_record",
    "api_suspect_facts_set": "suspect_facts_set",
    "api_sharing_record": "sharing_record",
    "api_meeting_list": "meeting_hold",
    "api_concern_list": "concern_new",
    "api_discussed_record": "discussed_record",
    "api_action_agree": "action_agree",
    "api_action_status_set": "action_status_set",
    "api_missing_profile": "profile_write",
    "api_missing_episodes": "episode_report",
    "api_episode_return": "episode_return",
    "api_rhi_record": "rhi_record",
}


def allowed(name: str, role: Role, target: Target) -> Outcome:  # noqa: C901 - one branch per rule
    """The outcome the rule's words give for `role` acting on an `own`/`other` target."""
    name = AS_ON_THE_PAGE.get(name, name)
    own = target is Target.OWN
    data_role = role in DATA_ROLES
    if name == "sharing_agreements":
        if role is not Role.HUB_MANAGER:
            return Outcome.REFUSED
        return Outcome.DONE if own else Outcome.NOT_MADE
    if name in (
        "sharing_agreement_accept",
        "sharing_agreement_decline",
        "sharing_agreement_revoke",
        "sharing_agreement_confirm",
    ):
        return _done(role is Role.HUB_MANAGER and own)
    if name == "access_request_new":
        return _done(data_role and own)
    if name == "break_glass_new":
        return _done(data_role)
    if name == "link_trace_request":
        return _done(role is Role.SUPERVISOR and not own)
    if name == "link_join_challenge":
        return _done(data_role and own)
    if name == "access_request_decide":
        return _done(role is Role.SUPERVISOR and own)
    if name == "agency_extracts":
        return _done(role is Role.HUB_MANAGER and own)
    if name in ("link_review_decide", "api_link_review_decide"):
        return _done(role in (Role.SUPERVISOR, Role.ANALYST, Role.LINKAGE) and own)
    if name == "link_run_start":
        return _done(role is Role.HUB_MANAGER)
    if name == "network_build_start":
        return _done(role in (Role.ANALYST, Role.HUB_MANAGER))
    if name == "network_chart_export":
        return _done(role in (Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER) and own)
    if name in ("account_set_up_code", "account_second_factor_reset", "account_disable"):
        return _done(role is Role.HUB_ADMIN or (role in (Role.HUB_MANAGER, Role.ADMIN) and own))
    if name == "case_note_add":
        return _done(data_role and own)
    if name in ("flag_decide", "api_flag_decide"):
        return _done(role in (Role.SUPERVISOR, Role.HUB_MANAGER) and own)
    if name == "operation_open":
        return _done(role in (Role.SUPERVISOR, Role.HUB_MANAGER))
    if name in (
        "operation_nominal_add",
        "decision_record",
        "operation_close",
        "plan_approve",
        "operation_member_add",
    ):
        return _done(role in (Role.SUPERVISOR, Role.HUB_MANAGER) and own)
    if name == "name_in_operation":
        # The person is the police's, so any data role of theirs opens the page; only a
        # supervisor or hub manager of the team is offered (and allowed) the operation.
        if not data_role:
            return Outcome.REFUSED
        return (
            Outcome.DONE
            if role in (Role.SUPERVISOR, Role.HUB_MANAGER) and own
            else (Outcome.NOT_MADE)
        )
    if name in (
        "nominal_status_set",
        "plan_write",
        "agency_check_record",
        "contact_record",
        "disruption_record",
        "suspect_facts_set",
    ):
        return _done(data_role and own)
    if name == "sharing_record":
        return _done(role is Role.SUPERVISOR and own)
    if name == "meeting_hold":
        return _done(role in (Role.SUPERVISOR, Role.HUB_MANAGER))
    if name == "concern_new":
        return _done(data_role or role is Role.PARTNER)
    if name in ("discussed_record", "action_agree"):
        return _done(data_role and own)
    if name == "action_status_set":
        return _done(own)
    if name == "dashboard_export":
        return _done(role in (Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER))
    if name in ("profile_write", "rhi_record"):
        return _done(role in (Role.PRACTITIONER, Role.SUPERVISOR) and own)
    if name in ("episode_report", "episode_return"):
        return _done(role in (Role.PRACTITIONER, Role.SUPERVISOR, Role.HUB_MANAGER) and own)
    if name in ("api_token_issue", "api_token_current"):
        return Outcome.DONE  # one's own, whatever one's role
    raise AssertionError(f"no expectation written for action route {name}")


def _done(allowed: bool) -> Outcome:
    return Outcome.DONE if allowed else Outcome.REFUSED
