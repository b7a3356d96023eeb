"""Passwords: hashed with Argon2 in production; a new one is checked and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

import safehub.settings as production
from safehub.access.services.accounts import user_set_password
from safehub.access.services.registration import user_create
from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb


def test_production_hashes_passwords_with_argon2(police: Agency) -> None:
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        user = user_create(
            username="ann.analyst",
            password="a long enough passphrase",
            agency=police,
            roles=[Role.ANALYST],
        )
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$")
        assert user.check_password("a long enough passphrase")
        assert not user.check_password("a long enough passphrasE")


def test_new_password_is_set_audited_and_never_recorded(manager: User, practitioner: User) -> None:
    user_set_password(actor=manager, user=practitioner, password="Granite-Lantern-Orbit-7")
    practitioner.refresh_from_db()
    assert practitioner.check_password("Granite-Lantern-Orbit-7")
    event = AuditEvent.objects.get(verb=Verb.PASSWORD_SET)
    assert event.actor == manager
    assert (event.target_type, event.target_id) == ("user", str(practitioner.pk))
    assert "Granite" not in event.canonical_json()


@pytest.mark.parametrize("weak", ["short", "password1234", "123456789012", "paul.practitioner"])
def test_weak_new_password_is_refused(manager: User, practitioner: User, weak: str) -> None:
    with pytest.raises(ValidationError):
        user_set_password(actor=manager, user=practitioner, password=weak)
    practitioner.refresh_from_db()
    assert practitioner.check_password("correct horse battery staple")
    assert not AuditEvent.objects.filter(verb=Verb.PASSWORD_SET).exists()
