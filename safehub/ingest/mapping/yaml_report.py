"""The mapping file's YAML, read so that every problem is placed at its key and line.

The checks note each problem in a Report and carry on, so one run shows the agency every
mistake in its mapping rather than the first.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from safehub.ingest.exchange.issues import ExtractRejected, Issue

YamlPath = tuple[str | int, ...]


class MappingError(ExtractRejected):
    """The mapping file is wrong: nothing was read from the native files."""


def _dotted(path: YamlPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """(key node, value node) of one step down a YAML path."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part], node.value[part]
    return None


def _line_of(root: yaml.Node | None, path: YamlPath) -> int | None:
    """The line of the deepest key of `path` present in the file (its parent if missing)."""
    line = None if root is None else root.start_mark.line + 1
    node = root
    for part in path:
        step = _child(node, part)
        if step is None:
            break
        line, node = step[0].start_mark.line + 1, step[1]
    return line


class Report:
    """Problems found in a mapping file, each placed at its YAML key and line."""

    def __init__(self, filename: str, root: yaml.Node | None) -> None:
        self.filename = filename
        self.root = root
        self.issues: list[Issue] = []

    def add(self, path: YamlPath, message: str, *, line: int | None = None) -> None:
        where = _dotted(path)
        self.issues.append(
            Issue(
                self.filename,
                line or _line_of(self.root, path),
                None,
                f"{where}: {message}" if where else message,
            )
        )

    def line_of(self, path: YamlPath) -> int | None:
        return _line_of(self.root, path)


def duplicate_keys(report: Report, node: yaml.Node | None, path: YamlPath) -> None:
    """A key written twice: YAML keeps the last silently, hiding a copy-and-paste slip."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            duplicate_keys(report, item, (*path, index))
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[str] = set()
    for key, value in node.value:
        name = str(key.value)
        if name in seen:
            report.add((*path, name), "the key appears twice", line=key.start_mark.line + 1)
        seen.add(name)
        duplicate_keys(report, value, (*path, name))


def known_keys(
    report: Report, path: YamlPath, raw: dict[object, object], allowed: tuple[str, ...]
) -> None:
    for key in raw:
        if key not in allowed:
            report.add((*path, str(key)), f"unknown key {key!r} (expected: {', '.join(allowed)})")


def text_value(report: Report, path: YamlPath, raw: object, *, required: bool = False) -> str:
    if raw is None or raw == "":
        if required:
            report.add(path, "a value is required")
        return ""
    if not isinstance(raw, str):
        report.add(path, "must be text")
        return ""
    return raw


def scalar(report: Report, path: YamlPath, raw: object) -> str | None:
    """A constant, map key or map value; YAML's own types turned back into text."""
    if isinstance(raw, bool):
        report.add(
            path, "YAML reads yes/no/true/false/on/off as true or false: put the text in quotes"
        )
        return None
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int | float):
        return str(raw)
    if isinstance(raw, date):
        return raw.isoformat()
    report.add(path, "must be text")
    return None


def flag(report: Report, path: YamlPath, raw: object, *, default: bool) -> bool:
    if raw is None:
        return default
    if not isinstance(raw, bool):
        report.add(path, "must be true or false")
        return default
    return raw


def read_yaml(path: Path) -> tuple[object, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8-sig")
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError([Issue(path.name, None, None, f"cannot be read: {error}")]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise MappingError(
            [
                Issue(
                    path.name,
                    mark.line + 1 if mark else None,
                    None,
                    f"not valid YAML: {error.problem or error.context}",
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise MappingError([Issue(path.name, None, None, f"not valid YAML: {error}")]) from None
