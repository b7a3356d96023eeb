"""Load: about 50 simulated users for two minutes on loopback, with locust (docs/security.md #28).

    .venv/bin/python benchmarks/load_bench.py [--users 50] [--seconds 120] [--spawn-rate 10]
        [--wait 1,3] [--budget-ms 800] [--young-people 2000] [--outside-case-limit 1000000]
        [--database-url postgres://postgres@127.0.0.1:5432/] [--keep DIR] [--verbose] [--json]

Setup, in a temporary folder: a fresh hub built by the project's own command (`safehub
demo --no-serve`: the synthetic demo world, 2,000 young people by default, imported and
linked) on SQLite, or with `--database-url postgres://…/` in a new PostgreSQL database
made for the run and dropped after it. The link runs the build queued are run to the end
by the project's worker (`safehub db_worker --batch`), so none moves people during the
load. `benchmarks/load_users.py` then makes `--users` accounts through the project's
services, each with its own password and confirmed TOTP device (a code is accepted once
per account, so no two simulated users share one), spread over the five agencies and the
data roles; every second one is in one of five case teams (operations of 12 people).

The hub is served by `safehub serve` (waitress, 8 threads, and its task worker) on
127.0.0.1. Locust runs as a library in a child process of its own: gevent monkey-patches
the process that imports it, so Django is never set up there (only django-otp's pure
TOTP function is used). It starts `--users` users at `--spawn-rate` a second and runs for
`--seconds`. Each signs in through the real pages (the password page, then the code page
with its current TOTP code), then loops with a think time of `--wait` seconds (uniform)
over: the people list (a random page of those it has seen; weight 3), a name search (a
family name it has seen; 2) and person pages (/people/<uuid>/ of people it may open,
half of the time one of its case's people when it is in a case; 5), the person pages
being one locust entry, "/people/[id]/". A page that is not a 200 counts as a failure;
redirects are not followed (a 302 would mean the session was lost). Users stop
gracefully at the end: a request in flight is finished and counted.

The daily limit of people opened outside one's cases (SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT,
50 in production) is raised to `--outside-case-limit` for the run, as a simulated user
opens far more people in two minutes than a practitioner in a day; the throttle's own
query still runs on every view outside a case. The output says so, and how many of the
views were inside the users' cases.

Then the server is stopped and the hub's audit log is read: the rows recording a person
page view (verb `view`, target `person`, by the load accounts, during the run) must be
exactly as many as the person pages served with 200, and `safehub audit verify` must
hold. Prints the requests, failures, 5xx, p50/p95/p99/max (ms) and requests/s of the
person page and of all requests (`--verbose`: of every kind of request), the audit
figures and the checks, and exits 1 when one fails:

- no 5xx, no connection error or timeout, and every simulated user signed in;
- the person page's p95 within its budget: **800 ms** (`--budget-ms`), on the loopback
  with the load generator on the same machine;
- audit rows for person views == successful person views; the audit chain holds.

Locust keeps response times above 100 ms to two significant figures (220, 1,100), so
its percentiles are too. `--keep DIR` builds the hub in DIR and keeps it, with the
server's log (serve.log); the server's tracebacks, if any, are summarised.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PERSON = "/people/[id]/"
SECRET_KEY = "benchmark-only-" + "b" * 40
PERCENTILES = (0.5, 0.95, 0.99)


# ---------------------------------------------------------------- the locust child

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_PERSON_ID = re.compile(r'href="/people/([0-9a-f-]{36})/"')
_PERSON_LINK = re.compile(r'href="/people/([0-9a-f-]{36})/">([^<]*)</a>')
_PAGES = re.compile(r"Page \d+ of (\d+)")


def _code(key_hex: str) -> str:
    """The account's current TOTP code (django-otp's defaults: 30 s, 6 digits, t0 0)."""
    from django_otp.oath import totp  # pure Python: no Django settings, no database

    return f"{totp(bytes.fromhex(key_hex)):06d}"


class Desk:
    """What one simulated practitioner (supervisor, analyst, hub manager) does: signs in
    through the pages, then reads the people list, searches names and opens people.

    Mixed into a locust HttpUser by `locust_child` (after locust is imported), which sets
    `accounts` (an iterator of sign-ins, one each), `timeout` and `signed_in`."""

    client: Any
    host: str
    accounts: Iterator[dict[str, str]]
    timeout: float
    signed_in: list[str]

    def on_start(self) -> None:
        from locust.exception import StopUser

        self.account = next(self.accounts)
        self.rng = random.Random(self.account["username"])
        self.ids: list[str] = []
        self.case_ids: list[str] = []
        self.names: list[str] = []
        self.pages = 1
        if not self.sign_in():
            raise StopUser
        self.signed_in.append(self.account["username"])
        self.browse("/people/", "/people/")

    def sign_in(self) -> bool:
        token = self.page_token("/sign-in/", "sign-in: password page")
        if token is None:
            return False
        data = {
            "username": self.account["username"],
            "password": self.account["password"],
            "csrfmiddlewaretoken": token,
            "next": "",
        }
        if not self.redirected("/sign-in/", data, "sign-in: password", "/sign-in/code/"):
            return False
        for _attempt in range(2):  # a code refused at a step's edge: once more, next step
            token = self.page_token("/sign-in/code/", "sign-in: code page")
            if token is None:
                return False
            data = {"code": _code(self.account["key"]), "csrfmiddlewaretoken": token}
            if self.redirected("/sign-in/code/", data, "sign-in: code", "/"):
                return True
            time.sleep(30 - time.time() % 30 + 1)  # gevent's sleep: the process is patched
        return False

    def page_token(self, path: str, name: str) -> str | None:
        with self.client.get(
            path, name=name, allow_redirects=False, timeout=self.timeout, catch_response=True
        ) as response:
            found = _CSRF.search(response.text or "")
            if response.status_code != 200 or found is None:
                response.failure(f"status {response.status_code}, no form")
                return None
            return found.group(1)

    def redirected(self, path: str, data: dict[str, str], name: str, to: str) -> bool:
        with self.client.post(
            path,
            data=data,
            name=name,
            allow_redirects=False,
            timeout=self.timeout,
            headers={"Referer": self.host + path},
            catch_response=True,
        ) as response:
            where = response.headers.get("Location", "")
            if response.status_code != 302 or where.split("?")[0] != to:
                response.failure(f"status {response.status_code}, to {where!r}, not {to!r}")
                return False
            return True

    def browse(self, path: str, name: str) -> None:
        """A people list page: remember the people, names and pages it shows."""
        with self.client.get(
            path, name=name, allow_redirects=False, timeout=self.timeout, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            text = response.text
        in_cases, _, rest = text.partition("All the people you may open")
        if rest and not self.case_ids:
            self.case_ids = sorted(set(_PERSON_ID.findall(in_cases)))
        for person_id, link_text in _PERSON_LINK.findall(text):
            if person_id not in self.ids:
                self.ids.append(person_id)
            shown = html.unescape(link_text)
            family = (shown.split() or [""])[-1]
            if shown != "Name withheld" and len(family) > 2 and family not in self.names:
                self.names.append(family)
        pages = _PAGES.search(text)
        if pages:
            self.pages = max(self.pages, int(pages.group(1)))

    def people_list(self) -> None:
        self.browse(f"/people/?page={self.rng.randint(1, self.pages)}", "/people/?page=[n]")

    def name_search(self) -> None:
        if self.names:
            name = quote(self.rng.choice(self.names))
            self.browse(f"/people/?name={name}", "/people/?name=[name]")

    def person_page(self) -> None:
        """One person page; half of the time one of the user's case's people, if any."""
        pool = self.case_ids if self.case_ids and self.rng.random() < 0.5 else self.ids
        if not pool:
            return
        with self.client.get(
            f"/people/{self.rng.choice(pool)}/",
            name=PERSON,
            allow_redirects=False,
            timeout=self.timeout,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


# The child's command: locust is the first thing it imports (gevent patches the process).
LOCUST_CHILD = (
    "import sys, locust; from benchmarks.load_bench import locust_child; locust_child(sys.argv[1])"
)


def locust_child(config_file: str) -> None:
    """Runs in a child process of its own (LOCUST_CHILD), where locust came first."""
    import locust
    from locust.env import Environment

    config = json.loads(Path(config_file).read_text(encoding="utf-8"))
    statuses: Counter[tuple[str, int]] = Counter()

    class HubUser(Desk, locust.HttpUser):
        host = config["host"]
        wait_time = locust.between(*config["wait"])
        tasks = [*[Desk.people_list] * 3, *[Desk.name_search] * 2, *[Desk.person_page] * 5]
        accounts = iter(json.loads(Path(config["accounts"]).read_text(encoding="utf-8")))
        timeout = config["timeout"]
        signed_in: list[str] = []

    def count(name: str, response: object = None, **_: object) -> None:
        statuses[(name, int(getattr(response, "status_code", 0) or 0))] += 1

    environment = Environment(
        user_classes=[HubUser], host=config["host"], stop_timeout=config["timeout"] + 30
    )
    environment.events.request.add_listener(count)
    runner = environment.create_local_runner()
    started = time.time()
    runner.start(config["users"], spawn_rate=config["spawn_rate"])
    time.sleep(config["seconds"])
    runner.stop()  # graceful: running tasks finish, their requests are counted
    seconds = time.time() - started
    runner.quit()
    stats = environment.stats
    result = {
        "seconds": seconds,
        "signed_in": len(HubUser.signed_in),
        "cpu_warning": runner.cpu_warning_emitted,
        "person": _entry(stats.get(PERSON, "GET")),
        "entries": {
            f"{method} {name}": _entry(e) for (name, method), e in sorted(stats.entries.items())
        },
        "total": _entry(stats.total),
        "statuses": [[name, status, n] for (name, status), n in sorted(statuses.items())],
        "errors": [[e.method, e.name, str(e.error), e.occurrences] for e in stats.errors.values()],
    }
    Path(config["out"]).write_text(json.dumps(result), encoding="utf-8")


def _entry(entry: Any) -> dict[str, float]:
    figures = {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        "max": entry.max_response_time or 0,
        "avg": entry.avg_response_time,
    }
    for p in PERCENTILES:
        figures[f"p{round(p * 100)}"] = entry.get_response_time_percentile(p)
    return figures


# ---------------------------------------------------------------- the parent


class Hub:
    """A hub in a folder, driven through the `safehub` command line and child processes."""

    def __init__(self, folder: Path, database_url: str, outside_case_limit: int) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "safehub.settings",
            "SAFEHUB_DATABASE_URL": database_url,
            "SAFEHUB_VAR_DIR": str(folder / "var"),
            "PYTHONPATH": str(ROOT),
            "SAFEHUB_SECRET_KEY": SECRET_KEY,
            "SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT": str(outside_case_limit),
        }
        for name in ("SAFEHUB_TESTING", "SAFEHUB_DEBUG", "SAFEHUB_HTTPS"):
            self.env.pop(name, None)
        self.server: subprocess.Popen[bytes] | None = None

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            cwd=self.folder,
        )
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(args)} failed (status {done.returncode}):\n"
                f"{done.stdout[-2000:]}{done.stderr[-3000:]}"
            )
        return done.stdout

    def serve(self, port: int) -> None:
        """`safehub serve` in a session of its own (it and its worker), until it answers."""
        with (self.folder / "serve.log").open("wb") as log:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "safehub.cli", "serve", "--port", str(port)],
                env=self.env,
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise SystemExit(
                    f"safehub serve stopped (status {self.server.returncode}):\n"
                    + self.log()[-3000:]
                )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/sign-in/", timeout=5
                ) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        self.stop()
        raise SystemExit("safehub serve did not answer within 180 s")

    def stop(self) -> None:
        """Ctrl+C to the server's session (waitress, then its worker), then harder."""
        if self.server is None or self.server.poll() is not None:
            return
        for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.server.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.server.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log(self) -> str:
        path = self.folder / "serve.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_errors(log: str) -> list[tuple[str, int]]:
    """The last line of each traceback in the server's log, counted."""
    errors: Counter[str] = Counter()
    for block in log.split("Traceback (most recent call last):")[1:]:
        lines = [line for line in block.splitlines() if line and not line.startswith(" ")]
        if lines:
            errors[lines[0][:300]] += 1
    return errors.most_common()


