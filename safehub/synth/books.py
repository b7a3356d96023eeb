"""Each agency's book: the records it holds, what it writes about them, and its extract.

Every part of the world generator writes through a book, so ids, de-duplicated links and
the exchange extract (and the agency's native layout, if it has one) stay consistent.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Protocol

from safehub.synth.agencies import Profile
from safehub.synth.corruption import Record, format_address, render_person
from safehub.synth.duplicates import Given, Second
from safehub.synth.places import Place
from safehub.synth.population import Person, Thing
from safehub.synth.writers import ExtractWriter, Row, manifest


class NativeLayout(Protocol):
    """An agency's own export layout, fed the same rows as its exchange extract."""

    def row(self, kind: str, row: Row) -> None: ...

    def event(self, row: Row, people: list[Row]) -> None: ...

    def close(self) -> None: ...


# Whether an agency opens another record of a person at a contact on a day, given the
# first and last days of the record it holds (duplicates.py).
SecondRecord = Callable[[Person, date, tuple[date, date], str], Second | None]


class Agency:
    """One agency's book: its records of people and everything it writes about them."""

    def __init__(
        self,
        profile: Profile,
        folder: Path,
        seed: int,
        native: NativeLayout | None = None,
        second: SecondRecord | None = None,
    ) -> None:
        self.profile = profile
        self.code = profile.code
        self.seed = f"{seed}/{profile.code}"
        self.rng = random.Random(self.seed)
        self.writer = ExtractWriter(
            folder, [k for k in profile.kinds if k not in {"persons", "locations", "objects"}]
        )
        self.folder = folder
        self.native = native
        self.records: dict[tuple[str, str], Record] = {}
        self.current: dict[str, Record] = {}  # the record found for a person now, if not main
        self.second = second
        self.order: list[Record] = []
        self.places: dict[str, tuple[str, Place]] = {}
        self.things: dict[str, tuple[str, Thing]] = {}
        self._ids: set[str] = set()
        self._links: set[tuple[str, ...]] = set()
        self._events = 0
        self.counters: dict[str, int] = {}  # serial numbers the agency hands out (UPNs)
        self.has_places = "locations" in profile.kinds
        self.has_things = "objects" in profile.kinds

    # ------------------------------------------------------------------ people

    def record(
        self,
        person: Person,
        day: date,
        *,
        variant: str = "main",
        alias: str = "",
        given: Given | None = None,
    ) -> Record:
        """The agency's record of `person` (made on first contact), updated to `day`.

        For the main record the agency looks for the one it holds; it may not find it
        and open another (`second`), which later contacts then find instead.
        """
        if variant == "main" and (held := self.has(person)) is not None:
            return self._main_or_second(person, day, held)
        key = (person.pid, variant if variant != "hearsay" else f"hearsay:{alias}")
        found = self.records.get(key)
        if found is None:
            found = self._new(person, day, variant, alias=alias, given=given)
            self.records[key] = found
        found.saw(day)
        return found

    def _main_or_second(self, person: Person, day: date, held: Record) -> Record:
        second = (
            None
            if self.second is None
            else self.second(person, day, (held.first, held.last), self.seed)
        )
        if second is not None:
            n = sum(1 for pid, _variant in self.records if pid == person.pid)
            held = self._new(person, day, "second", given=second.given, reason=second.reason)
            self.records[(person.pid, f"second:{n}")] = held
            self.current[person.pid] = held
        held.saw(day)
        return held

    def _new(
        self,
        person: Person,
        day: date,
        variant: str,
        *,
        alias: str = "",
        given: Given | None = None,
        reason: str = "",
    ) -> Record:
        record = Record(
            self._record_id(variant), person, variant, day, day, alias=alias, given=given
        )
        record.reason = reason
        record.local_id = self._local_id()
        self.order.append(record)
        return record

    def has(self, person: Person, variant: str = "main") -> Record | None:
        if variant == "main" and person.pid in self.current:
            return self.current[person.pid]
        return self.records.get((person.pid, variant))

    def _record_id(self, variant: str) -> str:
        digits = self.profile.record_digits
        prefix = self.profile.record_prefix
        if variant == "historic":
            prefix, digits = "LEG", 6
        elif variant == "clinic":
            prefix, digits = "SH", 6
        while True:
            candidate = f"{prefix}{self.rng.randrange(10 ** (digits - 1), 10**digits)}"
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def _local_id(self) -> str:
        if self.code == "csc":
            return f"CASE/{self.rng.randrange(10000, 99999)}"
        return ""

    # ------------------------------------------------------------------ events

    def event(
        self,
        event_type: str,
        day: date,
        *,
        people: Sequence[tuple[Record, str]],
        at: str = "",
        ended: date | None = None,
        place: Place | None = None,
        summary: str = "",
        sensitivity: str = "general",
        grading: str = "",
        things: Sequence[tuple[Thing, str]] = (),
    ) -> str:
        self._events += 1
        event_id = f"{self.profile.event_prefix}{self._events:08d}"
        row = {
            "event_id": event_id,
            "event_type": event_type,
            "occurred_at": at or day.isoformat(),
            "ended_at": ended.isoformat() if ended and ended >= day else "",
            "location_id": self.location(place) if place is not None and self.has_places else "",
            "summary": summary,
            "sensitivity": sensitivity,
            "grading": grading,
        }
        self.writer.write("events", row)
        links: list[Row] = []
        for record, role in dict.fromkeys(people):
            record.saw(day)
            links.append({"event_id": event_id, "record_id": record.record_id, "role": role})
            self.writer.write("event_people", links[-1])
        for thing, relation in dict.fromkeys(things if self.has_things else ()):
            self.writer.write(
                "event_objects",
                {"event_id": event_id, "object_id": self.thing(thing), "relation": relation},
            )
        if self.native is not None:
            self.native.event(row, links)
        return event_id

    # ------------------------------------------------------------------ places, objects

    def location(self, place: Place) -> str:
        known = self.places.get(place.key)
        if known is None:
            known = (f"{self.code.upper()[:3]}-L{len(self.places) + 1:06d}", place)
            self.places[place.key] = known
        return known[0]

    def thing(self, thing: Thing) -> str:
        known = self.things.get(thing.key)
        if known is None:
            known = (f"{self.code.upper()[:3]}-O{len(self.things) + 1:06d}", thing)
            self.things[thing.key] = known
        return known[0]

    # ------------------------------------------------------------------ links

    def link_people(self, record: Record, other: Record, relation: str) -> None:
        self._link(
            "person_people",
            {
                "record_id": record.record_id,
                "other_record_id": other.record_id,
                "relation": relation,
            },
        )

    def link_place(
        self,
        record: Record,
        place: Place,
        relation: str,
        start: date | None = None,
        end: date | None = None,
    ) -> None:
        self._link(
            "person_locations",
            {
                "record_id": record.record_id,
                "location_id": self.location(place),
                "relation": relation,
                "from": start.isoformat() if start else "",
                "to": end.isoformat() if end and (start is None or end >= start) else "",
            },
        )

    def link_thing(self, record: Record, thing: Thing, relation: str) -> None:
        self._link(
            "person_objects",
            {"record_id": record.record_id, "object_id": self.thing(thing), "relation": relation},
        )

    def _link(self, kind: str, row: Row) -> None:
        if kind not in self.writer.kinds or row["record_id"] == row.get("other_record_id"):
            return
        key = (kind, *row.values())
        if key in self._links:
            return
        self._links.add(key)
        self.writer.write(kind, row)
        if self.native is not None:
            self.native.row(kind, row)

    # ------------------------------------------------------------------ the end

    def finish(self, reference: date) -> dict[str, int]:
        """Write persons, locations and objects, the manifest, and close every file."""
        for kind in ("persons", "locations", "objects"):
            if kind in self.profile.kinds:
                self.writer.open(kind)
        for record in self.order:
            style = self.profile.style
            if record.variant == "clinic":
                style = replace(style, nickname=0.5, dob_partial=0.3, typo=0.05, nhs=0.0)
            row = render_person(style, record, self.seed)
            self.writer.write("persons", row)
            if self.native is not None:
                self.native.row("persons", row)
        if "locations" in self.profile.kinds:
            self._write_places()
        if "objects" in self.profile.kinds:
            for object_id, thing in self.things.values():
                self.writer.write(
                    "objects",
                    {
                        "object_id": object_id,
                        "object_type": thing.object_type,
                        "value": thing.value,
                        "description": thing.description,
                    },
                )
        self.writer.close(
            manifest(
                agency=self.code, source_system=self.profile.source_system, reference=reference
            )
        )
        if self.native is not None:
            self.native.close()
        return dict(self.writer.counts)

    def _write_places(self) -> None:
        rng = random.Random(f"{self.seed}/places")
        for location_id, place in self.places.values():
            address, postcode = format_address(place, self.profile.style.address_form, rng)
            row = {
                "location_id": location_id,
                "name": place.name,
                "address": address,
                "postcode": postcode,
                "premises_type": place.premises_type,
                "latitude": "" if place.premises_type == "home" else f"{place.latitude:.5f}",
                "longitude": "" if place.premises_type == "home" else f"{place.longitude:.5f}",
            }
            self.writer.write("locations", row)
            if self.native is not None:
                self.native.row("locations", row)


@dataclass(frozen=True)
class Books:
    """All agencies' books, and what every part of the world generator needs to write."""

    police: Agency
    csc: Agency
    health: Agency
    education: Agency
    voluntary: Agency
    seed: int
    reference: date

    def all(self) -> tuple[Agency, ...]:
        return (self.police, self.csc, self.health, self.education, self.voluntary)

    def by_code(self, code: str) -> Agency:
        return {a.code: a for a in self.all()}[code]
