"""Agencies' own CSV and Excel layouts, read through a YAML mapping as exchange-format rows.

Pure Python (no Django). `load_mapping` checks a `safehub-mapping/1` file (see
docs/native-mappings.md) and `MappedExtract` reads the native files through it, so the
importer sees an ordinary extract while every error names the native file, line and
column that a person at the agency can find and fix.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol, Self

import yaml
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, WorksheetNotFound

from safehub.ingest.exchange import FILES_BY_NAME, FORMAT, ExtractRejected, FileSpec, Issue
from safehub.ingest.sources import CHUNK, CsvRows, Limits

MAPPING_FORMAT = "safehub-mapping/1"
MAX_CELL_ISSUES = 100  # the importer's own limit: past it, more messages are noise
CONSTANT = "(constant)"  # the column label of a `value:` column, which has no native column
MAX_STEM = 80  # keeps a default extract_id well under the manifest's 200 characters

Cell = str | date  # Excel date cells stay dates, so a date_format need not re-parse them
YamlPath = tuple[str | int, ...]

_TOP_KEYS = ("format", "agency", "source_system", "files")
_FILE_KEYS = ("source", "sheet", "encoding", "delimiter", "skip_rows", "columns")
_COLUMN_KEYS = (
    "from",
    "value",
    "split",
    "date_format",
    "map",
    "default",
    "join",
    "upper",
    "lower",
    "strip",
)
_NATIVE_SUFFIXES = (".csv", ".xlsx")


class MappingError(ExtractRejected):
    """The mapping file is wrong: nothing was read from the native files."""


class CellError(ValueError):
    """One native cell could not be turned into its exchange value."""


# ---------------------------------------------------------------- transforms


@dataclass(frozen=True)
class Split:
    """Split on the first `sep`; keep part 0 (before) or 1 (after), stripped."""

    sep: str
    part: int

    def apply(self, text: str) -> str:
        before, _, after = text.partition(self.sep)
        return (before if self.part == 0 else after).strip()


_DIRECTIVE = re.compile(r"%(.)")
_YEAR, _MONTH, _DAY = frozenset("YyGcx"), frozenset("mbBjcx"), frozenset("djcx")
_TIME = frozenset("HIMSXc")
# Aware, so %z and %Z survive the round trip that proves a format usable.
_SAMPLE = datetime(2004, 3, 7, 10, 5, 6, tzinfo=UTC)


@dataclass(frozen=True)
class DateFormat:
    """A strptime format and the ISO form it produces.

    A format without a day (or month) gives `YYYY-MM` (or `YYYY`): the exchange format
    takes partial dates, and inventing the 1st of January would falsify a birth date.
    """

    pattern: str
    has_time: bool
    precision: Literal["day", "month", "year"]

    @classmethod
    def parse(cls, pattern: str) -> DateFormat:
        """Raises ValueError saying why the pattern cannot be used."""
        directives = set(_DIRECTIVE.findall(pattern.replace("%%", "")))
        datetime.strptime(_SAMPLE.strftime(pattern), pattern)  # bad directives raise here
        if not directives & _YEAR:
            raise ValueError("it has no year (strptime formats look like %d/%m/%Y)")
        if directives & _DAY and not directives & _MONTH:
            raise ValueError("it has a day but no month")
        precision: Literal["day", "month", "year"] = (
            "day" if directives & _DAY else "month" if directives & _MONTH else "year"
        )
        return cls(pattern, bool(directives & _TIME), precision)

    def read(self, text: str) -> str | None:
        """The ISO form of `text`, or None when it does not fit this format."""
        try:
            moment = datetime.strptime(text, self.pattern)
        except ValueError:
            return None
        if self.has_time:
            return moment.isoformat()
        if self.precision == "day":
            return moment.date().isoformat()
        if self.precision == "month":
            return f"{moment.year:04d}-{moment.month:02d}"
        return f"{moment.year:04d}"


def _as_text(value: Cell) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _iso_date(value: Cell, formats: tuple[DateFormat, ...]) -> str:
    if isinstance(value, datetime):  # a real Excel date-time cell: no parsing needed
        return value.isoformat() if formats[0].has_time else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    for date_format in formats:
        iso = date_format.read(value.strip())
        if iso is not None:
            return iso
    patterns = ", ".join(repr(f.pattern) for f in formats)
    expected = f"the date format {patterns}" if len(formats) == 1 else f"any of {patterns}"
    raise CellError(f"{value!r} does not match {expected}")


@dataclass(frozen=True)
class ValueMap:
    """Native value → exchange value; keys compared trimmed and ignoring case."""

    entries: dict[str, str]
    shown: tuple[str, ...]  # the keys as written, for messages

    @staticmethod
    def key(text: str) -> str:
        return text.strip().casefold()

    def get(self, text: str) -> str | None:
        return self.entries.get(self.key(text))


@dataclass(frozen=True)
class ColumnRule:
    """How one exchange column is made from native cells (docs/native-mappings.md)."""

    column: str
    sources: tuple[str, ...] = ()
    join: str | None = None
    constant: str | None = None
    split: Split | None = None
    date_formats: tuple[DateFormat, ...] = ()
    value_map: ValueMap | None = None
    default: str | None = None
    case: Literal["upper", "lower"] | None = None
    strip: bool = True

    @property
    def label(self) -> str:
        """The native column(s) it comes from, as errors name them."""
        return "+".join(self.sources) if self.sources else CONSTANT

    def apply(self, cells: Mapping[str, Cell]) -> str:
        """The exchange value; raises CellError when the cell cannot be transformed."""
        value = self._take(cells)
        if self.split is not None:
            value = self.split.apply(_as_text(value))
        if self.value_map is not None:
            mapped = self._look_up(_as_text(value))
            if mapped is None:
                return self.default or ""
            value = mapped
        if self.date_formats and _as_text(value).strip():
            value = _iso_date(value, self.date_formats)
        text = _as_text(value)
        if self.case is not None:
            text = text.upper() if self.case == "upper" else text.lower()
        return text or self.default or ""

    def _take(self, cells: Mapping[str, Cell]) -> Cell:
        if self.constant is not None:
            return self.constant
        if self.join is not None:
            parts = [_as_text(cells[name]) for name in self.sources]
            parts = [part.strip() if self.strip else part for part in parts]
            return self.join.join(part for part in parts if part.strip())
        value = cells[self.sources[0]]
        return value.strip() if self.strip and isinstance(value, str) else value

    def _look_up(self, text: str) -> str | None:
        """The mapped value; None means "use the default"."""
        assert self.value_map is not None
        mapped = self.value_map.get(text)
        if mapped is not None:
            return mapped
        if not text.strip():
            return ""  # empty stays unknown unless the map names ""
        if self.default is not None:
            return None
        known = ", ".join(repr(key) for key in self.value_map.shown)
        raise CellError(f"{text.strip()!r} is not in the mapping's value map ({known})")


@dataclass(frozen=True)
class ReadOptions:
    sheet: str | None = None
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    skip_rows: int = 0


@dataclass(frozen=True)
class FileMapping:
    """One exchange file made from one native file."""

    name: str
    source: str
    options: ReadOptions
    rules: tuple[ColumnRule, ...]
    source_line: int | None = None  # where the mapping names the source, for messages

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def is_excel(self) -> bool:
        return self.source.lower().endswith(".xlsx")

    def native_columns(self) -> list[str]:
        return list(dict.fromkeys(name for rule in self.rules for name in rule.sources))

    def map_row(self, cells: Mapping[str, Cell]) -> tuple[dict[str, str], list[tuple[str, str]]]:
        """The exchange row and the (native column, problem) pairs found making it."""
        row: dict[str, str] = {}
        problems: list[tuple[str, str]] = []
        for rule in self.rules:
            try:
                row[rule.column] = rule.apply(cells)
            except CellError as error:
                problems.append((rule.label, str(error)))
        return row, problems


@dataclass(frozen=True)
class NativeMapping:
    filename: str  # the mapping file's name, for messages
    agency: str
    source_system: str
    files: dict[str, FileMapping] = field(default_factory=dict)

    @property
    def sources(self) -> list[str]:
        return sorted({file.source for file in self.files.values()})


# ---------------------------------------------------------------- reading the mapping


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


class _Report:
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


def _duplicate_keys(report: _Report, node: yaml.Node | None, path: YamlPath) -> None:
    """A key written twice: YAML keeps the last silently, hiding a copy-and-paste slip."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _duplicate_keys(report, item, (*path, index))
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[str] = set()
    for key, value in node.value:
        name = str(key.value)
        if name in seen:
            report.add((*path, name), "the key appears twice", line=key.start_mark.line + 1)
        seen.add(name)
        _duplicate_keys(report, value, (*path, name))


