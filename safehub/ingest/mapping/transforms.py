"""How one exchange column is made from native cells: split, dates, value maps, case.

A cell that cannot be transformed raises CellError, which the reader turns into an issue
naming the native column, so the agency sees its own value and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

CONSTANT = "(constant)"  # the column label of a `value:` column, which has no native column

Cell = str | date  # Excel date cells stay dates, so a date_format need not re-parse them


class CellError(ValueError):
    """One native cell could not be turned into its exchange value."""


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


def as_text(value: Cell) -> str:
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
            value = self.split.apply(as_text(value))
        if self.value_map is not None:
            mapped = self._look_up(as_text(value))
            if mapped is None:
                return self.default or ""
            value = mapped
        if self.date_formats and as_text(value).strip():
            value = _iso_date(value, self.date_formats)
        text = as_text(value)
        if self.case is not None:
            text = text.upper() if self.case == "upper" else text.lower()
        return text or self.default or ""

    def _take(self, cells: Mapping[str, Cell]) -> Cell:
        if self.constant is not None:
            return self.constant
        if self.join is not None:
            parts = [as_text(cells[name]) for name in self.sources]
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
