"""The frames the association graph is built from: the hub's POLE links, each person
already the linked Person, each thing in its canonical key (safehub/things.py).

PRESENCE_COLUMNS — one row per person per event they are in:
  person, event, role, occurred_on (date), agency, grading (3x5x2, '' when none)
PERSON_THING_COLUMNS — a person owns or uses a thing, or lives at or frequents a place:
  person, key (`phone:+44…`, `vehicle:AB12CDE`, `social_media:…`, `place:NV29XX`,
  `address:NV12AB 12 MILL LANE`), relation, agency, on (date or null)
EVENT_THING_COLUMNS — a thing seen, used or seized at an event, or where it happened:
  event, key
RELATION_COLUMNS — one person's agency records another as associate, sibling, parent,
  partner or boyfriend: person, other, relation, agency
PERSON_COLUMNS — person, date_of_birth (date or null)
"""

from __future__ import annotations

import pandas as pd

PRESENCE_COLUMNS = ("person", "event", "role", "occurred_on", "agency", "grading")
PERSON_THING_COLUMNS = ("person", "key", "relation", "agency", "on")
EVENT_THING_COLUMNS = ("event", "key")
RELATION_COLUMNS = ("person", "other", "relation", "agency")
PERSON_COLUMNS = ("person", "date_of_birth")


def checked(frame: pd.DataFrame | None, columns: tuple[str, ...], name: str) -> pd.DataFrame:
    """`frame` with exactly `columns` (an empty frame for None), or a ValueError naming
    what is missing."""
    if frame is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(missing)}")
    return frame[list(columns)]