def _known_keys(
    report: _Report, path: YamlPath, raw: dict[object, object], allowed: tuple[str, ...]
) -> None:
    for key in raw:
        if key not in allowed:
            report.add((*path, str(key)), f"unknown key {key!r} (expected: {', '.join(allowed)})")


def _text(report: _Report, path: YamlPath, raw: object, *, required: bool = False) -> str:
    if raw is None or raw == "":
        if required:
            report.add(path, "a value is required")
        return ""
    if not isinstance(raw, str):
        report.add(path, "must be text")
        return ""
    return raw


def _scalar(report: _Report, path: YamlPath, raw: object) -> str | None:
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


def _flag(report: _Report, path: YamlPath, raw: object, *, default: bool) -> bool:
    if raw is None:
        return default
    if not isinstance(raw, bool):
        report.add(path, "must be true or false")
        return default
    return raw


def _origin(
    report: _Report, path: YamlPath, raw: dict[object, object]
) -> tuple[tuple[str, ...], str | None, str | None]:
    """(native columns, join separator, constant) of one column rule."""
    if ("from" in raw) == ("value" in raw):
        report.add(path, "needs exactly one of `from` (a native column) or `value` (a constant)")
        return (), None, None
    if "value" in raw:
        if "join" in raw:
            report.add((*path, "join"), "is only for a list of columns in `from`")
        return (), None, _scalar(report, (*path, "value"), raw["value"])
    return _from(report, path, raw["from"], raw.get("join"))


