"""The hub's Events and linked Persons as screening's facts (core/facts.py).

Screening is the hub's own processing, as linking is: it reads every agency's events
for every Person, and what it finds is shown to people only through the access policy
(the screening page). Each event a Person's records are in is one fact per role.
"""

from __future__ import annotations

import pandas as pd

from safehub.records.models import EventPerson, PersonObject
from safehub.records.queries.born import births
from safehub.records.queries.event_things import event_things as shared_event_things
from safehub.screening.core.facts import (
    EVENT_THING_COLUMNS,
    FACT_COLUMNS,
    PERSON_COLUMNS,
    PERSON_THING_COLUMNS,
)
from safehub.things import thing_key

CHUNK = 5_000


def facts() -> pd.DataFrame:
    """FACT_COLUMNS, `event` as the Event's pk (text)."""
    rows = EventPerson.objects.values_list(
        "record__person_id",
        "event_id",
        "event__agency__code",
        "event__event_type",
        "role",
        "event__occurred_on",
        "event__ended_on",
        "event__location__premises_type",
        "event__summary",
    )
    frame = pd.DataFrame(list(rows.iterator(chunk_size=CHUNK)), columns=list(FACT_COLUMNS))
    frame["person"] = frame["person"].astype(str)
    frame["event"] = frame["event"].astype(str)
    frame["premises"] = frame["premises"].replace("", None)
    frame["summary"] = frame["summary"].fillna("")
    return frame.drop_duplicates(["person", "event", "role"], ignore_index=True)


def event_things() -> pd.DataFrame:
    """EVENT_THING_COLUMNS: the things seen at each event and the public place it was."""
    return shared_event_things()[list(EVENT_THING_COLUMNS)]


def person_things() -> pd.DataFrame:
    """PERSON_THING_COLUMNS: the phones, vehicles and accounts each Person's records own
    or use."""
    rows = [
        (str(person), thing_key(kind, value))
        for person, kind, value in PersonObject.objects.values_list(
            "record__person_id", "object__object_type", "object__normalized_value"
        ).iterator(chunk_size=CHUNK)
    ]
    return pd.DataFrame([r for r in rows if r[1]], columns=list(PERSON_THING_COLUMNS))


def persons() -> pd.DataFrame:
    """PERSON_COLUMNS: each Person's date of birth is the full date most of their records
    give (None when none gives one); sex likewise."""
    return births()[list(PERSON_COLUMNS)]
