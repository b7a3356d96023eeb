"""`safehub serve` as the demo runs it: production settings, static files from WhiteNoise."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read().decode("utf-8", "replace")


def test_the_served_hub_sends_its_stylesheets(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safehub.settings",
        "SAFEHUB_VAR_DIR": str(tmp_path),
        "SAFEHUB_SECRET_KEY": "serve-test-" + "s" * 40,
        "SAFEHUB_DATABASE_URL": f"sqlite:///{tmp_path / 'hub.sqlite3'}",
    }
    env.pop("SAFEHUB_TESTING", None)
    env.pop("SAFEHUB_DEBUG", None)
    subprocess.run(
        [sys.executable, "-m", "safehub.cli", "init"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "safehub.cli", "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, html = _get(f"http://127.0.0.1:{port}/sign-in/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        assert status == 200
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert stylesheets
        for href in stylesheets:
            assert _get(f"http://127.0.0.1:{port}{href}")[0] == 200, href
    finally:
        server.terminate()
        server.wait(timeout=30)
