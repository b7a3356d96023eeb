"""The link files (event_people, event_objects, person_objects, person_locations,
person_people): rows that join two keyed rows of this extract by a role or relation.

A link is identified by what it joins, its relation and its start, so sending it again
updates its end and provenance rather than adding a copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import models

from safehub.ingest.exchange import files
from safehub.ingest.exchange.files import FileSpec
from safehub.ingest.loader.state import CleanRow, LoadState
from safehub.ingest.sources import RowSource
from safehub.records import bulk
from safehub.records.models import (
    Event,
    EventObject,
    EventPerson,
    Location,
    Object,
    PersonLocation,
    PersonObject,
    PersonPerson,
    PersonRecord,
    VersionedRow,
)


@dataclass(frozen=True)
class LinkKind:
    spec: FileSpec
    model: type[models.Model]
    # (exchange column, model FK field, model whose key it names, key field of that model)
    ends: tuple[tuple[str, str, type[VersionedRow], str], ...]
    relation: str  # the exchange column that holds the role / relation


LINKS = {
    "event_people": LinkKind(
        files.EVENT_PEOPLE,
        EventPerson,
        (
            ("event_id", "event", Event, "event_id"),
            ("record_id", "record", PersonRecord, "record_id"),
        ),
        "role",
    ),
    "event_objects": LinkKind(
        files.EVENT_OBJECTS,
        EventObject,
        (("event_id", "event", Event, "event_id"), ("object_id", "object", Object, "object_id")),
        "relation",
    ),
    "person_objects": LinkKind(
        files.PERSON_OBJECTS,
        PersonObject,
        (
            ("record_id", "record", PersonRecord, "record_id"),
            ("object_id", "object", Object, "object_id"),
        ),
        "relation",
    ),
    "person_locations": LinkKind(
        files.PERSON_LOCATIONS,
        PersonLocation,
        (
            ("record_id", "record", PersonRecord, "record_id"),
            ("location_id", "location", Location, "location_id"),
        ),
        "relation",
    ),
    "person_people": LinkKind(
        files.PERSON_PEOPLE,
        PersonPerson,
        (
            ("record_id", "record", PersonRecord, "record_id"),
            ("other_record_id", "other_record", PersonRecord, "record_id"),
        ),
        "relation",
    ),
}


class LinkWriter:
    """Writes batches of link rows of one load."""

    def __init__(self, state: LoadState) -> None:
        self.state = state

    def write(self, kind: LinkKind, source: RowSource, rows: list[CleanRow]) -> None:
        state = self.state
        resolved: list[dict[str, int]] = []
        for column, _, model, key_field in kind.ends:
            wanted = {str(c[column]) for _, c in rows}
            resolved.append(state.resolve(model, key_field, wanted))
        links: dict[str, tuple[object, ...]] = {}
        for line, clean in rows:
            ends: dict[str, int] = {}
            for (column, fk, model, _), pks in zip(kind.ends, resolved, strict=True):
                value = str(clean[column])
                if value not in pks:
                    target = "persons" if model is PersonRecord else f"{model.__name__.lower()}s"
                    state.dangling(source, line, column, target, value)
                else:
                    ends[f"{fk}_id"] = pks[value]
            if len(ends) != len(kind.ends):
                continue
            valid_from, valid_to = clean.get("from"), clean.get("to")
            identity = "|".join(
                [
                    kind.spec.name,
                    *(str(pk) for pk in ends.values()),
                    str(clean[kind.relation]),
                    str(valid_from or ""),
                ]
            )
            key = hashlib.sha1(identity.encode(), usedforsecurity=False).hexdigest()
            links[key] = (
                key,
                state.agency.pk,
                state.extract.pk,
                line,
                valid_from,
                valid_to,
                clean[kind.relation],
                *ends.values(),
            )
        if state.issues.issues or not links:
            return
        fields = [
            "link_key",
            "agency_id",
            "extract_id",
            "source_line",
            "valid_from",
            "valid_to",
            kind.relation,
            *(f"{fk}_id" for _, fk, _, _ in kind.ends),
        ]
        bulk.upsert_rows(
            kind.model,
            fields,
            links.values(),
            conflict="link_key",
            update=["valid_to", "extract_id", "source_line"],
        )
