"""Account changes that end access: disabling a user, a new password, a lost phone.

They sit with the access policy (above the audit log) because each ends sessions and is
audited in the same transaction.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.agencies.models import User
from safehub.audit.log import record
from safehub.audit.models import Verb

# Session engines whose sessions are rows of django.contrib.sessions' table.
_DATABASE_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


# Sent inside user_disable's transaction, with `user` and `actor`: whatever else grants
# access (the API's tokens, which live in a layer above this one) ends with the sessions.
user_disabled = Signal()


@transaction.atomic
def user_disable(*, actor: User | None, user: User) -> User:
    """Stop the user signing in, and end every session they have open.

    `is_active=False` alone already makes their sessions anonymous on the next request
    (Django's ModelBackend refuses inactive users); deleting the sessions as well means
    re-enabling the account later cannot bring an old session back. `actor` None is
    the system (a management command).
    """
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = _sessions_end(user)
    user_disabled.send(sender=User, user=user, actor=actor)
    record(actor=actor, verb=Verb.CHANGE, target_type="user", target_id=str(user.pk),
           detail={"change": "disabled", "sessions_ended": ended})
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    """Give the user a new password (checked by the password validators), and end every
    session they have open.

    A changed password already invalidates their other sessions through Django's session
    auth hash; the sessions are deleted from the store too. Raises ValidationError for a
    password the validators refuse. The audit row never holds the password.
    """
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    ended = _sessions_end(user)
    record(actor=actor, verb=Verb.CHANGE, target_type="user", target_id=str(user.pk),
           detail={"change": "password_set", "sessions_ended": ended})
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


@transaction.atomic
def user_second_factor_reset(*, actor: User | None, user: User) -> User:
    """Remove the user's authenticator devices (a lost phone), and end their sessions:
    at their next sign-in, after the password, they set up an app again."""
    removed = sum(model.objects.filter(user=user).delete()[0]
                  for model in (TOTPDevice, StaticDevice))
    ended = _sessions_end(user)
    record(actor=actor, verb=Verb.CHANGE, target_type="user", target_id=str(user.pk),
           detail={"change": "second_factor_reset", "devices_removed": removed,
                   "sessions_ended": ended})
    return user
