"""Deployment checks of our own, run by `safehub check --deploy` beside Django's.

Second-factor set-up must need an issued code (W001).

docs/security.md #8: on PostgreSQL the application connects as a role that is not a superuser.
A superuser bypasses row-level security and the audit log's append-only triggers (it can
drop them), so a leaked application credential would be a key to everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.db import DatabaseError, connections

SUPERUSER = "safehub.E001"
SELF_SET_UP = "safehub.W001"


@register(deploy=True)
def second_factor_set_up_is_issued(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """With self-service set-up, whoever has a user's password can enrol their own phone."""
    if settings.SAFEHUB_SECOND_FACTOR_SET_UP == "issued":
        return []
    return [
        Warning(
            "SAFEHUB_SECOND_FACTOR_SET_UP is 'self': a password alone can set up "
            "an authenticator app",
            hint="unset it (production's default is 'issued': set-up codes from "
            "`safehub user set-up-code`)",
            id=SELF_SET_UP,
        )
    ]


@register(deploy=True)
def database_role_is_not_a_superuser(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for alias in connections:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
                )
                row = cursor.fetchone()
        except DatabaseError as error:
            problems.append(
                Error(f"cannot ask database {alias!r} about its role: {error}", id="safehub.E002")
            )
            continue
        if row is not None and row[1]:
            problems.append(
                Error(
                    f"database {alias!r}: the application connects as {row[0]!r}, a superuser",
                    hint="connect as a role without SUPERUSER (and without BYPASSRLS) that owns "
                    "the schema; see docs/security.md #8",
                    id=SUPERUSER,
                )
            )
    return problems
