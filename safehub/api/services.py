"""Issuing, using and revoking API tokens; issuing and revoking are audited."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from safehub.access.actions import Action, require
from safehub.agencies.models import User
from safehub.api.models import ApiToken
from safehub.audit import log as audit
from safehub.audit.models import Verb

DEFAULT_HOURS = 8
MAX_HOURS = 24
SECRET_MAX_CHARS = 100  # a generated secret has 43; anything longer is not one of ours
PREFIX_CHARS = 8
# How often `last_used_at` is written: once a minute is precise enough and keeps a busy
# client from writing the token's row on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    """A short keyed digest of the user's password hash: it changes with the password.

    Keyed with SECRET_KEY (like Django's session auth hash) so the stored value says
    nothing about the password hash to someone who reads the table.
    """
    return salted_hmac(
        "safehub.api.ApiToken.password", user.password, algorithm="sha256"
    ).hexdigest()[:16]


@transaction.atomic
def api_token_issue(*, actor: User, hours: int = DEFAULT_HOURS) -> IssuedToken:
    """A new token for `actor`, valid for `hours` (1 to 24). The caller has checked that
    the request comes from a session that passed the second factor."""
    if not 1 <= hours <= MAX_HOURS:
        raise ValueError(f"a token lasts 1 to {MAX_HOURS} hours")
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=actor,
        key_hash=secret_hash(secret),
        prefix=secret[:PREFIX_CHARS],
        password_fingerprint=password_fingerprint(actor),
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    token.full_clean()
    token.save()
    audit.record(
        actor=actor,
        verb=Verb.TOKEN_ISSUED,
        target_type="api_token",
        target_id=str(token.pk),
        detail={"prefix": token.prefix, "hours": hours},
    )
    return IssuedToken(token, secret)


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke one of the actor's own tokens (at once: the next request with it is refused)."""
    require(actor, Action.TOKEN_REVOKE, token, route="api_token_revoke")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at
        )
        audit.record(
            actor=actor,
            verb=Verb.TOKEN_REVOKED,
            target_type="api_token",
            target_id=str(token.pk),
            detail={"prefix": token.prefix},
        )


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of `user` (their account was disabled); returns how many.
    Audited with the account change that caused it, by the caller."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _usable(token: ApiToken, now: datetime) -> bool:
    user = token.user
    return (
        token.revoked_at is None
        and token.expires_at > now
        and user.is_active
        and constant_time_compare(token.password_fingerprint, password_fingerprint(user))
    )


def api_token_use(secret: str) -> ApiToken | None:
    """The live token with this secret, or None: unknown, expired, revoked, its user
    disabled, or their password changed since it was issued. Notes when it was used."""
    if not secret or len(secret) > SECRET_MAX_CHARS:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=secret_hash(secret)).first()
    now = timezone.now()
    if token is None or not _usable(token, now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
