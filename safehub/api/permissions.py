"""Who may call the API at all; what they see is the access policy's (safehub.access)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from safehub.agencies.models import User
from safehub.api.authentication import SECOND_FACTOR_REQUIRED, session_is_verified
from safehub.api.models import ApiToken


def _active_user(request: Request) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_active


def _by_token(request: Request) -> bool:
    token = request.auth
    return isinstance(token, ApiToken) and token.user_id == getattr(request.user, "pk", None)


class IsVerifiedUser(BasePermission):
    """A signed-in, active user: by a token, or by a session past the second factor.

    The authentication classes already refuse anything else; this holds even if a view
    is given other authentication classes by mistake.
    """

    message = SECOND_FACTOR_REQUIRED

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _active_user(request):
            return False
        return _by_token(request) or session_is_verified(request.user)


class IsVerifiedSession(BasePermission):
    """A session past the second factor, never a token: a token cannot make another."""

    message = "API tokens are issued only to a signed-in session, not to another token."

    def has_permission(self, request: Request, view: Any) -> bool:
        return _active_user(request) and request.auth is None and session_is_verified(request.user)


class IsTokenHolder(BasePermission):
    """The request is made with a token (to act on that token)."""

    message = "This needs the API token itself (Authorization: Bearer)."

    def has_permission(self, request: Request, view: Any) -> bool:
        return _active_user(request) and _by_token(request)
