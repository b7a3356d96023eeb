"""Northvale's streets and premises: homes, schools, care homes, hotels, takeaways, ranks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from safehub.synth import identifiers

TOWN = "Northvale"
_CENTRE = (53.742, -1.912)  # a fictional town; the coordinates only spread places out

_STREET_STEMS = (
    "Mill",
    "Canal",
    "Victoria",
    "Church",
    "Moor",
    "Station",
    "King",
    "Queen",
    "Albert",
    "Park",
    "Hollin",
    "Spring",
    "Bank",
    "Well",
    "Cross",
    "Brook",
    "Heath",
    "Lister",
    "Hanson",
    "Beech",
    "Oak",
    "Ash",
    "Elm",
    "Rowan",
    "Chapel",
    "Market",
    "Bridge",
    "Booth",
    "Clough",
    "Crag",
    "Fold",
    "Green",
    "Hall",
    "Hebble",
    "Ing",
    "Mount",
    "Nab",
    "Oxford",
    "Pellon",
    "Raven",
    "Savile",
    "Shroggs",
    "Stoney",
    "Sunny",
    "Tenter",
    "Vale",
    "Warley",
    "Wood",
    "Wheatley",
    "Ovenden",
    "Lee",
    "Claremount",
    "Boothtown",
)
_STREET_KINDS = (
    "Street",
    "Road",
    "Lane",
    "Avenue",
    "Terrace",
    "Close",
    "Grove",
    "Drive",
    "View",
    "Crescent",
    "Place",
    "Way",
)
SHORT_KINDS = {
    "Street": "St",
    "Road": "Rd",
    "Lane": "Ln",
    "Avenue": "Ave",
    "Terrace": "Ter",
    "Close": "Cl",
    "Grove": "Gr",
    "Drive": "Dr",
    "Crescent": "Cres",
    "Place": "Pl",
}

_PREMISES_NAMES: dict[str, tuple[str, ...]] = {
    "hotel": (
        "The Station Hotel",
        "Northvale Lodge",
        "Canalside Inn",
        "Moorview Hotel",
        "The Royal Oak Rooms",
        "Crossways Motel",
        "Hebble Bridge Hotel",
        "Park Inn Rooms",
    ),
    "takeaway": (
        "Golden Fry",
        "Best Kebab House",
        "Pizza Palace",
        "Dragon Garden",
        "Chicken Hut",
        "Grill Master",
        "Village Fryer",
        "Express Pizza & Kebab",
        "Peri Peri Corner",
        "Sizzlers",
        "Tasty Bites",
        "Night Owl Takeaway",
    ),
    "taxi_rank": (
        "Bus Station taxi rank",
        "Market Street taxi rank",
        "Railway Station rank",
        "Northvale Private Hire office",
        "A1 Cars office",
        "Town Cars base",
    ),
    "park": (
        "Victoria Park",
        "Moor Lane Rec",
        "People's Park",
        "Canal towpath",
        "Shroggs Park",
        "Savile Park",
    ),
    "shop": (
        "Kwik Stop",
        "Mini Market",
        "Late Shop",
        "Corner Stores",
        "Discount Booze",
        "Vape & Phone",
    ),
    "care_home": (
        "Oakfield House",
        "Willow Lodge",
        "The Beeches",
        "Holly Bank",
        "Rowan House",
        "Cedar Court",
    ),
    "vehicle_stop": (
        "Halifax Road lay-by",
        "Moor Top car park",
        "Retail park car park",
        "Industrial estate, Brook Lane",
        "Canal Basin car park",
    ),
}
_SCHOOL_STEMS = (
    "Moorside",
    "Northvale",
    "Brookfield",
    "Highbank",
    "Lister",
    "Crossley",
    "Ravenscliffe",
    "Hollins",
    "Ovenden",
    "Warley",
    "Heathfield",
    "Sunnybank",
)
_SAINTS = ("Aidan", "Chad", "Hilda", "Cuthbert", "Bede", "Wilfrid", "Oswald", "Columba")

# Premises per 10,000 young people, and the fewest any world has.
_PER_10K = {
    "hotel": (3, 2),
    "takeaway": (8, 4),
    "taxi_rank": (2, 2),
    "park": (3, 3),
    "shop": (5, 3),
    "care_home": (4, 2),
    "vehicle_stop": (2, 2),
}


@dataclass(slots=True, eq=False)
class Street:
    name: str
    kind: str
    postcodes: tuple[str, ...]


@dataclass(slots=True, eq=False)
class Place:
    """A real location of the world; agencies give it their own ids and spellings."""

    key: str
    premises_type: str
    name: str
    number: str  # house number, "3/22" style for flats
    street: Street
    postcode: str
    latitude: float
    longitude: float
    establishment: int = 0  # DfE number, for schools
    phase: str = ""  # primary | secondary, for schools

    def address(self) -> str:
        return f"{self.number} {self.street.name} {self.street.kind}, {TOWN}"


@dataclass(slots=True)
class Places:
    """Every place, with the lists the world draws premises from."""

    streets: list[Street]
    rng: random.Random
    all: list[Place] = field(default_factory=list)
    by_type: dict[str, list[Place]] = field(default_factory=dict)
    _taken: set[tuple[str, str]] = field(default_factory=set)

    def _new(self, rng: random.Random, premises_type: str, name: str, **extra: int | str) -> Place:
        street = rng.choice(self.streets)
        number = str(rng.randrange(1, 240))
        if premises_type == "home" and rng.random() < 0.15:
            number = f"Flat {rng.randrange(1, 12)}, {number}"
        base, suffixes = number, iter("ABCDEFGH")
        while (street.name + street.kind, number) in self._taken:
            suffix = next(suffixes, None)
            if suffix is None:  # a long street: carry on numbering
                base, suffixes = str(rng.randrange(240, 2000)), iter("ABCDEFGH")
                number = base
            else:
                number = f"{base}{suffix}"
        self._taken.add((street.name + street.kind, number))
        place = Place(
            key=f"PL{len(self.all) + 1:07d}",
            premises_type=premises_type,
            name=name,
            number=number,
            street=street,
            postcode=rng.choice(street.postcodes),
            latitude=round(_CENTRE[0] + rng.uniform(-0.04, 0.04), 5),
            longitude=round(_CENTRE[1] + rng.uniform(-0.06, 0.06), 5),
            establishment=int(extra.get("establishment", 0)),
            phase=str(extra.get("phase", "")),
        )
        self.all.append(place)
        self.by_type.setdefault(premises_type, []).append(place)
        return place

    def new_home(self, rng: random.Random) -> Place:
        return self._new(rng, "home", "")

    def of_type(self, premises_type: str) -> list[Place]:
        return self.by_type.get(premises_type, [])


def _streets(rng: random.Random, count: int) -> list[Street]:
    seen: set[str] = set()
    streets: list[Street] = []
    while len(streets) < count:
        stem, kind = rng.choice(_STREET_STEMS), rng.choice(_STREET_KINDS)
        if f"{stem} {kind}" in seen:
            stem = f"{rng.choice(('Upper', 'Lower', 'New', 'Old'))} {stem}"
            if f"{stem} {kind}" in seen:
                continue
        seen.add(f"{stem} {kind}")
        codes = tuple(identifiers.new_postcode(rng) for _ in range(rng.randrange(1, 4)))
        streets.append(Street(stem, kind, codes))
    return streets


def build_places(rng: random.Random, young_people: int) -> Places:
    """Streets scale with the population; premises at fixed rates per 10,000 children."""
    places = Places(streets=_streets(rng, min(3000, 40 + young_people // 60)), rng=rng)
    for premises_type, (rate, least) in _PER_10K.items():
        names = _PREMISES_NAMES[premises_type]
        for n in range(max(least, young_people * rate // 10_000)):
            name = names[n % len(names)]
            if n >= len(names):
                name = f"{name} ({places.streets[n % len(places.streets)].name})"
            places._new(rng, premises_type, name)
    _schools(rng, places, young_people)
    return places


def _schools(rng: random.Random, places: Places, young_people: int) -> None:
    secondaries = max(2, young_people // 900)
    primaries = max(2, young_people // 350)
    for n in range(secondaries):
        stem = _SCHOOL_STEMS[n % len(_SCHOOL_STEMS)]
        name = f"{stem} Academy" if n % 3 == 0 else f"{stem} High School"
        if n % 5 == 4:
            name = f"St {_SAINTS[n % len(_SAINTS)]}'s Catholic High School"
        if n >= len(_SCHOOL_STEMS):
            name = f"{name} {n // len(_SCHOOL_STEMS) + 1}"
        places._new(rng, "school", name, establishment=4000 + n, phase="secondary")
    for n in range(primaries):
        stem = places.streets[n % len(places.streets)].name
        places._new(
            rng, "school", f"{stem} Primary School", establishment=2000 + n, phase="primary"
        )
