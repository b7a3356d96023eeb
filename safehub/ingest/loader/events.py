"""events.csv → Event: when it happened, and where, the location named by its id in this
extract's locations.csv (read before it) and stored as that location's key."""

from __future__ import annotations

from typing import Any

from safehub.ingest.exchange import files
from safehub.ingest.exchange.files import Clean
from safehub.ingest.loader.keyed import KeyedKind, text
from safehub.ingest.loader.state import CleanRow, LoadState
from safehub.ingest.sources import RowSource
from safehub.records.models import Event, Location, RowVersion


def event_fields(clean: Clean) -> dict[str, Any]:
    occurred = clean["occurred_at"]
    ended = clean["ended_at"]
    assert isinstance(occurred, tuple)
    return {
        "event_type": clean["event_type"],
        "occurred_on": occurred[0],
        "occurred_at": occurred[1],
        "ended_on": ended[0] if isinstance(ended, tuple) else None,
        "ended_at": ended[1] if isinstance(ended, tuple) else None,
        "location_id": clean["location_id"],  # replaced by the location's pk
        "summary": text(clean["summary"]),
        "sensitivity": clean["sensitivity"] or "general",
        "grading": text(clean["grading"]),
    }


def resolve_locations(state: LoadState, source: RowSource, rows: list[CleanRow]) -> list[CleanRow]:
    wanted = {str(c["location_id"]) for _, c in rows if c["location_id"]}
    pks = state.resolve(Location, "location_id", wanted)
    resolved: list[CleanRow] = []
    for line, clean in rows:
        named = clean["location_id"]
        if named is None:
            resolved.append((line, clean))
        elif str(named) in pks:
            resolved.append((line, {**clean, "location_id": pks[str(named)]}))
        else:
            state.dangling(source, line, "location_id", "locations", str(named))
    return resolved


KIND = KeyedKind(
    files.EVENTS,
    Event,
    "event_id",
    RowVersion.Kind.EVENT,
    event_fields,
    resolve=resolve_locations,
)
