"""The machinery of the rule for actions: the actions, how a rule is registered, and the
asking (`can`, `require`, `refuse_route`). The rules themselves, one per action, are in
`safehub.access.actions`, which registers them on import and re-exports all of this:
import from there, never from here (before it is imported no rule is registered)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.http import Http404

from safehub.access.policy import Viewer, viewer_for
from safehub.access.targets import described
from safehub.agencies.models import Role, User
from safehub.audit import log as audit
from safehub.audit.models import Verb


class Action(StrEnum):
    AGREEMENT_PROPOSE = "agreement_propose"
    AGREEMENT_ACCEPT = "agreement_accept"
    AGREEMENT_DECLINE = "agreement_decline"
    AGREEMENT_REVOKE = "agreement_revoke"
    AGREEMENT_CONFIRM = "agreement_confirm"
    CASE_OPEN = "case_open"
    CASE_EDIT = "case_edit"
    CASE_ADD_PERSON = "case_add_person"
    CASE_NOTE_ADD = "case_note_add"
    SHARING_BASIS_RECORD = "sharing_basis_record"
    PERSON_PROTECT = "person_protect"
    ACCESS_REQUEST = "access_request"
    TRACE_REQUEST = "trace_request"
    ACCESS_REQUEST_DECIDE = "access_request_decide"
    BREAK_GLASS = "break_glass"
    LINK_DECIDE = "link_decide"
    LINK_CHALLENGE = "link_challenge"
    LINK_RUN_START = "link_run_start"
    FLAG_DECIDE = "flag_decide"
    NETWORK_BUILD = "network_build"
    NETWORK_EXPORT = "network_export"
    NOMINAL_STATUS_SET = "nominal_status_set"
    DECISION_RECORD = "decision_record"
    MEETING_HOLD = "meeting_hold"
    MEETING_RECORD = "meeting_record"
    MEETING_ACTION_UPDATE = "meeting_action_update"
    CONCERN_SUBMIT = "concern_submit"
    PROFILE_EDIT = "profile_edit"
    EPISODE_RECORD = "episode_record"
    EPISODE_RETURN = "episode_return"
    RHI_RECORD = "rhi_record"
    DASHBOARD_EXPORT = "dashboard_export"
    EXTRACT_UPLOAD = "extract_upload"
    RECORD_SERVICE_SET = "record_service_set"
    ACCOUNT_MANAGE = "account_manage"
    AGENCY_REGISTER = "agency_register"
    USER_REGISTER = "user_register"
    ROLE_GRANT = "role_grant"
    TOKEN_REVOKE = "token_revoke"  # noqa: S105 - an action's name, not a secret


class ActionRefused(Http404):
    """The actor may not take this action on this target (or it does not exist)."""


# ---------------------------------------------------------------- registering


@dataclass(frozen=True)
class Rule:
    action: Action
    roles: frozenset[str]
    check: Callable[[Viewer, Any], bool]
    operator: bool
    words: str  # the rule in words: the docstring of its check


_RULES: dict[Action, Rule] = {}
MANAGERS = frozenset({Role.HUB_MANAGER})
SUPERVISORS = frozenset({Role.SUPERVISOR})
REVIEWERS = frozenset({Role.SUPERVISOR, Role.ANALYST, Role.LINKAGE})
ACCOUNT_MANAGERS = frozenset({Role.HUB_MANAGER, Role.ADMIN, Role.HUB_ADMIN})


def rule(
    action: Action,
    *,
    roles: frozenset[str],
    operator: bool = False,
) -> Callable[[Callable[[Viewer, Any], bool]], Callable[[Viewer, Any], bool]]:
    def register(check: Callable[[Viewer, Any], bool]) -> Callable[[Viewer, Any], bool]:
        _RULES[action] = Rule(
            action, frozenset(roles), check, operator, " ".join((check.__doc__ or "").split())
        )
        return check

    return register


# ---------------------------------------------------------------- asking


def _viewer(actor: User | Viewer) -> Viewer:
    return actor if isinstance(actor, Viewer) else viewer_for(actor)


def rule_of(action: Action) -> Rule:
    return _RULES[action]


def can(actor: User | Viewer | None, action: Action, target: object = None) -> bool:
    """May `actor` take `action` on `target`? (None: an operator at the command line.)"""
    rule = _RULES[action]
    if actor is None:
        return rule.operator
    viewer = _viewer(actor)
    if not viewer.user.is_active or not viewer.roles & rule.roles:
        return False
    return rule.check(viewer, target)


def require(
    actor: User | Viewer | None, action: Action, target: object = None, *, route: str = ""
) -> None:
    """`can()`, or audit the refusal and raise ActionRefused (a 404). Call it before
    any transaction opens."""
    if can(actor, action, target):
        return
    user = None if actor is None else _viewer(actor).user
    target_type, target_id, subject = described(target)
    audit.record(
        actor=user,
        username=audit.operator_name() if user is None else "",
        verb=Verb.REFUSED,
        target_type=target_type,
        target_id=target_id,
        subject_person=subject,
        detail={"action": action.value, **({"route": route} if route else {})},
    )
    raise ActionRefused("Not found")


def refuse_route(actor: User | Viewer, route: str) -> ActionRefused:
    """A page of actions the actor holds no role for (the agreements, accounts, link
    review, access-request pages): the refusal audited, as a 404 to raise."""
    user = actor.user if isinstance(actor, Viewer) else actor
    audit.record(
        actor=user, verb=Verb.REFUSED, target_type="route", target_id=route, detail={"route": route}
    )
    return ActionRefused("Not found")