class Postgres:
    """A new database on the server of `url` (any database name in it is ignored),
    dropped afterwards."""

    def __init__(self, url: str) -> None:
        self.url = urlsplit(url)
        self.name = f"safehub_load_{secrets.token_hex(4)}"

    def database(self, name: str) -> str:
        return urlunsplit(self.url._replace(path=f"/{name}"))

    def __enter__(self) -> str:
        self._execute(f'CREATE DATABASE "{self.name}"')
        return self.database(self.name)

    def __exit__(self, *exc: object) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.database("postgres"), autocommit=True) as connection:
            connection.execute(sql.encode())


def measure(args: argparse.Namespace, folder: Path, database_url: str) -> dict:
    """Build, load, serve, run locust, stop, count: every figure of the run."""
    hub = Hub(folder, database_url, args.outside_case_limit)
    started = time.perf_counter()
    hub.run(
        "-m",
        "safehub.cli",
        "demo",
        "--no-serve",
        "--young-people",
        str(args.young_people),
        "--users-json",
        str(folder / "demo-users.json"),
    )
    # The link runs the build queued (after each import and decision) run now, with the
    # project's worker, so that none runs during the load and moves people under it.
    hub.run("-m", "safehub.cli", "db_worker", "--batch", "--no-reload", "--no-startup-delay")
    accounts = folder / "load-users.json"
    made = json.loads(
        hub.run(
            str(ROOT / "benchmarks" / "load_users.py"),
            "make",
            "--count",
            str(args.users),
            "--out",
            str(accounts),
        )
    )
    build_seconds = time.perf_counter() - started
    port = args.port or _free_port()
    config = {
        "host": f"http://127.0.0.1:{port}",
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "seconds": args.seconds,
        "wait": args.wait,
        "timeout": 60,
        "accounts": str(accounts),
        "out": str(folder / "locust.json"),
    }
    (folder / "locust-config.json").write_text(json.dumps(config), encoding="utf-8")
    hub.serve(port)
    try:
        since = datetime.now(UTC)
        # Locust's child has only what it needs: no Django settings, no database.
        locust_env = {
            k: v for k, v in os.environ.items() if not k.startswith(("SAFEHUB_", "DJANGO_"))
        }
        done = subprocess.run(
            [sys.executable, "-c", LOCUST_CHILD, str(folder / "locust-config.json")],
            env={**locust_env, "PYTHONPATH": str(ROOT)},
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        until = datetime.now(UTC)
    finally:
        hub.stop()
    if done.returncode != 0:
        raise SystemExit(
            f"the locust run failed (status {done.returncode}):\n{done.stderr[-4000:]}"
        )
    result = json.loads((folder / "locust.json").read_text(encoding="utf-8"))
    audit = json.loads(
        hub.run(
            str(ROOT / "benchmarks" / "load_users.py"),
            "audit",
            "--users",
            str(accounts),
            "--since",
            since.isoformat(),
            "--until",
            until.isoformat(),
        )
    )
    verify = subprocess.run(
        [sys.executable, "-m", "safehub.cli", "audit", "verify"],
        env=hub.env,
        capture_output=True,
        text=True,
        check=False,
    )
    log = hub.log()
    (folder / "locust.log").write_text(done.stderr, encoding="utf-8")
    return {
        **result,
        "build_seconds": build_seconds,
        "users_in_cases": made["in_cases"],
        "audit": audit,
        "audit_verify": (verify.returncode == 0, (verify.stdout + verify.stderr).strip()),
        "server_errors": _server_errors(log),
    }


def checks(args: argparse.Namespace, r: dict) -> list[tuple[str, bool]]:
    fives = sum(n for _, status, n in r["statuses"] if status >= 500)
    lost = sum(n for _, status, n in r["statuses"] if status == 0)
    person_ok = r["person"]["requests"] - r["person"]["failures"]
    return [
        (f"no 5xx ({fives}) and no connection error or timeout ({lost})", fives == 0 and lost == 0),
        (
            f"every simulated user signed in ({r['signed_in']} of {args.users})",
            r["signed_in"] == args.users,
        ),
        (
            f"person page p95 {r['person']['p95']} ms <= {args.budget_ms} ms "
            f"({r['person']['requests']} requests)",
            r["person"]["requests"] > 0 and r["person"]["p95"] <= args.budget_ms,
        ),
        (
            f"audit rows for person views ({r['audit']['person_views']}) == successful person "
            f"views ({person_ok})",
            r["audit"]["person_views"] == person_ok,
        ),
        (f"audit chain: {r['audit_verify'][1]}", r["audit_verify"][0]),
    ]


def report(args: argparse.Namespace, r: dict, database: str) -> bool:
    """Print the run's table; True when every check passes."""
    person, total = r["person"], r["total"]
    print(
        f"{args.users} users (spawn {args.spawn_rate:g}/s, think {args.wait[0]:g}-"
        f"{args.wait[1]:g} s), {r['seconds']:.0f} s on {database}; demo hub of "
        f"{args.young_people:,} young people, built in {r['build_seconds']:.0f} s"
    )
    print(
        f"{r['users_in_cases']} of {args.users} users in case teams; outside-case daily "
        f"limit raised to {args.outside_case_limit:,} for the run (production: 50)"
    )
    width = max([14, *(len(key) + 2 for key in r["entries"])]) if args.verbose else 14
    print(
        f"\n{'':{width}} {'requests':>9} {'failures':>9} {'5xx':>5} {'p50':>6} {'p95':>6} "
        f"{'p99':>6} {'max':>6} {'req/s':>7}   (ms)"
    )
    rows = [("person page", person, PERSON), ("all requests", total, None)]
    if args.verbose:
        rows[1:1] = [
            (f"  {key}", entry, key.split(" ", 1)[1]) for key, entry in r["entries"].items()
        ]
    for label, entry, name in rows:
        n5 = sum(
            n for nm, status, n in r["statuses"] if status >= 500 and (name is None or nm == name)
        )
        print(
            f"{label:{width}} {entry['requests']:>9,} {entry['failures']:>9,} {n5:>5} "
            f"{entry['p50']:>6} {entry['p95']:>6} {entry['p99']:>6} {entry['max']:>6.0f} "
            f"{entry['rps']:>7.1f}"
        )
    audit = r["audit"]
    print(
        f"\naudit rows for person views: {audit['person_views']}, successful person views: "
        f"{person['requests'] - person['failures']} ({audit['in_case']} inside the users' "
        f"cases, {audit['outside_case']} outside; {audit['alerts']} throttle alerts, "
        f"{audit['refused']} refusals)"
    )
    _details(r)
    passed = True
    print()
    for text, ok in checks(args, r):
        print(f"{'ok  ' if ok else 'FAIL'} {text}")
        passed = passed and ok
    return passed


def _details(r: dict) -> None:
    """What was not a 200, the failures, the server's errors, a saturated generator."""
    others: Counter[str] = Counter()
    for name, status, n in r["statuses"]:
        if status != 200 and not (name.startswith("sign-in") and status == 302):
            others[f"{name} {status or 'no response'}"] += n
    if others:
        print("not 200: " + ", ".join(f"{k} x{n}" for k, n in others.most_common()))
    for method, name, error, n in r["errors"][:10]:
        print(f"  failure: {method} {name}: {error} x{n}")
    for line, n in r["server_errors"][:10]:
        print(f"  server error: {line} x{n}")
    if r["cpu_warning"]:
        print("  (locust's own process passed 90% CPU: the load generator was saturated)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument(
        "--wait",
        type=lambda s: tuple(float(x) for x in s.split(",")),
        default=(1.0, 3.0),
        help="think time between pages, MIN,MAX seconds",
    )
    parser.add_argument("--budget-ms", type=int, default=800, help="person page p95 budget")
    parser.add_argument("--young-people", type=int, default=2000)
    parser.add_argument("--outside-case-limit", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url",
        default="",
        help="postgres://user@host:port/ : run on a new database there",
    )
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--keep", type=Path, help="build the hub here and keep it")
    parser.add_argument("--verbose", action="store_true", help="a row for every request kind")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        raise SystemExit(f"--keep {args.keep}: give a new or empty folder")
    with tempfile.TemporaryDirectory(prefix="safehub-load-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.database_url:
            with Postgres(args.database_url) as url:
                result = measure(args, folder, url)
            database = "PostgreSQL"
        else:
            result = measure(args, folder, f"sqlite:///{folder / 'hub.sqlite3'}")
            database = "SQLite"
    passed = report(args, result, database)
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
