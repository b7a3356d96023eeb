"""Hand-made screening facts: a girl of 14 in 2025, unless told otherwise."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import pandas as pd

from safehub.screening.core.facts import FACT_COLUMNS

_events = count(1)
BORN = date(2011, 3, 7)


def fact(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "person": "P1",
        "event": f"E{next(_events)}",
        "agency": "police",
        "event_type": "missing_episode",
        "role": "missing_person",
        "occurred_on": date(2025, 6, 1),
        "ended_on": None,
        "premises": None,
        "summary": "",
    }
    row.update(values)
    return row


def facts(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(FACT_COLUMNS))


def persons(**born: date | None) -> pd.DataFrame:
    """P1 born BORN, and any others given as person=date of birth."""
    everyone = {"P1": BORN, **born}
    return pd.DataFrame(
        {"person": list(everyone), "date_of_birth": list(everyone.values()), "sex": "female"}
    )