def _from(
    report: _Report, path: YamlPath, names: object, join: object
) -> tuple[tuple[str, ...], str | None, str | None]:
    listed = names if isinstance(names, list) else [names]
    if not listed or not all(isinstance(name, str) and name.strip() for name in listed):
        report.add((*path, "from"), "must be a native column name or a list of them")
        return (), None, None
    columns = tuple(str(name).strip() for name in listed)
    if not isinstance(names, list):
        if join is not None:
            report.add((*path, "join"), "is only for a list of columns in `from`")
        return columns, None, None
    if not isinstance(join, str):
        report.add(path, '`from` is a list, so `join` (the separator, e.g. ";") is required')
        return (), None, None
    return columns, join, None


def _split(report: _Report, path: YamlPath, raw: object) -> Split | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"sep", "part"}:
        report.add(path, "must be {sep: <separator>, part: 0 or 1}")
        return None
    sep, part = raw["sep"], raw["part"]
    if not isinstance(sep, str) or not sep:
        report.add((*path, "sep"), "must be a separator of one or more characters")
        return None
    if type(part) is not int or part not in (0, 1):
        report.add((*path, "part"), "must be 0 (before the separator) or 1 (after it)")
        return None
    return Split(sep, part)


def _date_formats(report: _Report, path: YamlPath, raw: object) -> tuple[DateFormat, ...]:
    if raw is None:
        return ()
    patterns = raw if isinstance(raw, list) else [raw]
    if not patterns or not all(isinstance(pattern, str) for pattern in patterns):
        report.add(path, 'must be a strptime format (e.g. "%d/%m/%Y") or a list of them')
        return ()
    formats: list[DateFormat] = []
    for index, pattern in enumerate(patterns):
        try:
            formats.append(DateFormat.parse(str(pattern)))
        except ValueError as error:
            where = (*path, index) if isinstance(raw, list) else path
            report.add(where, f"{pattern!r} is not a usable date format: {error}")
    return tuple(formats)


def _value_map(report: _Report, path: YamlPath, raw: object) -> ValueMap | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        report.add(path, "must map native values to exchange values, e.g. {F: female}")
        return None
    entries: dict[str, str] = {}
    shown: list[str] = []
    for key, value in raw.items():
        native = _scalar(report, (*path, str(key)), key)
        # An empty value (`N/K:`) means "unknown", the same as an empty cell.
        exchange = "" if value is None else _scalar(report, (*path, str(key)), value)
        if native is None or exchange is None:
            continue
        if ValueMap.key(native) in entries:
            report.add(
                (*path, str(key)),
                f"{native!r} is already in the map (keys are compared ignoring case and spaces)",
            )
        entries[ValueMap.key(native)] = exchange
        shown.append(native)
    return ValueMap(entries, tuple(shown))


