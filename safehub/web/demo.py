"""Building a demo hub from the synthetic world: agencies, extracts and sign-ins.

Demo only: the passwords and the authenticator keys are random but printed (and kept in
var/demo-users.json, readable by its owner only), which production must never do.
"""

from __future__ import annotations

import json
import secrets
from base64 import b32decode, b32encode
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.access.services import registration as agencies
from safehub.agencies.models import AGENCY_ROLES, HUB_WIDE_ROLES, Agency, AgencyType, Role, User
from safehub.ingest import services as ingest
from safehub.ingest.loader.extract import ImportOutcome
from safehub.synth.world import generate

DEMO_SEED = 2026


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    totp_secret: str  # base32, as an authenticator app takes it
    agency: str
    roles: list[str]


def demo_world(*, young_people: int, seed: int = DEMO_SEED) -> Path:
    """The demo's synthetic world, generated once and kept under var/."""
    folder = Path(settings.VAR_DIR) / f"demo-world-{seed}-{young_people}"
    if not (folder / "agencies.json").exists():
        generate(out_dir=folder, seed=seed, young_people=young_people)
    return folder


def demo_agencies(world: Path) -> list[Agency]:
    entries = json.loads((world / "agencies.json").read_text(encoding="utf-8"))
    return [agencies.agency_upsert(code=e["code"], name=e["name"], type=e["type"]) for e in entries]


def demo_imports(world: Path, *, report: Callable[[ImportOutcome], None]) -> None:
    for folder in sorted((world / "extracts").iterdir()):
        if folder.is_dir():
            report(ingest.extract_import(path=folder))


def _users_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-users.json"


@transaction.atomic
def demo_users(hub_agencies: list[Agency]) -> list[DemoUser]:
    """A user for every agency and role, each with an authenticator app already set up,
    with the same passwords and keys on every run."""
    known: dict[str, dict[str, object]] = {}
    if _users_file().exists():
        known = {u["username"]: u for u in json.loads(_users_file().read_text())}
    users: list[DemoUser] = []
    # Every agency's roles; and the hub-wide auditor and administrator, granted explicitly
    # (audited), to the local authority's staff who host the hub.
    wanted = [
        (agency, role, f"{agency.code}-{role.value}".replace("_", "-"))
        for agency in hub_agencies
        for role in _roles_of(agency)
    ]
    host = next((a for a in hub_agencies if a.type == AgencyType.SOCIAL_CARE), None)
    if host is not None:
        wanted += [(host, role, role.value.replace("_", "-")) for role in sorted(HUB_WIDE_ROLES)]
    for agency, role, username in wanted:
        entry = known.get(username, {})
        password = str(entry.get("password") or secrets.token_urlsafe(12))
        secret = str(entry.get("totp_secret") or _new_totp_secret())
        user = _demo_user(
            username, password, agency=agency, role=role, known=bool(entry.get("password"))
        )
        _demo_device(user, secret)
        users.append(DemoUser(username, password, secret, agency.code, [role.value]))
    _write_private(_users_file(), json.dumps([asdict(u) for u in users], indent=2))
    return users


def _roles_of(agency: Agency) -> tuple[Role, ...]:
    """A partner organisation: its front desk's limited account, and its safeguarding lead
    who signs the partnership's agreement (as a hub manager); any other agency: every
    role but a partner's."""
    if agency.type == AgencyType.PARTNER:
        return (Role.PARTNER, Role.HUB_MANAGER)
    return tuple(role for role in AGENCY_ROLES if role is not Role.PARTNER)


def _demo_user(username: str, password: str, *, agency: Agency, role: Role, known: bool) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        return agencies.user_create(
            username=username,
            password=password,
            agency=agency,
            roles=[role],
            first_name=role.label,
            last_name=agency.name,
        )
    if not known:
        # The file with its password was lost: give it the one printed now.
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _new_totp_secret() -> str:
    return b32encode(secrets.token_bytes(20)).decode("ascii")


def _demo_device(user: User, secret: str) -> TOTPDevice:
    """The user's confirmed authenticator device, holding exactly this key."""
    key = b32decode(secret).hex()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return TOTPDevice.objects.create(
            user=user, name="Demo authenticator", key=key, confirmed=True
        )
    if device.key != key:
        device.key = key
        device.save(update_fields=["key"])
    return device


def write_users_json(path: Path, users: list[DemoUser]) -> None:
    """The demo sign-ins as JSON, for scripts and tests (owner-readable only)."""
    _write_private(path, json.dumps([asdict(u) for u in users], indent=2))


def _write_private(path: Path, text: str) -> None:
    # Created 0600 from the start, not chmod-ed after the secrets are written.
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text, encoding="utf-8")
