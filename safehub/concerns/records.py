"""What a concern becomes: the rows of an exchange-format extract of its author's agency.

One `community_concern` event, graded as intelligence (3x5x2: an untested source, seen
directly or told, lawful sharing permitted), about the person it names, at the place it
names, with the vehicle, phone or handle seen there. The ids all derive from the
concern's reference, so a re-run writes nothing twice.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from safehub.concerns.models import Concern

SOURCE_SYSTEM = "Safehub quick concern"


def extract_id(concern: Concern) -> str:
    return f"concern-{concern.reference}"


def grading(concern: Concern) -> str:
    """2: an untested source; A: known directly to them, C: known to them indirectly;
    P: lawful sharing permitted (the hub exists to share it)."""
    return f"2/{'A' if concern.source == Concern.Source.SEEN else 'C'}/P"


def _split_name(name: str) -> tuple[str, str]:
    """(given names, family name) of a name as spoken: one word is a given name."""
    words = name.split()
    if len(words) < 2:
        return name, ""
    return " ".join(words[:-1]), words[-1]


def _occurred_at(concern: Concern) -> str:
    if concern.seen_at is None:
        return concern.seen_on.isoformat()
    moment = datetime.combine(concern.seen_on, concern.seen_at)
    return timezone.make_aware(moment).isoformat()


def _summary(concern: Concern) -> str:
    parts = [concern.what_seen]
    if concern.description:
        parts.append(f"Described as: {concern.description}")
    if concern.place_name:
        parts.append(f"At {concern.place_name}.")
    if concern.vehicle_registration and (concern.vehicle_make or concern.vehicle_colour):
        car = " ".join(filter(None, [concern.vehicle_colour, concern.vehicle_make]))
        parts.append(f"Vehicle: {car} {concern.vehicle_registration}.")
    return "\n".join(parts)


def concern_files(concern: Concern) -> dict[str, list[dict[str, str]]]:
    """The concern as exchange-format rows, by file."""
    ref = concern.reference
    event: dict[str, str] = {
        "event_id": ref,
        "event_type": "community_concern",
        "occurred_at": _occurred_at(concern),
        "summary": _summary(concern),
        "sensitivity": "intelligence",
        "grading": grading(concern),
    }
    files: dict[str, list[dict[str, str]]] = {"persons": [], "events": [event]}
    if concern.name_as_known or concern.nickname or concern.age_guess or concern.description:
        given, family = _split_name(concern.name_as_known)
        person = {
            "record_id": f"{ref}-person",
            "given_names": given,
            "family_name": family,
            "other_names": concern.nickname,
        }
        if concern.age_guess:
            person["date_of_birth"] = str(concern.seen_on.year - concern.age_guess)
        files["persons"].append(person)
        files["event_people"] = [
            {"event_id": ref, "record_id": person["record_id"], "role": "subject"}
        ]
    if concern.place_name or concern.postcode:
        place = {
            "location_id": f"{ref}-place",
            "name": concern.place_name,
            "postcode": concern.postcode,
            "premises_type": concern.premises_type,
        }
        files["locations"] = [place]
        event["location_id"] = place["location_id"]
    things = [
        ("vehicle", concern.vehicle_registration,
         " ".join(filter(None, [concern.vehicle_colour, concern.vehicle_make]))),
        ("phone", concern.phone, ""),
        ("social_media", concern.handle, ""),
    ]  # fmt: skip
    objects = [
        {"object_id": f"{ref}-{kind}", "object_type": kind, "value": value, "description": words}
        for kind, value, words in things
        if value
    ]
    if objects:
        files["objects"] = objects
        files["event_objects"] = [
            {"event_id": ref, "object_id": row["object_id"], "relation": "seen"} for row in objects
        ]
    return files
