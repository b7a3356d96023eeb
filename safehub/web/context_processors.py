"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from safehub.agencies.models import Role, User


def roles(request: HttpRequest) -> dict[str, object]:
    """The signed-in user's roles, so the navigation shows only what they may open; and
    whether theirs is a partner's limited account (it opens the concern pages only)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"user_roles": frozenset(), "partner_only": False}
    held = frozenset(user.roles.values_list("role", flat=True))
    return {"user_roles": held, "partner_only": held == {Role.PARTNER}}
