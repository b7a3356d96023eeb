"""Collecting static files only when they changed.

`safehub serve` collects the static files before it serves (WhiteNoise serves the
collected, hashed and compressed copies). Compressing every vendor file with gzip and
Brotli takes half a minute of CPU, so a restart with nothing changed skips it: the
collected folder keeps a fingerprint of what it was collected from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

FINGERPRINT = ".collected-from"


def sources_fingerprint() -> str:
    """Every source file's path, size and modification time, and the storage's class."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def static_collect() -> bool:
    """Collect the static files unless nothing changed since the last time; say whether
    it collected."""
    marker = Path(settings.STATIC_ROOT) / FINGERPRINT
    fingerprint = sources_fingerprint()
    if marker.exists() and marker.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    marker.write_text(fingerprint)
    return True