def _case(
    report: _Report, path: YamlPath, raw: dict[object, object]
) -> Literal["upper", "lower"] | None:
    upper = _flag(report, (*path, "upper"), raw.get("upper"), default=False)
    lower = _flag(report, (*path, "lower"), raw.get("lower"), default=False)
    if upper and lower:
        report.add(path, "cannot be both `upper` and `lower`")
        return None
    return "upper" if upper else "lower" if lower else None


def _column_rule(report: _Report, path: YamlPath, column: str, raw: object) -> ColumnRule | None:
    if not isinstance(raw, dict):
        report.add(path, 'must be a mapping such as {from: "Native column"}')
        return None
    _known_keys(report, path, raw, _COLUMN_KEYS)
    sources, join, constant = _origin(report, path, raw)
    default = _scalar(report, (*path, "default"), raw["default"]) if "default" in raw else None
    return ColumnRule(
        column=column,
        sources=sources,
        join=join,
        constant=constant,
        split=_split(report, (*path, "split"), raw.get("split")),
        date_formats=_date_formats(report, (*path, "date_format"), raw.get("date_format")),
        value_map=_value_map(report, (*path, "map"), raw.get("map")),
        default=default,
        case=_case(report, path, raw),
        strip=_flag(report, (*path, "strip"), raw.get("strip"), default=True),
    )


def _column_rules(
    report: _Report, path: YamlPath, spec: FileSpec, raw: object
) -> tuple[ColumnRule, ...]:
    if not isinstance(raw, dict) or not raw:
        report.add(
            path, 'must map exchange columns to native ones, e.g. record_id: {from: "Client ID"}'
        )
        return ()
    rules: list[ColumnRule] = []
    for column, rule_raw in raw.items():
        if column not in spec.parsers:
            report.add(
                (*path, str(column)),
                f"{spec.filename} has no column {column!r} (expected: {', '.join(spec.parsers)})",
            )
            continue
        rule = _column_rule(report, (*path, column), column, rule_raw)
        if rule is not None:
            rules.append(rule)
    missing = [column for column in spec.required if column not in raw]
    if missing:
        report.add(path, f"{spec.filename} requires {', '.join(missing)}")
    return tuple(rules)


def _source(report: _Report, path: YamlPath, raw: object) -> str | None:
    text = _text(report, path, raw, required=True)
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


def _encoding(report: _Report, path: YamlPath, raw: object) -> str:
    name = _text(report, path, raw) or "utf-8"
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


def _delimiter(report: _Report, path: YamlPath, raw: object) -> str:
    if raw is None:
        return ","
    if not isinstance(raw, str) or len(raw) != 1 or raw in '\r\n"':
        report.add(path, 'must be one character, e.g. "," or ";"')
        return ","
    return raw


def _skip_rows(report: _Report, path: YamlPath, raw: object) -> int:
    if raw is None:
        return 0
    if type(raw) is not int or raw < 0:
        report.add(path, "must be a whole number, 0 or more")
        return 0
    return raw


def _read_options(
    report: _Report, path: YamlPath, raw: dict[object, object], source: str | None
) -> ReadOptions:
    if source is not None:
        excel = source.lower().endswith(".xlsx")
        for key in ("encoding", "delimiter") if excel else ("sheet",):
            if key in raw:
                report.add((*path, key), f"is only for {'.csv' if excel else '.xlsx'} sources")
    return ReadOptions(
        sheet=_text(report, (*path, "sheet"), raw.get("sheet")) or None,
        encoding=_encoding(report, (*path, "encoding"), raw.get("encoding")),
        delimiter=_delimiter(report, (*path, "delimiter"), raw.get("delimiter")),
        skip_rows=_skip_rows(report, (*path, "skip_rows"), raw.get("skip_rows")),
    )


def _file_mapping(
    report: _Report, path: YamlPath, spec: FileSpec, raw: object
) -> FileMapping | None:
    if not isinstance(raw, dict):
        report.add(path, "must be a mapping with `source` and `columns`")
        return None
    _known_keys(report, path, raw, _FILE_KEYS)
    source = _source(report, (*path, "source"), raw.get("source"))
    options = _read_options(report, path, raw, source)
    rules = _column_rules(report, (*path, "columns"), spec, raw.get("columns"))
    if source is None:
        return None
    return FileMapping(
        spec.name, source, options, rules, source_line=report.line_of((*path, "source"))
    )


