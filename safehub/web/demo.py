"""Building a demo hub from the synthetic world: agencies, extracts and sign-ins.

Demo only: the passwords are random but printed, which production must never do.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from safehub.agencies import services as agencies
from safehub.agencies.models import Agency, Role, User
from safehub.ingest import services as ingest
from safehub.ingest.loader import ImportOutcome
from safehub.synth.world import generate

DEMO_SEED = 2026


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
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
    return [agencies.agency_upsert(code=e["code"], name=e["name"], type=e["type"])
            for e in entries]


def demo_imports(world: Path, *, report: Callable[[ImportOutcome], None]) -> None:
    for folder in sorted((world / "extracts").iterdir()):
        if folder.is_dir():
            report(ingest.extract_import(path=folder))


def _users_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-users.json"


@transaction.atomic
def demo_users(hub_agencies: list[Agency]) -> list[DemoUser]:
    """A user for every agency and role, with the same passwords on every run."""
    known = {}
    if _users_file().exists():
        known = {u["username"]: u for u in json.loads(_users_file().read_text())}
    users: list[DemoUser] = []
    for agency in hub_agencies:
        for role in Role:
            username = f"{agency.code}-{role.value}".replace("_", "-")
            entry = known.get(username)
            password = entry["password"] if entry else secrets.token_urlsafe(12)
            if not User.objects.filter(username=username).exists():
                agencies.user_create(username=username, password=password, agency=agency,
                                     roles=[role], first_name=role.label, last_name=agency.name)
            users.append(DemoUser(username, password, agency.code, [role.value]))
    _users_file().write_text(json.dumps([asdict(u) for u in users], indent=2))
    _users_file().chmod(0o600)
    return users
