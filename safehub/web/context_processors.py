"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from safehub.agencies.models import User


def roles(request: HttpRequest) -> dict[str, frozenset[str]]:
    """The signed-in user's roles, so the navigation shows only what they may open."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"user_roles": frozenset()}
    return {"user_roles": frozenset(user.roles.values_list("role", flat=True))}
