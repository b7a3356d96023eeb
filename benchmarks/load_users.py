"""The hub side of benchmarks/load_bench.py: its load users and cases, and the audit count.

Run by load_bench.py in a child process with the hub's environment (SAFEHUB_DATABASE_URL,
SAFEHUB_VAR_DIR, …), never in the process that runs locust:

    python benchmarks/load_users.py make --count 50 --out users.json
    python benchmarks/load_users.py audit --users users.json --since ISO-TIME --until ISO-TIME

`make` creates `count` accounts through the project's own services (`user_create`, a
confirmed TOTP device each, `case_open` and `case_add_person`): spread round-robin over
the hub's agencies and the data roles (practitioner twice as often as supervisor, analyst
and hub manager), alternately in the north and south teams, every second one a member of
one of `--cases` case teams (operations) of `--case-people` people each (people with
records from two or more agencies), opened by one of its supervisors or hub managers (or,
when it has none, by another load user, who joins it). It writes their sign-ins as JSON
(owner-readable only).

`audit` counts the audit rows that record a person page being opened (verb `view`, target
`person`: written by `records.queries.profile.person_profile` before the page is built) by those
accounts in a time window, split by in-case / outside-case, and the throttle's alerts and the
refusals, as JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `safehub` and `benchmarks` importable
    sys.path.insert(0, str(ROOT))

PERSON_VIEW = {"verb": "view", "target_type": "person"}


def make_users(*, count: int, cases: int, case_people: int, seed: int) -> list[dict]:
    """The load accounts, their devices and cases; returns their sign-ins."""
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safehub.access.models import CaseKind, CaseRole
    from safehub.access.services import cases as access
    from safehub.access.services.registration import user_create
    from safehub.agencies.models import Agency, Role, Team
    from safehub.records.models import Person, PersonRecord
    from safehub.records.services import person_target

    rng = random.Random(seed)
    agencies = list(Agency.objects.order_by("code"))
    teams = list(Team.objects.order_by("pk"))
    if not agencies or not teams:
        raise SystemExit("the hub has no agencies or teams: build it with `safehub demo`")
    roles = (Role.PRACTITIONER, Role.SUPERVISOR, Role.PRACTITIONER, Role.ANALYST, Role.HUB_MANAGER)
    combos = [(agency, role) for role in roles for agency in agencies]
    users, out = [], []
    for i in range(count):
        agency, role = combos[i % len(combos)]
        password = secrets.token_urlsafe(18)
        user = user_create(
            username=f"load-{i:03d}-{agency.code}-{role.value}".replace("_", "-"),
            password=password,
            agency=agency,
            roles=[role],
            first_name=f"Load {i}",
            last_name=str(role.label),
        )
        user.team = teams[i % len(teams)]
        user.save(update_fields=["team"])
        device = TOTPDevice.objects.create(user=user, name="Load authenticator", confirmed=True)
        users.append(user)
        out.append(
            {
                "username": user.username,
                "password": password,
                "key": device.key,
                "agency": agency.code,
                "role": role.value,
                "cases": [],
            }
        )
    # People with records from two or more agencies: profiles with something to share.
    shared = sorted(
        PersonRecord.objects.values("person_id")
        .annotate(agencies=Count("agency", distinct=True))
        .filter(agencies__gte=2)
        .values_list("person_id", flat=True),
        key=str,
    )
    managers = [u for u in users if u.has_role(Role.SUPERVISOR) or u.has_role(Role.HUB_MANAGER)]
    for number in range(cases):
        members = [u for i, u in enumerate(users) if i % 2 == 0 and (i // 10) % cases == number]
        if not members:
            continue
        # Opened by one of its members who may open cases (or one who then joins it).
        opener = next((u for u in members if u in managers), managers[0] if managers else None)
        if opener is None:
            break  # too few load users to have one who may open a case: no cases
        reference = f"LOAD-{number + 1}"
        case = access.case_open(
            actor=opener, kind=CaseKind.OPERATION, reference=reference, members=members
        )
        # People the opener's agency holds: a case names no stranger.
        theirs = sorted(
            set(
                PersonRecord.objects.filter(agency=opener.agency, person_id__in=shared).values_list(
                    "person_id", flat=True
                )
            ),
            key=str,
        )
        for person_id in rng.sample(theirs, min(case_people, len(theirs))):
            access.case_add_person(
                actor=opener,
                case=case,
                role=CaseRole.SUBJECT,
                person=person_target(Person.objects.get(pk=person_id)),
            )
        for entry in out:
            if entry["username"] in {opener.username, *(m.username for m in members)}:
                entry["cases"].append(reference)
    return out


def person_views(*, usernames: list[str], since: datetime, until: datetime) -> dict[str, int]:
    """Audit rows of person pages opened by these accounts in [since, until], and the
    other rows they caused then, by verb."""
    from safehub.audit.models import AuditEvent

    rows = AuditEvent.objects.filter(actor_username__in=usernames, at__gte=since, at__lte=until)
    views = list(rows.filter(**PERSON_VIEW).values_list("detail", flat=True))
    verbs = Counter(rows.values_list("verb", flat=True))
    return {
        "person_views": len(views),
        "in_case": sum(1 for d in views if not d.get("outside_case")),
        "outside_case": sum(1 for d in views if d.get("outside_case")),
        "alerts": verbs.get("alert", 0),
        "refused": verbs.get("refused", 0),
        "rows": sum(verbs.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    make = sub.add_parser("make")
    make.add_argument("--count", type=int, default=50)
    make.add_argument("--cases", type=int, default=5)
    make.add_argument("--case-people", type=int, default=12)
    make.add_argument("--seed", type=int, default=28)
    make.add_argument("--out", type=Path, required=True)
    audit = sub.add_parser("audit")
    audit.add_argument("--users", type=Path, required=True)
    audit.add_argument("--since", type=datetime.fromisoformat, required=True)
    audit.add_argument("--until", type=datetime.fromisoformat, required=True)
    args = parser.parse_args()

    import django

    django.setup()
    if args.action == "make":
        users = make_users(
            count=args.count, cases=args.cases, case_people=args.case_people, seed=args.seed
        )
        args.out.touch(mode=0o600, exist_ok=True)
        args.out.write_text(json.dumps(users, indent=2), encoding="utf-8")
        print(json.dumps({"users": len(users), "in_cases": sum(1 for u in users if u["cases"])}))
    else:
        names = [u["username"] for u in json.loads(args.users.read_text(encoding="utf-8"))]
        print(json.dumps(person_views(usernames=names, since=args.since, until=args.until)))


if __name__ == "__main__":
    main()
