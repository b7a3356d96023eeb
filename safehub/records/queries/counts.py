"""Reads of records that are about no one person: counts and the record-person links."""

from __future__ import annotations

from collections.abc import Iterator

from safehub.agencies.models import Agency
from safehub.records import models as m

_COUNTED = {
    "agencies": Agency,
    "extracts": m.Extract,
    "person_records": m.PersonRecord,
    "persons": m.Person,
    "events": m.Event,
    "locations": m.Location,
    "objects": m.Object,
    "event_people": m.EventPerson,
    "event_objects": m.EventObject,
    "person_objects": m.PersonObject,
    "person_locations": m.PersonLocation,
    "person_people": m.PersonPerson,
    "row_versions": m.RowVersion,
}


def hub_counts() -> dict[str, int]:
    """How many rows of each kind the hub holds (no personal data)."""
    return {name: model._default_manager.count() for name, model in _COUNTED.items()}


def record_person_links() -> Iterator[tuple[str, str, str]]:
    """(agency code, record id, person id) for every person record, in a stable order."""
    rows = m.PersonRecord.objects.order_by("agency__code", "record_id").values_list(
        "agency__code", "record_id", "person_id"
    )
    for agency, record_id, person_id in rows.iterator(chunk_size=5000):
        yield agency, record_id, str(person_id)
