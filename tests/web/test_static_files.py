"""`safehub serve` collects static files only when they changed since the last time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import override_settings

from safehub.web.static_files import static_collect


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "hub.css").write_text("body { color: black; }")
    return folder


def test_a_restart_with_nothing_changed_collects_nothing(tmp_path: Path, source: Path) -> None:
    root = tmp_path / "collected"
    with override_settings(STATIC_ROOT=str(root), STATICFILES_DIRS=[str(source)]):
        assert static_collect() is True
        assert (root / "hub.css").read_text() == "body { color: black; }"
        assert static_collect() is False

        (source / "hub.css").write_text("body { color: navy; }")
        stat = (source / "hub.css").stat()
        os.utime(source / "hub.css", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert static_collect() is True
        assert (root / "hub.css").read_text() == "body { color: navy; }"

        (source / "new.js").write_text("// a file added")
        assert static_collect() is True
        assert (root / "new.js").exists()