def _files(report: _Report, raw: object) -> dict[str, FileMapping]:
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


def _native_mapping(report: _Report, raw: object) -> NativeMapping | None:
    if not isinstance(raw, dict):
        report.add((), "must be a YAML mapping with format, agency, source_system and files")
        return None
    _known_keys(report, (), raw, _TOP_KEYS)
    if raw.get("format") != MAPPING_FORMAT:
        report.add(("format",), f"must be {MAPPING_FORMAT!r}, not {raw.get('format')!r}")
    return NativeMapping(
        filename=report.filename,
        agency=_text(report, ("agency",), raw.get("agency"), required=True),
        source_system=_text(report, ("source_system",), raw.get("source_system")),
        files=_files(report, raw.get("files")),
    )


def _read_yaml(path: Path) -> tuple[object, yaml.Node | None]:
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


def load_mapping(path: Path) -> NativeMapping:
    """The checked mapping, or MappingError naming every problem and where it is."""
    raw, root = _read_yaml(path)
    report = _Report(path.name, root)
    _duplicate_keys(report, root, ())
    mapping = _native_mapping(report, raw)
    if report.issues or mapping is None:
        raise MappingError(report.issues)
    return mapping


# ---------------------------------------------------------------- native tables


class NativeTable(Protocol):
    """A native file's data rows as (line or sheet row, {native column: cell})."""

    label: str
    header: list[str]
    header_line: int
    bytes_read: int

    def __iter__(self) -> Iterator[tuple[int, Mapping[str, Cell]]]: ...


def _excel_cell(value: object) -> Cell:
    if isinstance(value, date):  # datetime included: a real date cell stays a date
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores every number as a float: 123.0 is id 123
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _is_blank(cells: list[Cell]) -> bool:
    return all(isinstance(cell, str) and not cell.strip() for cell in cells)


class SheetRows:
    """The data rows of one Excel sheet, numbered as Excel numbers its rows."""

    def __init__(self, sheet: CalamineSheet, label: str, *, size: int, skip_rows: int) -> None:
        self.label = label
        self.bytes_read = 0
        self._size = size
        end = sheet.end
        if sheet.start is None or end is None or end[0] < skip_rows:
            raise ExtractRejected(
                [Issue(label, skip_rows + 1, None, "the sheet is empty (no header row)")]
            )
        self._rows_in_sheet = end[0] + 1
        # iter_rows starts at the sheet's first row, padding empty rows above the data,
        # so the position in it is the Excel row number.
        self._rows = iter(sheet.iter_rows())
        for _ in range(skip_rows):
            next(self._rows)
        self.header_line = skip_rows + 1
        self.header = [_as_text(_excel_cell(cell)).strip() for cell in next(self._rows)]

    def __iter__(self) -> Iterator[tuple[int, Mapping[str, Cell]]]:
        for number, row in enumerate(self._rows, start=self.header_line + 1):
            # calamine holds the parsed sheet, so progress is the share of rows read.
            self.bytes_read = self._size * number // self._rows_in_sheet
            cells = [_excel_cell(cell) for cell in row]
            if _is_blank(cells):
                continue
            yield number, dict(zip(self.header, cells, strict=False))


# ---------------------------------------------------------------- mapped rows


