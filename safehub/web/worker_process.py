"""The task worker `safehub serve` runs beside the web server, and its stopping.

A service manager (systemd, a container runtime, supervisord) stops a service with
SIGTERM, whose default action ends Python at once: no `finally`, so the worker the server
started would be left polling the task table, orphaned. Here SIGTERM (and SIGINT) end the
server as Ctrl+C does, and the server then stops its worker and waits for it. On Linux the
worker also asks the kernel for SIGTERM when its parent dies, so even a server killed with
SIGKILL leaves no worker behind.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
from types import FrameType

PR_SET_PDEATHSIG = 1  # prctl(2)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _die_with_parent() -> None:
    """Runs in the child between fork and exec (Linux only; elsewhere a no-op)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def worker_start() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "safehub.cli", "db_worker", "--no-reload"],
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads yet: the server starts after
    )


def worker_stop(worker: subprocess.Popen[bytes], *, timeout: float = 30) -> None:
    """Ask the worker to stop (it finishes the task in hand), then insist."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _stop(signum: int, frame: FrameType | None) -> None:
    # The server's loop ends on SystemExit and returns, so the caller's `finally` runs.
    raise SystemExit(128 + signum)


def stop_on_signals() -> None:
    """SIGTERM and SIGINT end the server the way Ctrl+C does, `finally` blocks and all."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
