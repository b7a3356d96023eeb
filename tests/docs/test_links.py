"""The documentation stands alone: every relative link leads to a file in the repository,
and nothing cites the design documents the project was started from, which live outside
it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# [text](target) — also inside ![images](…); an optional "title" after the target.
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_EXTERNAL = ("http://", "https://", "mailto:")

# Built from parts, so this file does not name them itself.
_SHARED_DOCUMENTS = tuple(
    f"{stem}.md" for stem in ("DESIGN", "EXCHANGE_FORMAT", "STYLE", "INDICATORS", "SECURITY")
)
_FORBIDDEN = (f"..{'/'}shared", *_SHARED_DOCUMENTS)
_SCANNED_FOLDERS = ("safehub", "tests", "benchmarks", "scripts")
# Generated or third-party files under the scanned folders (see .gitignore).
_SKIPPED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", "node_modules"}
_SKIPPED_FOLDERS = (
    ROOT / "safehub" / "web" / "static" / "vendor",
    ROOT / "safehub" / "web" / "static" / "vendor.tmp",
    ROOT / "benchmarks" / "out",
)


def markdown_files() -> list[Path]:
    """README.md and every Markdown file under docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def relative_links(markdown: Path) -> Iterator[tuple[int, str]]:
    """(line, target) of every relative link outside code blocks and code spans."""
    fenced = False
    for number, line in enumerate(markdown.read_text(encoding="utf-8").splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        prose = re.sub(r"`[^`]*`", "", line)
        for match in _LINK.finditer(prose):
            target = match.group(1)
            if target.startswith(_EXTERNAL) or target.startswith("#"):
                continue
            yield number, target


def broken(markdown: Path, target: str) -> str | None:
    """Why `target`, linked from `markdown`, leads nowhere; None when it is fine."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    resolved = (markdown.parent / path).resolve()
    if not resolved.is_relative_to(ROOT):
        return "leads outside the repository"
    if not resolved.exists():
        return "no such file"
    return None


def test_every_relative_link_leads_to_a_file_in_the_repository() -> None:
    problems = [
        f"{markdown.relative_to(ROOT)}:{line}: ({target}) {reason}"
        for markdown in markdown_files()
        for line, target in relative_links(markdown)
        if (reason := broken(markdown, target)) is not None
    ]
    assert not problems, "broken links:\n" + "\n".join(problems)


def _skipped(path: Path) -> bool:
    return bool(_SKIPPED_PARTS & set(path.parts)) or any(
        path.is_relative_to(folder) for folder in _SKIPPED_FOLDERS
    )


def scanned_files() -> list[Path]:
    """Every Markdown file, and every text file under the code folders."""
    files = set(markdown_files())
    for folder in _SCANNED_FOLDERS:
        files.update(
            path for path in (ROOT / folder).rglob("*") if path.is_file() and not _skipped(path)
        )
    return sorted(files)


def _text(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data:
        return None  # binary: an image, a workbook, compiled bytecode
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def test_nothing_cites_the_design_documents_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {name}"
        for path in scanned_files()
        if (text := _text(path)) is not None
        for number, line in enumerate(text.splitlines(), 1)
        for name in _FORBIDDEN
        if name in line
    ]
    assert not offenders, (
        "cites a document outside the repository (describe it in docs/ instead):\n"
        + "\n".join(offenders)
    )