class _CellIssues:
    """Cells that could not be mapped, gathered so one run reports them all."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.issues: list[Issue] = []

    def add(self, line: int, problems: list[tuple[str, str]]) -> None:
        for column, message in problems:
            if len(self.issues) >= MAX_CELL_ISSUES:
                raise ExtractRejected(self.issues, truncated=True)
            self.issues.append(Issue(self.label, line, column, message))

    def joined(self, rejected: ExtractRejected) -> ExtractRejected:
        return ExtractRejected(self.issues + rejected.issues, truncated=rejected.truncated)


def _missing_column(name: str, header: list[str]) -> str:
    message = "the mapping reads this column but the header does not have it"
    close = difflib.get_close_matches(name, [h for h in header if h], n=1)
    return f"{message} (did you mean {close[0]!r}?)" if close else message


def _header_issues(table: NativeTable, file: FileMapping) -> list[Issue]:
    if not any(table.header):
        return [
            Issue(
                table.label,
                table.header_line,
                None,
                "the header row is empty (is skip_rows right?)",
            )
        ]
    counts = Counter(table.header)
    issues: list[Issue] = []
    for name in file.native_columns():
        if counts[name] == 0:
            issues.append(
                Issue(table.label, table.header_line, name, _missing_column(name, table.header))
            )
        elif counts[name] > 1:
            # Only columns the mapping reads: twin columns it ignores are harmless.
            issues.append(
                Issue(
                    table.label, table.header_line, name, "the column appears twice in the header"
                )
            )
    return issues


class MappedRows:
    """One exchange file's rows, made from a native table by its mapping (a RowSource).

    A cell that cannot be transformed drops its row and is reported; the issues are
    raised together when the file ends, so one run shows the agency every bad cell.
    """

    def __init__(self, table: NativeTable, file: FileMapping) -> None:
        issues = _header_issues(table, file)
        if issues:
            raise ExtractRejected(issues)
        self.label = table.label
        self.header = [rule.column for rule in file.rules]
        self.header_line = table.header_line
        self.bytes_read = 0
        self._table = table
        self._file = file
        self._labels = {rule.column: rule.label for rule in file.rules}

    def column_label(self, column: str) -> str:
        return self._labels.get(column, column)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        issues = _CellIssues(self.label)
        for line, cells in self._native_rows(issues):
            self.bytes_read = self._table.bytes_read
            row, problems = self._file.map_row(cells)
            if problems:
                issues.add(line, problems)
                continue
            yield line, row
        self.bytes_read = self._table.bytes_read
        if issues.issues:
            raise ExtractRejected(issues.issues)

    def _native_rows(self, issues: _CellIssues) -> Iterator[tuple[int, Mapping[str, Cell]]]:
        try:
            yield from self._table
        except ExtractRejected as rejected:
            # A malformed line ends the file: keep the cell issues found before it.
            raise issues.joined(rejected) from None


# ---------------------------------------------------------------- the extract


def _single_file(mapping: NativeMapping, path: Path) -> dict[str, Path]:
    """The one native file a mapping reads, given directly (its name may differ)."""
    sources = mapping.sources
    if len(sources) != 1:
        raise ExtractRejected(
            [
                Issue(
                    path.name,
                    None,
                    None,
                    (
                        f"{mapping.filename} reads {len(sources)} native files "
                        f"({', '.join(sources)}): "
                        "give the folder that holds them"
                    ),
                )
            ]
        )
    suffix = PurePosixPath(sources[0]).suffix.lower()
    if path.suffix.lower() != suffix:
        raise ExtractRejected(
            [
                Issue(
                    path.name,
                    None,
                    None,
                    (
                        f"{mapping.filename} reads {sources[0]!r}, a {suffix} file, "
                        f"and this is not one"
                    ),
                )
            ]
        )
    return {sources[0]: path}


def _missing_natives(mapping: NativeMapping, natives: dict[str, Path], folder: Path) -> list[Issue]:
    return [
        Issue(
            mapping.filename,
            file.source_line,
            None,
            f"files.{file.name}.source: there is no {file.source!r} in {folder}",
        )
        for file in mapping.files.values()
        if not natives[file.source].is_file()
    ]


def _oversized_natives(natives: dict[str, Path], limits: Limits) -> list[Issue]:
    return [
        Issue(
            source,
            None,
            None,
            f"{native.stat().st_size:,} bytes is over the limit of {limits.max_file_bytes:,} bytes",
        )
        for source, native in natives.items()
        if native.stat().st_size > limits.max_file_bytes
    ]


def _locate(mapping: NativeMapping, path: Path, limits: Limits) -> dict[str, Path]:
    """Native source name (as the mapping writes it) → the file on disk."""
    if not path.exists():
        raise ExtractRejected([Issue(str(path), None, None, "no such file or folder")])
    if path.is_dir():
        natives = {source: path / source for source in mapping.sources}
    else:
        natives = _single_file(mapping, path)
    missing = _missing_natives(mapping, natives, path)
    if missing:
        # Placed in the mapping: it names the file, so that is where to look first.
        raise MappingError(missing)
    oversized = _oversized_natives(natives, limits)
    if oversized:
        raise ExtractRejected(oversized)
    return natives


def _iso_instant(moment: datetime) -> str:
    if moment.tzinfo is None:
        return moment.isoformat()  # the manifest reads a naive time as UK local time
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class MappedExtract:
    """A folder of native files (or one native file) read as an extract (an ExtractReader).

    The default extract_id is derived from the native files' bytes, so importing the
    same files twice is a no-op, as it is for an exchange-format extract.
    """

    def __init__(
        self,
        mapping: Path,
        path: Path,
        *,
        extract_id: str | None = None,
        extracted_at: datetime | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.mapping = load_mapping(mapping)
        self.path = path
        self.label = path.name
        self._extract_id = extract_id
        self._extracted_at = extracted_at
        self._natives = _locate(self.mapping, path, limits or Limits())
        self._files = {file.filename: file for file in self.mapping.files.values()}
        self._digest: str | None = None
        self._workbooks: dict[Path, CalamineWorkbook] = {}
        self._sheets: dict[tuple[Path, str | None], CalamineSheet] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        for workbook in self._workbooks.values():
            workbook.close()
        self._workbooks.clear()
        self._sheets.clear()

    # -- the manifest an exchange-format extract would carry

    def manifest(self) -> object:
        return {
            "format": FORMAT,
            "agency": self.mapping.agency,
            "source_system": self.mapping.source_system,
            "extract_id": self._extract_id or self._default_extract_id(),
            "extracted_at": _iso_instant(self._extracted_at or self._newest_change()),
            "replaces": None,
        }

    def _default_extract_id(self) -> str:
        stem = self.path.name if self.path.is_dir() else self.path.stem
        return f"{self.mapping.agency}-{stem[:MAX_STEM]}-{self.checksum()[:12]}"

    def _newest_change(self) -> datetime:
        newest = max(native.stat().st_mtime for native in self._natives.values())
        return datetime.fromtimestamp(int(newest), UTC)

    def checksum(self) -> str:
        """SHA-256 over the native files' names, sizes and bytes, in name order."""
        if self._digest is None:
            digest = hashlib.sha256()
            for source, native in sorted(self._natives.items()):
                digest.update(f"{source}\0{native.stat().st_size}\0".encode())
                with native.open("rb") as stream:
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
            self._digest = digest.hexdigest()
        return self._digest

    # -- the exchange files the mapping makes

    def has(self, filename: str) -> bool:
        return filename in self._files

    def size(self, filename: str) -> int:
        return self._natives[self._files[filename].source].stat().st_size

    def unexpected_files(self, expected: set[str]) -> list[str]:
        return []  # a native folder may hold anything; the mapping says what is read

    def _native_label(self, file: FileMapping) -> str:
        return file.source if self.path.is_dir() else self.path.name

    @contextmanager
    def rows(self, filename: str) -> Iterator[MappedRows]:
        file = self._files[filename]
        native = self._natives[file.source]
        if file.is_excel:
            sheet = self._sheet(file)
            yield MappedRows(
                SheetRows(
                    sheet,
                    f"{self._native_label(file)}[{sheet.name}]",
                    size=native.stat().st_size,
                    skip_rows=file.options.skip_rows,
                ),
                file,
            )
            return
        with native.open("rb") as stream:
            table = CsvRows(
                stream,
                self._native_label(file),
                encoding=file.options.encoding,
                delimiter=file.options.delimiter,
                skip_rows=file.options.skip_rows,
            )
            yield MappedRows(table, file)

    def _sheet(self, file: FileMapping) -> CalamineSheet:
        """The sheet, parsed once: the importer reads every file twice (headers, rows)."""
        native, name = self._natives[file.source], file.options.sheet
        if (native, name) not in self._sheets:
            workbook = self._workbook(native, self._native_label(file))
            try:
                sheet = (
                    workbook.get_sheet_by_name(name)
                    if name is not None
                    else workbook.get_sheet_by_index(0)
                )
            except WorksheetNotFound:
                raise ExtractRejected(
                    [
                        Issue(
                            self._native_label(file),
                            None,
                            None,
                            (f"no sheet {name!r} (sheets: {', '.join(workbook.sheet_names)})"),
                        )
                    ]
                ) from None
            self._sheets[native, name] = sheet
        return self._sheets[native, name]

    def _workbook(self, native: Path, label: str) -> CalamineWorkbook:
        if native not in self._workbooks:
            try:
                self._workbooks[native] = CalamineWorkbook.from_path(native)
            except CalamineError as error:
                raise ExtractRejected(
                    [Issue(label, None, None, f"cannot be read as an Excel workbook: {error}")]
                ) from None
        return self._workbooks[native]
