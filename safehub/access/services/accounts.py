"""Account changes that end access: disabling a user, a new password, a lost phone.

They sit with the access policy (above the audit log) because each ends sessions and is
audited in the same transaction.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.access.actions import Action, require
from safehub.access.models import SetUpCode
from safehub.agencies.models import User
from safehub.audit.log import operator_name, record
from safehub.audit.models import Verb

# Session engines whose sessions are rows of django.contrib.sessions' table.
_DATABASE_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


# Sent inside user_disable's transaction, with `user` and `actor`: whatever else grants
# access (the API's tokens, which live in a layer above this one) ends with the sessions.
user_disabled = Signal()


def user_disable(*, actor: User | None, user: User) -> User:
    """Stop the user signing in, end every session they have open and (through
    `user_disabled`) revoke their API tokens.

    `is_active=False` alone already makes their sessions anonymous on the next request
    (Django's ModelBackend refuses inactive users); deleting the sessions and revoking the
    tokens as well means re-enabling the account later cannot bring either back. `actor`
    None is the system (a management command).
    """
    require(actor, Action.ACCOUNT_MANAGE, user, route="user_disable")
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = _sessions_end(user)
        user_disabled.send(sender=User, user=user, actor=actor)
        _account_audit(actor, Verb.USER_DISABLED, user, sessions_ended=ended)
    return user


def _account_audit(actor: User | None, verb: Verb, user: User, **detail: object) -> None:
    record(
        actor=actor,
        username=operator_name() if actor is None else "",
        verb=verb,
        target_type="user",
        target_id=str(user.pk),
        detail={"username": user.username, **detail},
    )


def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    """Give the user a new password (checked by the password validators), and end every
    session they have open.

    A changed password already invalidates their other sessions through Django's session
    auth hash; the sessions are deleted from the store too. Raises ValidationError for a
    password the validators refuse. The audit row never holds the password.
    """
    require(actor, Action.ACCOUNT_MANAGE, user, route="user_set_password")
    password_validation.validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        ended = _sessions_end(user)
        _account_audit(actor, Verb.PASSWORD_SET, user, sessions_ended=ended)
    return user


def _sessions_end(user: User) -> int:
    """Delete the user's sessions from the session store; the number deleted.

    Sessions are not indexed by user, so each unexpired one is decoded: fine for a hub's
    staff (thousands of sessions at most).
    """
    if settings.SESSION_ENGINE not in _DATABASE_SESSION_ENGINES:
        return 0  # other stores rely on the auth hash and is_active alone
    store = import_module(settings.SESSION_ENGINE).SessionStore
    theirs = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    for key in theirs:
        store(session_key=key).delete()  # from the cache too, for cached_db
    return len(theirs)


def user_second_factor_reset(*, actor: User | None, user: User) -> User:
    """Remove the user's authenticator devices (a lost phone), and end their sessions:
    at their next sign-in, after the password, they set up an app again."""
    require(actor, Action.ACCOUNT_MANAGE, user, route="user_second_factor_reset")
    with transaction.atomic():
        removed = sum(
            model.objects.filter(user=user).delete()[0] for model in (TOTPDevice, StaticDevice)
        )
        ended = _sessions_end(user)
        _account_audit(
            actor, Verb.SECOND_FACTOR_RESET, user, devices_removed=removed, sessions_ended=ended
        )
    return user


# ---------------------------------------------------------------- second-factor set-up codes

SET_UP_CODE_HOURS = 72
SET_UP_CODE_MAX_FAILURES = 5
# Unambiguous letters and digits (no 0/O, 1/I/L): read out or written down safely.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 12  # about 59 bits; five wrong tries void it


def set_up_code_required() -> bool:
    return settings.SAFEHUB_SECOND_FACTOR_SET_UP == "issued"


def _code_digest(user: User, code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return salted_hmac(
        "safehub.access.SetUpCode", f"{user.pk}:{normal}", algorithm="sha256"
    ).hexdigest()


def set_up_code_issue(*, actor: User | None, user: User) -> str:
    """A new one-time set-up code for `user` (any earlier one is void); shown once."""
    require(actor, Action.ACCOUNT_MANAGE, user, route="set_up_code_issue")
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    code = "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))
    with transaction.atomic():
        now = timezone.now()
        SetUpCode.objects.filter(user=user, used_at=None, voided_at=None).update(voided_at=now)
        made = SetUpCode.objects.create(
            user=user,
            code_hash=_code_digest(user, code),
            issued_by=actor,
            issued_at=now,
            expires_at=now + timedelta(hours=SET_UP_CODE_HOURS),
        )
        _account_audit(actor, Verb.SET_UP_CODE_ISSUED, user, code=made.pk, hours=SET_UP_CODE_HOURS)
    return code


@transaction.atomic
def set_up_code_use(*, user: User, code: str) -> bool:
    """Whether `code` is the user's live set-up code; a right one is used up, a wrong
    one counts against the live code (voided at SET_UP_CODE_MAX_FAILURES)."""
    now = timezone.now()
    live = (
        SetUpCode.objects.select_for_update()
        .filter(user=user, used_at=None, voided_at=None, expires_at__gt=now)
        .order_by("-pk")
        .first()
    )
    if live is not None and constant_time_compare(live.code_hash, _code_digest(user, code)):
        live.used_at = now
        live.save(update_fields=["used_at"])
        record(
            actor=user,
            verb=Verb.SET_UP_CODE_USED,
            target_type="user",
            target_id=str(user.pk),
            detail={"code": live.pk},
        )
        return True
    if live is not None:
        live.failures += 1
        if live.failures >= SET_UP_CODE_MAX_FAILURES:
            live.voided_at = now
        live.save(update_fields=["failures", "voided_at"])
    record(
        actor=user,
        verb=Verb.REFUSED,
        target_type="user",
        target_id=str(user.pk),
        detail={
            "change": "set_up_code_refused",
            "reason": "no live code" if live is None else "wrong code",
        },
    )
    return False
