"""Changes to agencies and users."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from safehub.agencies.models import Agency, Role, User, UserRole


@transaction.atomic
def agency_add(*, code: str, name: str, type: str) -> Agency:
    agency = Agency(code=code, name=name, type=type)
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_upsert(*, code: str, name: str, type: str) -> Agency:
    existing = Agency.objects.filter(code=code).first()
    if existing is None:
        return agency_add(code=code, name=name, type=type)
    existing.name, existing.type = name, type
    existing.full_clean()
    existing.save()
    return existing


@transaction.atomic
def user_create(
    *, username: str, password: str, agency: Agency | None, roles: Iterable[Role | str],
    first_name: str = "", last_name: str = "",
) -> User:
    user = User(username=username, agency=agency, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    for role in sorted(set(roles)):
        UserRole.objects.create(user=user, role=Role(role))
    return user
