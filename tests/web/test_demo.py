"""Demo sign-ins: every agency and role, with a password and an authenticator key each."""

from __future__ import annotations

import json
import stat
from base64 import b32decode
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.agencies.models import AGENCY_ROLES, Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.web import demo

USERS_FILE = Path(settings.VAR_DIR) / "demo-users.json"


@pytest.fixture
def fresh_users_file() -> None:
    USERS_FILE.unlink(missing_ok=True)


def test_every_demo_user_has_a_confirmed_device_with_the_printed_key(
    police: Agency, health: Agency, fresh_users_file: None
) -> None:
    users = demo.demo_users([police, health])
    # Every role but a partner's limited account; no social care here: no hub-wide roles.
    assert len(users) == 2 * (len(AGENCY_ROLES) - 1)
    assert not any(entry.roles == [Role.PARTNER] for entry in users)
    for entry in users:
        user = User.objects.get(username=entry.username)
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed
        assert b32decode(entry.totp_secret) == device.bin_key
        assert user.check_password(entry.password)
        assert entry.roles == user.role_names


def test_demo_keeps_the_same_passwords_and_keys_on_a_second_run(
    police: Agency, fresh_users_file: None
) -> None:
    first = demo.demo_users([police])
    second = demo.demo_users([police])
    assert first == second
    assert TOTPDevice.objects.count() == len(AGENCY_ROLES) - 1
    assert stat.S_IMODE(USERS_FILE.stat().st_mode) == 0o600


def test_demo_gives_a_user_whose_entry_was_lost_the_password_it_prints(
    police: Agency, fresh_users_file: None
) -> None:
    demo.demo_users([police])
    USERS_FILE.unlink()
    again = demo.demo_users([police])
    for entry in again:
        user = User.objects.get(username=entry.username)
        assert user.check_password(entry.password)
        assert b32decode(entry.totp_secret) == TOTPDevice.objects.get(user=user).bin_key


def test_a_demo_user_signs_in_with_the_printed_password_and_key(
    client: Client, police: Agency, fresh_users_file: None
) -> None:
    entry = demo.demo_users([police])[0]
    client.post(reverse("login"), {"username": entry.username, "password": entry.password})
    code = totp(b32decode(entry.totp_secret))
    response = client.post(reverse("sign_in_code"), {"code": f"{code:06d}"})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_demo_command_prints_and_writes_the_sign_ins(
    tmp_path: Path,
    police: Agency,
    health: Agency,
    fresh_users_file: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "users.json"
    call_command("demo", "--no-serve", "--young-people", "200", "--users-json", str(out))
    written = json.loads(out.read_text())
    # Each agency's roles, and the hub-wide auditor and administrator (granted, audited).
    # Each agency's roles but a partner's; a partner organisation's front desk and its
    # safeguarding lead; the two hub-wide roles.
    partners = Agency.objects.filter(type="partner").count()
    others = Agency.objects.count() - partners
    assert partners == 2
    assert len(written) == others * (len(AGENCY_ROLES) - 1) + partners * 2 + 2
    hub_wide = {
        entry["username"]: entry["roles"]
        for entry in written
        if entry["username"].startswith("hub-")
    }
    assert hub_wide == {"hub-auditor": ["hub_auditor"], "hub-admin": ["hub_admin"]}
    assert AuditEvent.objects.filter(verb=Verb.ROLE_GRANTED).count() == 2
    assert set(written[0]) == {"username", "password", "totp_secret", "agency", "roles"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    printed = capsys.readouterr().out
    for entry in written:
        assert f"{entry['username']:<28} {entry['password']:<18} {entry['totp_secret']}" in printed
