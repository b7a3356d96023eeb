"""The `columns:` of one file of a mapping, checked and turned into ColumnRules."""

from __future__ import annotations

from typing import Literal

from safehub.ingest.exchange.files import FileSpec
from safehub.ingest.mapping.transforms import ColumnRule, DateFormat, Split, ValueMap
from safehub.ingest.mapping.yaml_report import Report, YamlPath, flag, known_keys, scalar

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


def _origin(
    report: Report, path: YamlPath, raw: dict[object, object]
) -> tuple[tuple[str, ...], str | None, str | None]:
    """(native columns, join separator, constant) of one column rule."""
    if ("from" in raw) == ("value" in raw):
        report.add(path, "needs exactly one of `from` (a native column) or `value` (a constant)")
        return (), None, None
    if "value" in raw:
        if "join" in raw:
            report.add((*path, "join"), "is only for a list of columns in `from`")
        return (), None, scalar(report, (*path, "value"), raw["value"])
    return _from(report, path, raw["from"], raw.get("join"))


def _from(
    report: Report, path: YamlPath, names: object, join: object
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


def _split(report: Report, path: YamlPath, raw: object) -> Split | None:
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


def _date_formats(report: Report, path: YamlPath, raw: object) -> tuple[DateFormat, ...]:
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


def _value_map(report: Report, path: YamlPath, raw: object) -> ValueMap | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        report.add(path, "must map native values to exchange values, e.g. {F: female}")
        return None
    entries: dict[str, str] = {}
    shown: list[str] = []
    for key, value in raw.items():
        native = scalar(report, (*path, str(key)), key)
        # An empty value (`N/K:`) means "unknown", the same as an empty cell.
        exchange = "" if value is None else scalar(report, (*path, str(key)), value)
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
    report: Report, path: YamlPath, raw: dict[object, object]
) -> Literal["upper", "lower"] | None:
    upper = flag(report, (*path, "upper"), raw.get("upper"), default=False)
    lower = flag(report, (*path, "lower"), raw.get("lower"), default=False)
    if upper and lower:
        report.add(path, "cannot be both `upper` and `lower`")
        return None
    return "upper" if upper else "lower" if lower else None


def _column_rule(report: Report, path: YamlPath, column: str, raw: object) -> ColumnRule | None:
    if not isinstance(raw, dict):
        report.add(path, 'must be a mapping such as {from: "Native column"}')
        return None
    known_keys(report, path, raw, _COLUMN_KEYS)
    sources, join, constant = _origin(report, path, raw)
    default = scalar(report, (*path, "default"), raw["default"]) if "default" in raw else None
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
        strip=flag(report, (*path, "strip"), raw.get("strip"), default=True),
    )


def column_rules(
    report: Report, path: YamlPath, spec: FileSpec, raw: object
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
