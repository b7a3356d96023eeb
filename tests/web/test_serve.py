"""`safehub serve` as the demo runs it: production settings, static files from WhiteNoise;
stopped as a service manager stops it, it takes its task worker with it."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read().decode("utf-8", "replace")


def _environment(folder: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safehub.settings",
        "SAFEHUB_VAR_DIR": str(folder),
        "SAFEHUB_SECRET_KEY": "serve-test-" + "s" * 40,
        "SAFEHUB_DATABASE_URL": f"sqlite:///{folder / 'hub.sqlite3'}",
    }
    env.pop("SAFEHUB_TESTING", None)
    env.pop("SAFEHUB_DEBUG", None)
    return env


def _made_once(shared: Path) -> Path:
    """A hub made with `safehub init` and served once (which collects and compresses its
    static files): half a minute of CPU, so it is made once per run, the first worker
    to ask making it while the other waits on the lock."""
    made = shared / "served-hub"
    with (shared / "served-hub.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (made / "ready").exists():
            shutil.rmtree(made, ignore_errors=True)
            made.mkdir()
            env = _environment(made)
            subprocess.run(
                [sys.executable, "-m", "safehub.cli", "init"],
                env=env,
                check=True,
                capture_output=True,
                timeout=120,
            )
            server, _, _ = _serve(env, "--no-worker")
            server.terminate()
            server.wait(timeout=30)
            (made / "ready").touch()
    return made


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a copy of the hub made once (its database and collected static
    files); `safehub serve` finds nothing to collect."""
    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each worker's base is a folder of the run's: share the parent.
    made = _made_once(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)
    folder = tmp_path_factory.mktemp("hub")
    shutil.copytree(made, folder, dirs_exist_ok=True)
    return _environment(folder)


def _serve(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[bytes], int, str]:
    """Start `safehub serve`; return it, its port and the sign-in page once it answers."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "safehub.cli", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            status, html = _get(f"http://127.0.0.1:{port}/sign-in/")
            assert status == 200
            return server, port, html
        except OSError:
            if server.poll() is not None:
                pytest.fail(server.stderr.read().decode() if server.stderr else "server died")
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.5)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def stop_everything() -> Iterator[list[int]]:
    """Pids to kill after the test, whatever it found: no test leaves a worker polling."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_the_served_hub_sends_its_stylesheets(hub: dict[str, str]) -> None:
    server, port, html = _serve(hub, "--no-worker")
    try:
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert stylesheets
        for href in stylesheets:
            assert _get(f"http://127.0.0.1:{port}{href}")[0] == 200, href
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=str)
def test_stopping_the_server_stops_its_worker(
    hub: dict[str, str], stop: signal.Signals, stop_everything: list[int]
) -> None:
    """As systemd or a container runtime stops a service (SIGTERM), as `kill -INT` does,
    and even when the server is killed outright: no worker is left polling."""
    server, _, _ = _serve(hub)
    stop_everything.append(server.pid)
    deadline = time.monotonic() + 30
    while not (workers := _children(server.pid)):
        assert time.monotonic() < deadline, "the server started no worker"
        time.sleep(0.2)
    stop_everything.extend(workers)
    assert all(_alive(worker) for worker in workers)

    stopped_at = time.monotonic()
    server.send_signal(stop)
    server.wait(timeout=60)
    print(f"server stopped by {stop!s} in {time.monotonic() - stopped_at:.1f} s")

    deadline = time.monotonic() + 30
    while [worker for worker in workers if _alive(worker)]:
        assert time.monotonic() < deadline, f"worker {workers} still running after {stop!s}"
        time.sleep(0.2)
