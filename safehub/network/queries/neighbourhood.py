"""The hub's rows around some nodes of the network, each marked with whether one viewer
may see it: the chart draws from the rows marked seen and counts the others by agency.

A node is a Person (`person:<uuid>`) or a thing in its canonical key (safehub/things.py).
The rows are those that tie a node to anything: the events a person was in (with
everyone else in them), the events a thing was seen at or a place hosted, the things a
person owns, uses, lives at or frequents (and the people who do so with a thing), and
the relations an agency records. Each row is seen under the policy's rule for the fact
it is: an event's presence by the event's agency and sensitivity, about the person in
it; a link on a person's record by that record's agency and sensitivity; a protected
person's things only as their contact details would be (docs/security.md #4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pandas as pd
from django.db.models import Q

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.agencies.models import Agency
from safehub.network.core.frames import (
    EVENT_THING_COLUMNS,
    PERSON_THING_COLUMNS,
    PRESENCE_COLUMNS,
    RELATION_COLUMNS,
)
from safehub.records.models import (
    Event,
    EventObject,
    EventPerson,
    Location,
    Object,
    PersonLocation,
    PersonObject,
    PersonPerson,
)
from safehub.records.queries.events import event_label
from safehub.things import address_key, place_key, thing_key

PERSON = "person:"
PLACE_KINDS = ("place", "address")
SEEN = "seen"  # the column marking the rows the viewer may see


@dataclass(frozen=True)
class EventFacts:
    """What a chart may say of an event behind an edge (only for events it shows)."""

    agency: str  # the agency's name
    reference: str  # the agency's own event id
    label: str
    on: date


@dataclass(frozen=True)
class Rows:
    presence: pd.DataFrame  # PRESENCE_COLUMNS + seen
    person_things: pd.DataFrame  # PERSON_THING_COLUMNS + seen
    event_things: pd.DataFrame  # EVENT_THING_COLUMNS
    relations: pd.DataFrame  # RELATION_COLUMNS + seen
    events: dict[str, EventFacts]  # by Event pk (as text), for the events seen
    agencies: dict[str, str]  # agency code → name

    def seen(self) -> Rows:
        """Only the rows the viewer may see."""
        return Rows(
            _seen(self.presence),
            _seen(self.person_things),
            self.event_things,
            _seen(self.relations),
            self.events,
            self.agencies,
        )


def _seen(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame[SEEN].astype(bool).to_numpy()]


def person_id(node: str) -> UUID | None:
    """The Person's id of a person node; None for a thing (or a malformed key)."""
    if not node.startswith(PERSON):
        return None
    try:
        return UUID(node.removeprefix(PERSON))
    except ValueError:
        return None


def around(viewer: Viewer, nodes: Iterable[str]) -> Rows:
    """Every row tying one of `nodes` to anything, marked seen or not for `viewer`."""
    keys = set(nodes)
    people = sorted({p for p in map(person_id, keys) if p is not None}, key=str)
    objects = _objects(keys)
    locations = _locations(keys)
    events = _events(people, objects, locations)
    agencies = dict(Agency.objects.values_list("pk", "code"))
    presence = _presence(viewer, events, agencies)
    return Rows(
        presence,
        _person_things(viewer, people, objects, locations, agencies),
        _event_things(events),
        _relations(viewer, people, agencies),
        _event_facts(presence),
        dict(Agency.objects.values_list("code", "name")),
    )


# ---------------------------------------------------------------- what the keys name


def _objects(keys: set[str]) -> list[int]:
    """The Object rows whose canonical key is among `keys`."""
    wanted = Q(pk__in=[])
    for key in keys:
        kind, _, value = key.partition(":")
        if kind not in ("person", *PLACE_KINDS) and value:
            wanted |= Q(object_type=kind, normalized_value=value)
    return list(Object.objects.filter(wanted).values_list("pk", flat=True))


def _postcode_forms(code: str) -> list[str]:
    """A postcode without spaces, and as written with one before its inward part."""
    return [code, f"{code[:-3]} {code[-3:]}"] if len(code) > 3 else [code]


def _locations(keys: set[str]) -> list[int]:
    """The Location rows whose place or address key is among `keys`."""
    wanted: dict[str, set[str]] = {}  # postcode form → keys
    for key in keys:
        kind, _, value = key.partition(":")
        if kind in PLACE_KINDS and value:
            code = value.split(" ", maxsplit=1)[0]
            for form in _postcode_forms(code):
                wanted.setdefault(form, set()).add(key)
    if not wanted:
        return []
    rows = Location.objects.filter(postcode__in=sorted(wanted)).values_list(
        "pk", "premises_type", "postcode", "address"
    )
    return [
        pk
        for pk, premises, postcode, address in rows
        if address_key(premises or "", postcode, address) in keys
    ]


