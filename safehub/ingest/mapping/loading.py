"""`load_mapping`: a `safehub-mapping/1` file checked whole, every problem at its line.

Nothing is read from the native files until the mapping is known to be right, so a
mistake in it is never reported as a fault of the agency's data.
"""

from __future__ import annotations

import codecs
from pathlib import Path, PurePosixPath

from safehub.ingest.exchange.files import FILES_BY_NAME, FileSpec
from safehub.ingest.mapping.column_rules import column_rules
from safehub.ingest.mapping.definition import FileMapping, NativeMapping, ReadOptions
from safehub.ingest.mapping.yaml_report import (
    MappingError,
    Report,
    YamlPath,
    duplicate_keys,
    known_keys,
    read_yaml,
    text_value,
)

MAPPING_FORMAT = "safehub-mapping/1"

_TOP_KEYS = ("format", "agency", "source_system", "files")
_FILE_KEYS = ("source", "sheet", "encoding", "delimiter", "skip_rows", "columns")
_NATIVE_SUFFIXES = (".csv", ".xlsx")


def _source(report: Report, path: YamlPath, raw: object) -> str | None:
    text = text_value(report, path, raw, required=True)
    if not text:
        return None
    native = PurePosixPath(text.replace("\\", "/"))
    if native.is_absolute() or ".." in native.parts:
        report.add(path, f"{text!r} must be a file inside the native folder")
        return None
    if native.suffix.lower() not in _NATIVE_SUFFIXES:
        report.add(path, f"{text!r} must be a .csv or .xlsx file")
        return None
    return str(native)


def _encoding(report: Report, path: YamlPath, raw: object) -> str:
    name = text_value(report, path, raw) or "utf-8"
    try:
        canonical = codecs.lookup(name).name
        # Lines are split on b"\n" before decoding, so the encoding must keep ASCII as is.
        ascii_safe = "a,\n".encode(name) == b"a,\n"
    except LookupError:
        report.add(path, f"unknown encoding {name!r}")
        return "utf-8-sig"
    if not ascii_safe:
        report.add(
            path, f"{name!r} is not supported (use UTF-8 or a single-byte encoding such as cp1252)"
        )
    return "utf-8-sig" if canonical in ("utf-8", "utf-8-sig") else name


def _delimiter(report: Report, path: YamlPath, raw: object) -> str:
    if raw is None:
        return ","
    if not isinstance(raw, str) or len(raw) != 1 or raw in '\r\n"':
        report.add(path, 'must be one character, e.g. "," or ";"')
        return ","
    return raw


def _skip_rows(report: Report, path: YamlPath, raw: object) -> int:
    if raw is None:
        return 0
    if type(raw) is not int or raw < 0:
        report.add(path, "must be a whole number, 0 or more")
        return 0
    return raw


def _read_options(
    report: Report, path: YamlPath, raw: dict[object, object], source: str | None
) -> ReadOptions:
    if source is not None:
        excel = source.lower().endswith(".xlsx")
        for key in ("encoding", "delimiter") if excel else ("sheet",):
            if key in raw:
                report.add((*path, key), f"is only for {'.csv' if excel else '.xlsx'} sources")
    return ReadOptions(
        sheet=text_value(report, (*path, "sheet"), raw.get("sheet")) or None,
        encoding=_encoding(report, (*path, "encoding"), raw.get("encoding")),
        delimiter=_delimiter(report, (*path, "delimiter"), raw.get("delimiter")),
        skip_rows=_skip_rows(report, (*path, "skip_rows"), raw.get("skip_rows")),
    )


def _file_mapping(
    report: Report, path: YamlPath, spec: FileSpec, raw: object
) -> FileMapping | None:
    if not isinstance(raw, dict):
        report.add(path, "must be a mapping with `source` and `columns`")
        return None
    known_keys(report, path, raw, _FILE_KEYS)
    source = _source(report, (*path, "source"), raw.get("source"))
    options = _read_options(report, path, raw, source)
    rules = column_rules(report, (*path, "columns"), spec, raw.get("columns"))
    if source is None:
        return None
    return FileMapping(
        spec.name, source, options, rules, source_line=report.line_of((*path, "source"))
    )


def _files(report: Report, raw: object) -> dict[str, FileMapping]:
    if not isinstance(raw, dict) or not raw:
        report.add(("files",), "must map exchange files (persons, events, ...) to native files")
        return {}
    files: dict[str, FileMapping] = {}
    for name, file_raw in raw.items():
        spec = FILES_BY_NAME.get(str(name))
        if spec is None:
            report.add(
                ("files", str(name)),
                f"unknown exchange file {name!r} (expected: {', '.join(FILES_BY_NAME)})",
            )
            continue
        file = _file_mapping(report, ("files", spec.name), spec, file_raw)
        if file is not None:
            files[spec.name] = file
    return files


def _native_mapping(report: Report, raw: object) -> NativeMapping | None:
    if not isinstance(raw, dict):
        report.add((), "must be a YAML mapping with format, agency, source_system and files")
        return None
    known_keys(report, (), raw, _TOP_KEYS)
    if raw.get("format") != MAPPING_FORMAT:
        report.add(("format",), f"must be {MAPPING_FORMAT!r}, not {raw.get('format')!r}")
    return NativeMapping(
        filename=report.filename,
        agency=text_value(report, ("agency",), raw.get("agency"), required=True),
        source_system=text_value(report, ("source_system",), raw.get("source_system")),
        files=_files(report, raw.get("files")),
    )


def load_mapping(path: Path) -> NativeMapping:
    """The checked mapping, or MappingError naming every problem and where it is."""
    raw, root = read_yaml(path)
    report = Report(path.name, root)
    duplicate_keys(report, root, ())
    mapping = _native_mapping(report, raw)
    if report.issues or mapping is None:
        raise MappingError(report.issues)
    return mapping
