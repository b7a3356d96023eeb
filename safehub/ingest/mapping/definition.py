"""A checked mapping as data: per exchange file, its native source, how to read it, its rules.

Built only by `load_mapping`, so the readers can trust every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from safehub.ingest.mapping.transforms import Cell, CellError, ColumnRule


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
