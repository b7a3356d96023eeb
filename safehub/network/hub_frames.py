"""The hub's POLE links as the network's frames (core/frames.py): every agency's, for
every linked Person. Building the network is the hub's own processing, as linking and
screening are; what it finds is shown to people only through the access policy."""

from __future__ import annotations

import pandas as pd

from safehub.network.core.alerts import SIGHTING_COLUMNS
from safehub.network.core.frames import (
    EVENT_THING_COLUMNS,
    PERSON_COLUMNS,
    PERSON_THING_COLUMNS,
    PRESENCE_COLUMNS,
    RELATION_COLUMNS,
)
from safehub.records.models import (
    EventObject,
    EventPerson,
    PersonLocation,
    PersonObject,
    PersonPerson,
)
from safehub.records.queries.born import births
from safehub.records.queries.event_things import event_things as shared_event_things
from safehub.things import address_key, thing_key

CHUNK = 5_000


def _frame(rows: object, columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(columns))  # type: ignore[call-overload]


def presence() -> pd.DataFrame:
    rows = EventPerson.objects.values_list(
        "record__person_id",
        "event_id",
        "role",
        "event__occurred_on",
        "agency__code",
        "event__grading",
    ).iterator(chunk_size=CHUNK)
    frame = _frame(rows, PRESENCE_COLUMNS)
    frame["person"] = frame["person"].astype(str)
    frame["event"] = frame["event"].astype(str)
    return frame.drop_duplicates(["person", "event", "role"], ignore_index=True)


def person_things() -> pd.DataFrame:
    owned = [
        (str(person), thing_key(kind, value), relation, agency, on)
        for person, kind, value, relation, agency, on in PersonObject.objects.values_list(
            "record__person_id",
            "object__object_type",
            "object__normalized_value",
            "relation",
            "agency__code",
            "valid_from",
        ).iterator(chunk_size=CHUNK)
    ]
    places = [
        (str(person), address_key(premises or "", postcode, address), relation, agency, on)
        for person, premises, postcode, address, relation, agency, on in (
            PersonLocation.objects.values_list(
                "record__person_id",
                "location__premises_type",
                "location__postcode",
                "location__address",
                "relation",
                "agency__code",
                "valid_from",
            ).iterator(chunk_size=CHUNK)
        )
    ]
    frame = _frame(owned + places, PERSON_THING_COLUMNS)
    return frame[frame["key"] != ""].reset_index(drop=True)


def event_things() -> pd.DataFrame:
    """EVENT_THING_COLUMNS: the things seen at each event and the public place it was."""
    return shared_event_things()[list(EVENT_THING_COLUMNS)]


def relations() -> pd.DataFrame:
    rows = PersonPerson.objects.values_list(
        "record__person_id", "other_record__person_id", "relation", "agency__code"
    ).iterator(chunk_size=CHUNK)
    frame = _frame(rows, RELATION_COLUMNS)
    frame["person"], frame["other"] = frame["person"].astype(str), frame["other"].astype(str)
    return frame[frame["person"] != frame["other"]].reset_index(drop=True)


def persons() -> pd.DataFrame:
    frame = births()[list(PERSON_COLUMNS)]
    frame["date_of_birth"] = pd.to_datetime(frame["date_of_birth"])
    return frame


def sightings() -> pd.DataFrame:
    """alerts.SIGHTING_COLUMNS: each vehicle, phone or account seen at a dated event, with
    the record behind it (`agency:event`), whether or not anyone is named there."""
    rows = (
        (thing_key(kind, value), on, f"{agency}:{event}")
        for kind, value, on, agency, event in EventObject.objects.values_list(
            "object__object_type",
            "object__normalized_value",
            "event__occurred_on",
            "event__agency__code",
            "event_id",
        ).iterator(chunk_size=CHUNK)
    )
    frame = pd.DataFrame([r for r in rows if r[0]], columns=list(SIGHTING_COLUMNS))
    frame["on"] = pd.to_datetime(frame["on"])
    return frame
