"""Registering agencies and users, and granting the hub-wide roles: each audited.

An operator does these at the command line (`safehub agency add`, the demo, `safehub
user grant-role`); no web page does. They sit with the access policy, above the audit
log, so that each writes its audit row in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from safehub.access.actions import Action, require
from safehub.agencies.models import HUB_WIDE_ROLES, Agency, Role, User, UserRole
from safehub.audit import log as audit
from safehub.audit.models import Verb


def _operator(actor: User | None) -> str:
    return audit.operator_name() if actor is None else ""


def agency_add(*, code: str, name: str, type: str, actor: User | None = None) -> Agency:
    require(actor, Action.AGENCY_REGISTER, route="agency_add")
    with transaction.atomic():
        agency = Agency(code=code, name=name, type=type)
        agency.full_clean()
        agency.save()
        audit.record(
            actor=actor,
            username=_operator(actor),
            verb=Verb.AGENCY_REGISTERED,
            target_type="agency",
            target_id=agency.code,
            detail={"name": agency.name, "type": agency.type},
        )
    return agency


def agency_upsert(*, code: str, name: str, type: str, actor: User | None = None) -> Agency:
    """Register the agency, or bring its name and type up to date (the demo)."""
    existing = Agency.objects.filter(code=code).first()
    if existing is None:
        return agency_add(code=code, name=name, type=type, actor=actor)
    if (existing.name, existing.type) == (name, type):
        return existing
    require(actor, Action.AGENCY_REGISTER, route="agency_upsert")
    with transaction.atomic():
        existing.name, existing.type = name, type
        existing.full_clean()
        existing.save()
        audit.record(
            actor=actor,
            username=_operator(actor),
            verb=Verb.AGENCY_UPDATED,
            target_type="agency",
            target_id=existing.code,
            detail={"name": name, "type": type},
        )
    return existing


def user_create(
    *,
    username: str,
    password: str,
    agency: Agency | None,
    roles: Iterable[Role | str],
    first_name: str = "",
    last_name: str = "",
    actor: User | None = None,
) -> User:
    """Register a user of one agency with their roles; hub-wide roles are granted (and
    audited) one by one, as `role_grant` does."""
    require(actor, Action.USER_REGISTER, route="user_create")
    wanted = sorted({Role(role) for role in roles})
    with transaction.atomic():
        user = User(username=username, agency=agency, first_name=first_name, last_name=last_name)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        for role in wanted:
            UserRole.objects.create(user=user, role=role)
        audit.record(
            actor=actor,
            username=_operator(actor),
            verb=Verb.USER_REGISTERED,
            target_type="user",
            target_id=str(user.pk),
            detail={
                "username": user.username,
                "agency": agency.code if agency else "",
                "roles": [r.value for r in wanted if r not in HUB_WIDE_ROLES],
            },
        )
        for role in wanted:
            if role in HUB_WIDE_ROLES:
                _granted(actor, user, role)
    return user


def _granted(actor: User | None, user: User, role: Role) -> None:
    audit.record(
        actor=actor,
        username=_operator(actor),
        verb=Verb.ROLE_GRANTED,
        target_type="user",
        target_id=str(user.pk),
        detail={"role": role.value, "username": user.username},
    )


def role_grant(*, user: User, role: Role, actor: User | None = None) -> User:
    """Give a user a role; the hub-wide ones only this way, explicitly."""
    require(actor, Action.ROLE_GRANT, user, route="role_grant")
    if user.agency_id is None:
        raise ValidationError("A user with no agency holds no role.")
    with transaction.atomic():
        _, made = UserRole.objects.get_or_create(user=user, role=role)
        if made:
            _granted(actor, user, role)
    return user


def role_revoke(*, user: User, role: Role, actor: User | None = None) -> User:
    require(actor, Action.ROLE_GRANT, user, route="role_revoke")
    with transaction.atomic():
        removed, _ = UserRole.objects.filter(user=user, role=role).delete()
        if removed:
            audit.record(
                actor=actor,
                username=_operator(actor),
                verb=Verb.ROLE_REVOKED,
                target_type="user",
                target_id=str(user.pk),
                detail={"role": role.value, "username": user.username},
            )
    return user
