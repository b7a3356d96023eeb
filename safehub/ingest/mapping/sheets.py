"""The native Excel reader: one sheet's rows, numbered as Excel numbers them.

Cells keep what the agency sees in Excel (a date stays a date, 123.0 is 123), so a
mapping is written against the sheet as it looks, not as calamine stores it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, time

from python_calamine import CalamineSheet

from safehub.ingest.exchange.issues import ExtractRejected, Issue
from safehub.ingest.mapping.transforms import Cell, as_text


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
        self.header = [as_text(_excel_cell(cell)).strip() for cell in next(self._rows)]

    def __iter__(self) -> Iterator[tuple[int, Mapping[str, Cell]]]:
        for number, row in enumerate(self._rows, start=self.header_line + 1):
            # calamine holds the parsed sheet, so progress is the share of rows read.
            self.bytes_read = self._size * number // self._rows_in_sheet
            cells = [_excel_cell(cell) for cell in row]
            if _is_blank(cells):
                continue
            yield number, dict(zip(self.header, cells, strict=False))