def _events(people: list[UUID], objects: list[int], locations: list[int]) -> list[int]:
    found = set(
        EventPerson.objects.filter(record__person_id__in=people).values_list("event_id", flat=True)
    )
    found |= set(
        EventObject.objects.filter(object_id__in=objects).values_list("event_id", flat=True)
    )
    found |= set(Event.objects.filter(location_id__in=locations).values_list("pk", flat=True))
    return sorted(found)


# ---------------------------------------------------------------- the rows


def _presence(viewer: Viewer, events: list[int], codes: dict[int, str]) -> pd.DataFrame:
    rows = [
        (
            str(person),
            str(event),
            role,
            occurred_on,
            codes[agency],
            grading,
            policy.sees(viewer, agency_id=agency, sensitivity=sensitivity, person_id=person),
        )
        for person, event, role, occurred_on, agency, grading, sensitivity in (
            EventPerson.objects.filter(event_id__in=events).values_list(
                "record__person_id",
                "event_id",
                "role",
                "event__occurred_on",
                "event__agency_id",
                "event__grading",
                "event__sensitivity",
            )
        )
    ]
    frame = pd.DataFrame(rows, columns=[*PRESENCE_COLUMNS, SEEN])
    return frame.drop_duplicates(["person", "event", "role"], ignore_index=True)


def _contact(viewer: Viewer, person: UUID, agency: int, protected: bool) -> bool:
    return policy.sees_contact_details(
        viewer, agency_id=agency, person_id=person, protected=protected
    )


def _person_things(
    viewer: Viewer,
    people: list[UUID],
    objects: list[int],
    locations: list[int],
    codes: dict[int, str],
) -> pd.DataFrame:
    fields: tuple[str, ...] = ("record__person_id", "relation", "agency_id", "valid_from")
    fields += ("record__agency_id", "record__sensitivity", "record__person__protected_details")
    owned = PersonObject.objects.filter(
        Q(record__person_id__in=people) | Q(object_id__in=objects)
    ).values_list(*fields, "object__object_type", "object__normalized_value")
    lived = PersonLocation.objects.filter(
        Q(record__person_id__in=people) | Q(location_id__in=locations)
    ).values_list(*fields, "location__premises_type", "location__postcode", "location__address")
    rows = []
    for row in owned:
        rows.append((*row[:7], thing_key(row[7], row[8])))
    for row in lived:
        rows.append((*row[:7], address_key(row[7] or "", row[8], row[9])))
    frame_rows = [
        (
            str(person),
            key,
            relation,
            codes[agency],
            on,
            policy.sees(viewer, agency_id=record_agency, sensitivity=sensitivity, person_id=person)
            and _contact(viewer, person, agency, protected),
        )
        for person, relation, agency, on, record_agency, sensitivity, protected, key in rows
        if key
    ]
    return pd.DataFrame(frame_rows, columns=[*PERSON_THING_COLUMNS, SEEN])


def _event_things(events: list[int]) -> pd.DataFrame:
    rows = [
        (str(event), thing_key(kind, value))
        for event, kind, value in EventObject.objects.filter(event_id__in=events).values_list(
            "event_id", "object__object_type", "object__normalized_value"
        )
    ]
    rows += [
        (str(event), place_key(premises or "", postcode))
        for event, premises, postcode in Event.objects.filter(
            pk__in=events, location__isnull=False
        ).values_list("pk", "location__premises_type", "location__postcode")
    ]
    return pd.DataFrame([r for r in rows if r[1]], columns=list(EVENT_THING_COLUMNS))


def _relations(viewer: Viewer, people: list[UUID], codes: dict[int, str]) -> pd.DataFrame:
    links = PersonPerson.objects.filter(
        Q(record__person_id__in=people) | Q(other_record__person_id__in=people)
    ).values_list(
        "record__person_id",
        "other_record__person_id",
        "relation",
        "agency_id",
        "record__agency_id",
        "record__sensitivity",
    )
    rows = [
        (
            str(person),
            str(other),
            relation,
            codes[agency],
            policy.sees(viewer, agency_id=record_agency, sensitivity=sensitivity, person_id=person),
        )
        for person, other, relation, agency, record_agency, sensitivity in links
        if person != other
    ]
    return pd.DataFrame(rows, columns=[*RELATION_COLUMNS, SEEN])


def _event_facts(presence: pd.DataFrame) -> dict[str, EventFacts]:
    """The agency, reference, kind and date of the events the viewer sees."""
    seen = sorted({int(e) for e in presence.loc[presence[SEEN], "event"]})
    return {
        str(pk): EventFacts(agency, reference, event_label(event_type), on)
        for pk, agency, reference, event_type, on in Event.objects.filter(pk__in=seen).values_list(
            "pk", "agency__name", "event_id", "event_type", "occurred_on"
        )
    }
