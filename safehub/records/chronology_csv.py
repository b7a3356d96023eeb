"""A chronology as CSV: the printed table's rows, one per event, oldest first.

A cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe: text from an agency's extract is
not trusted to be only text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from safehub.records.queries.chronology import Chronology

HEADER = (
    "Date",
    "Time",
    "Ended",
    "Agency",
    "What happened",
    "Role",
    "Summary",
    "Where",
    "Event reference",
    "Record reference",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def chronology_csv(chronology: Chronology) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in chronology.rows:
        writer.writerow(
            spreadsheet_safe(value)
            for value in (
                row.occurred_on.isoformat(),
                timezone.localtime(row.occurred_at).strftime("%H:%M") if row.occurred_at else "",
                row.ended_on.isoformat() if row.ended_on else "",
                row.agency_name,
                row.label,
                row.role,
                row.summary,
                row.location,
                row.event_id,
                row.record_id,
            )
        )
    return out.getvalue()


def spreadsheet_safe(value: str) -> str:
    """The cell as text a spreadsheet will not run (see the module's docstring)."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
