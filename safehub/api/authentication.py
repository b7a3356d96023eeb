"""How an API request says who it is: a bearer token, or a session past the second factor."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.request import Request

from safehub.api.models import ApiToken
from safehub.api.services import api_token_use

SECOND_FACTOR_REQUIRED = "Finish signing in with your second factor first."
BAD_TOKEN = "Invalid, expired or revoked token."  # noqa: S105 - a message


def session_is_verified(user: object) -> bool:
    """The session's user passed the second factor (django-otp's OTPMiddleware adds
    `is_verified`; without it nobody is verified)."""
    return bool(getattr(user, "is_verified", lambda: False)())


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <secret>` with a live ApiToken.

    Every way a token can fail (unknown, expired, revoked, user disabled, password
    changed) answers the same 401, so the answer says nothing about which it was.
    """

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(BAD_TOKEN)
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(BAD_TOKEN) from None
        token = api_token_use(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(BAD_TOKEN)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="safehub-api"'


class VerifiedSessionAuthentication(SessionAuthentication):
    """The signed-in session, only once its second factor was accepted; CSRF is checked
    for unsafe methods (as DRF's SessionAuthentication does)."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        user = getattr(request._request, "user", None)
        if not user or not user.is_active:
            return None
        if not session_is_verified(user):
            raise exceptions.AuthenticationFailed(SECOND_FACTOR_REQUIRED)
        self.enforce_csrf(request)
        return user, None
