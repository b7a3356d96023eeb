"""What screening is measured against, on the same facts and the same matches:

- **reactive**: a child is flagged only when abuse is already known — the first harm
  fact (a disclosure, a sexual offence as victim, ...): how hubs work without screening;
- **naive checklist**: "any two indicators within 12 months" — two different rules of
  any kind, vulnerabilities included, firing within a year, as a paper checklist would.

Both return `person, first_flagged_on`, like `scoring.first_flags`.
"""

from __future__ import annotations

import duckdb
import pandas as pd

CHECKLIST_DAYS = 365
CHECKLIST_RULES = 2


def reactive(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _dated(
        con.execute(
            "SELECT person, min(occurred_on) AS first_flagged_on FROM matches "
            "WHERE kind = 'harm' GROUP BY person ORDER BY person"
        ).df()
    )


def checklist(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _dated(
        con.execute(
            """
            SELECT person, min(day) AS first_flagged_on FROM (
                SELECT d.person, d.day FROM
                    (SELECT DISTINCT person, occurred_on AS day FROM matches) d
                JOIN matches m ON m.person = d.person AND m.occurred_on <= d.day
                 AND m.occurred_on > d.day - CAST(? AS INTEGER)
                GROUP BY d.person, d.day HAVING count(DISTINCT m.rule) >= ?
            ) GROUP BY person ORDER BY person
            """,
            [CHECKLIST_DAYS, CHECKLIST_RULES],
        ).df()
    )


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    frame["first_flagged_on"] = pd.to_datetime(frame["first_flagged_on"]).dt.date
    return frame
