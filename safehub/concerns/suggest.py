"""What the concern form suggests, without saying who or what is behind it.

Places: the hub's public premises (hotels, takeaways, taxi ranks, shops, parks, car parks
and stations) by name and postcode — never a home, a school or a care home, never which
agency recorded the place or why. Vehicles: registrations within one character of the
one typed (a misread plate), only once most of it is typed, a few at most; the answer
names no owner, no agency, no event. Picking one makes the concern meet the hub's
records of the same place or car; typing freely is always allowed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Q

from safehub.agencies.hubs import hub_of
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import Location, Object

PUBLIC_PREMISES = ("hotel", "takeaway", "taxi_rank", "shop", "park", "vehicle_stop")
MOST_PLACES = 500
# Fewer characters match too many plates: a suggestion must be a correction, not a search.
SHORTEST_REGISTRATION = 5
MOST_VEHICLES = 3


@dataclass(frozen=True)
class Place:
    name: str
    postcode: str
    premises_type: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.postcode}" if self.postcode else self.name


def _in_hub(user: User) -> Q:
    """Rows of the agencies of the author's hub (a partnership not divided into hubs:
    of the agencies of none)."""
    hub = hub_of(user)
    return Q(agency__hub_id=hub) if hub is not None else Q(agency__hub__isnull=True)


def places_for(user: User) -> list[Place]:
    """The public premises of the author's hub, by name: one entry per place."""
    rows = (
        Location.objects.filter(_in_hub(user), premises_type__in=PUBLIC_PREMISES)
        .exclude(name="")
        .values_list("name", "postcode", "premises_type")
        .distinct()
        .order_by("name", "postcode")[: MOST_PLACES * 2]
    )
    seen: dict[tuple[str, str], Place] = {}
    for name, postcode, premises_type in rows:
        key = (" ".join(name.split()).lower(), "".join(postcode.split()).upper())
        seen.setdefault(key, Place(" ".join(name.split()), postcode.upper(), premises_type))
    return list(seen.values())[:MOST_PLACES]


def place_picked(user: User, label: str) -> Place | None:
    """The listed place whose label the author chose, if it is one."""
    wanted = " ".join(label.split()).lower()
    return next((p for p in places_for(user) if p.label.lower() == wanted), None)


def _one_apart(a: str, b: str) -> bool:
    """At most one character changed, added or dropped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def vehicles_like(user: User, typed: str) -> list[str]:
    """Registrations of the hub's vehicles at most one character from `typed`. Audited as a
    search (by a digest: the audit keeps no plate a partner typed)."""
    wanted = "".join(typed.split()).upper()
    if len(wanted) < SHORTEST_REGISTRATION or not wanted.isalnum():
        return []
    near = Q(normalized_value__startswith=wanted[:2]) | Q(normalized_value__endswith=wanted[-2:])
    candidates = (
        Object.objects.filter(_in_hub(user), near, object_type="vehicle")
        .values_list("normalized_value", flat=True)
        .distinct()[:2000]
    )
    # The plate exactly as typed is never offered: it would confirm the hub knows it, and
    # needs no correcting (it meets the hub's records as it is).
    found = sorted(
        {value for value in candidates if value != wanted and _one_apart(value, wanted)}
    )[:MOST_VEHICLES]
    audit.record(
        actor=user,
        verb=Verb.SEARCH,
        target_type="vehicle_suggestion",
        detail={
            "digest": hashlib.sha256(wanted.encode()).hexdigest()[:16],
            "suggested": len(found),
        },
    )
    return found
