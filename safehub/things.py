"""One canonical form per thing — a phone, a vehicle, an account, a place — so that two
agencies' records of it meet: the importer stores it, screening's links read it. Pure
Python, shared by layers that may not import each other."""

from __future__ import annotations

import phonenumbers


def normalized_object_value(object_type: str, value: str) -> str:
    """One canonical form per kind of object, so agencies' records of it meet."""
    if object_type == "phone":
        try:
            number = phonenumbers.parse(value, "GB")
        except phonenumbers.NumberParseException:
            return "".join(ch for ch in value if ch.isdigit() or ch == "+")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if object_type == "vehicle":
        return "".join(value.split()).upper()
    return value.strip().lower()


def thing_key(object_type: str, normalized_value: str) -> str:
    """The key of an object in screening's links: `phone:+447700900123`."""
    return f"{object_type}:{normalized_value}" if normalized_value else ""


# Places where people meet by chance are no link: homes, schools, care homes.
SHARED_PREMISES = ("hotel", "takeaway", "shop", "park", "taxi_rank", "vehicle_stop", "other")


def place_key(premises_type: str, postcode: str) -> str:
    """The key of a public place in screening's links (`place:NV29XX`); '' for a home,
    a school or a place with no postcode."""
    code = "".join(postcode.split()).upper()
    return f"place:{code}" if code and premises_type in SHARED_PREMISES else ""


def address_key(premises_type: str, postcode: str, address: str) -> str:
    """A home or placement (`address:NV12AB 12 MILL LANE`: the postcode and the first
    line, so neighbours stay apart); any other place as `place_key`."""
    if premises_type not in ("home", "care_home") or not postcode:
        return place_key(premises_type, postcode)
    first = address.split(",", maxsplit=1)[0].strip().upper()
    return f"address:{''.join(postcode.split()).upper()} {first}"
