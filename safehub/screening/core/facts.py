"""The frames screening reads: one row per person per event they are in, and people.

FACT_COLUMNS (pandas, one row per Person per Event, with the role they had in it):
  person      the linked Person's key (str)
  event       the event's key, unique across agencies (str)
  agency      the agency that recorded the event (its code)
  event_type  from the exchange format's vocabulary
  role        the person's role in the event (`subject`, `victim`, `missing_person`, ...)
  occurred_on the date it happened
  ended_on    for episodes (a missing episode's return), else null
  premises    the premises type of the event's location, else null
  summary     the agency's free text ('' when none)

PERSON_COLUMNS: person, date_of_birth (a date, or null when no record gives one), sex.

EVENT_THING_COLUMNS: event, key — a phone, vehicle or account seen or used in the event,
  or the public place it happened at (safehub.things: `phone:+44…`, `place:NV29XX`).
PERSON_THING_COLUMNS: person, key — a phone, vehicle or account a person owns or uses.
"""

from __future__ import annotations

import pandas as pd

FACT_COLUMNS = (
    "person",
    "event",
    "agency",
    "event_type",
    "role",
    "occurred_on",
    "ended_on",
    "premises",
    "summary",
)
PERSON_COLUMNS = ("person", "date_of_birth", "sex")
EVENT_THING_COLUMNS = ("event", "key")
PERSON_THING_COLUMNS = ("person", "key")


def checked(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> pd.DataFrame:
    """`frame` with exactly `columns`, or a ValueError naming what is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(missing)}")
    return frame[list(columns)]
