"""What each event is tied to, as canonical keys (safehub/things.py): the phones,
vehicles and accounts seen, used or seized at it, and the public place it happened at.
Screening's link rules and the network both read it."""

from __future__ import annotations

import pandas as pd

from safehub.records.models import Event, EventObject
from safehub.things import place_key, thing_key

CHUNK = 5_000
COLUMNS = ("event", "key")


def event_things() -> pd.DataFrame:
    """event (the Event's pk, as text), key; events with no thing have no row."""
    rows = [
        (str(event), thing_key(kind, value))
        for event, kind, value in EventObject.objects.values_list(
            "event_id", "object__object_type", "object__normalized_value"
        ).iterator(chunk_size=CHUNK)
    ]
    rows += [
        (str(event), place_key(premises or "", postcode))
        for event, premises, postcode in Event.objects.filter(location__isnull=False)
        .values_list("pk", "location__premises_type", "location__postcode")
        .iterator(chunk_size=CHUNK)
    ]
    return pd.DataFrame([r for r in rows if r[1]], columns=list(COLUMNS))
