"""Who lives in the synthetic town of Northvale: families, children, adults and places."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from safehub.synth import identifiers, names
from safehub.synth.dates import add_years, day_between, days
from safehub.synth.places import Place, Places

CURRENT_AGES = (10, 17)  # young people's ages on the reference date
HISTORIC_SHARE = 0.06  # historic cohort, as a share of the current one
TWIN_RATE = 0.015  # children born a twin (about one birth in 65)
SURNAME_CHANGE_RATE = 0.05  # children who took a step-parent's surname
MOVE_RATE = 0.35  # families that moved home in the last six years


@dataclass(frozen=True)
class Thing:
    """A vehicle, phone, handle or account, as the world knows it."""

    key: str
    object_type: str
    value: str
    description: str


@dataclass(frozen=True)
class Account:
    """A social-media account: its handle (a `social_media` Thing) and when it was in use."""

    thing: Thing
    since: date
    until: date | None = None  # given up (a new phone, a fresh start) or the platform faded

    def live_between(self, start: date, end: date) -> bool:
        return self.since <= end and (self.until is None or start < self.until)


@dataclass(slots=True, eq=False)
class Victimhood:
    """How one young person was exploited: the ground truth screening tries to find."""

    network: str
    began: date
    ended: date
    recruited_by: Person | None = None
    boyfriend: Person | None = None
    disclosure: date | None = None
    disclosed_to: str = ""
    withdrawal: date | None = None
    crime_report: date | None = None
    barely_visible: bool = False  # exploitation left almost nothing in records (visibility.py)


@dataclass(slots=True, eq=False)
class CriminalExploitation:
    """Drug running for a county line: not CSE, but its signs look like it (county_lines.py)."""

    began: date
    ended: date


@dataclass(slots=True, eq=False)
class Person:
    """One human being of the world, as they really are (agencies see versions of this)."""

    pid: str
    kind: str  # young_person | adult
    sex: str
    dob: date
    given: str
    middle: str
    family: str  # family name now
    culture: str
    ethnicity: str
    homes: list[tuple[date, Place]]  # (from, home), oldest first
    cohort: str = "current"  # current | historic | adult
    former_family: str = ""  # the family name before a change
    family_changed: date | None = None
    nhs: str = ""
    upn: str = ""
    pnc: str = ""
    mobile: str = ""
    email: str = ""
    landline: str = ""
    school: Place | None = None  # the school attended on the reference date (or last)
    secondary: Place | None = None  # where peers are found
    care_from: date | None = None  # looked after from
    care_to: date | None = None
    placements: list[tuple[date, Place]] = field(default_factory=list)
    twin: Person | None = None
    adversity: int = 0  # 0 none, 1 some, 2 serious family difficulties
    parents: list[Person] = field(default_factory=list)
    siblings: list[Person] = field(default_factory=list)
    victim: Victimhood | None = None
    criminal: CriminalExploitation | None = None
    networks: list[str] = field(default_factory=list)  # as an offender
    aliases: list[str] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)  # oldest first (accounts.py)
    role: str = ""  # for adults: parent, offender, associate

    def family_name_on(self, day: date) -> str:
        if self.family_changed is not None and day < self.family_changed:
            return self.former_family
        return self.family

    def home_on(self, day: date) -> Place:
        """Where they lived on `day`: a care placement while looked after, else home."""
        if (
            self.care_from is not None
            and self.care_from <= day
            and (self.care_to is None or day < self.care_to)
        ):
            for since, placement in reversed(self.placements):
                if since <= day:
                    return placement
        current = self.homes[0][1]
        for since, home in self.homes:
            if since <= day:
                current = home
        return current


@dataclass(slots=True)
class Population:
    """Everyone the generator knows, in creation order (the order output follows)."""

    reference: date
    places: Places
    young: list[Person] = field(default_factory=list)
    adults: list[Person] = field(default_factory=list)
    families: list[list[Person]] = field(default_factory=list)  # children, by family
    nhs_taken: set[str] = field(default_factory=set)

    def new_adult(
        self,
        rng: random.Random,
        *,
        sex: str,
        born: date,
        culture: str,
        homes: list[tuple[date, Place]],
        role: str,
    ) -> Person:
        table = names.CULTURES[culture]
        given = (table.women if sex == "female" else table.men).pick(rng)
        family = table.surnames.pick(rng)
        if culture == "polish":
            family = names.polish_form(family, sex)
        person = Person(
            pid=f"AD{len(self.adults) + 1:06d}",
            kind="adult",
            sex=sex,
            dob=born,
            given=given,
            middle="Kaur" if culture == "sikh" and sex == "female" else "",
            family=family,
            culture=culture,
            ethnicity=table.ethnicity[0],
            homes=homes,
            cohort="adult",
            role=role,
        )
        person.nhs = identifiers.new_nhs_number(rng, self.nhs_taken)
        self.adults.append(person)
        return person


def pick_culture(rng: random.Random) -> str:
    cultures = [code for code, _ in names.CULTURE_WEIGHTS]
    weights = [weight for _, weight in names.CULTURE_WEIGHTS]
    return rng.choices(cultures, weights=weights, k=1)[0]


def _ethnicity(rng: random.Random, culture: str, mixed: bool) -> str:
    if mixed:
        return rng.choice(names.MIXED_ETHNICITY)
    codes = names.CULTURES[culture].ethnicity
    return codes[0] if rng.random() < 0.9 else codes[1]


def _given(rng: random.Random, culture: str, sex: str) -> str:
    table = names.CULTURES[culture]
    return (table.girls if sex == "female" else table.boys).pick(rng)


def _middle(rng: random.Random, culture: str, sex: str, given: str) -> str:
    """Middle names: Kaur and Singh for Sikhs, a second given name for many others."""
    if culture == "sikh":
        return "Kaur" if sex == "female" else "Singh"
    if rng.random() < 0.45:
        other = _given(rng, culture if culture != "chinese" else "british", sex)
        return "" if other == given else other
    return ""


def _family_homes(rng: random.Random, pop: Population, start: date) -> list[tuple[date, Place]]:
    homes = [(start, pop.places.new_home(rng))]
    if rng.random() < MOVE_RATE:
        moved = day_between(rng, add_years(pop.reference, -6), pop.reference - days(30))
        homes.append((moved, pop.places.new_home(rng)))
    return homes


@dataclass(frozen=True)
class _Household:
    culture: str
    surname: str
    mixed: bool
    adversity: int
    homes: list[tuple[date, Place]]
    landline: str


def _household(
    rng: random.Random, pop: Population, start: date, phones: identifiers.PhonePool
) -> _Household:
    culture = pick_culture(rng)
    surname = names.CULTURES[culture].surnames.pick(rng)
    mixed = culture in {"british", "caribbean", "african"} and rng.random() < 0.08
    adversity = rng.choices((0, 1, 2), weights=(80, 15, 5), k=1)[0]
    landline = phones.landline() if rng.random() < 0.25 else ""
    return _Household(culture, surname, mixed, adversity, _family_homes(rng, pop, start), landline)


def _child(
    rng: random.Random, pop: Population, house: _Household, *, dob: date, sex: str, cohort: str
) -> Person:
    given = _given(rng, house.culture, sex)
    family = names.polish_form(house.surname, sex) if house.culture == "polish" else house.surname
    child = Person(
        pid="",
        kind="young_person",
        sex=sex,
        dob=dob,
        given=given,
        middle=_middle(rng, house.culture, sex, given),
        family=family,
        culture=house.culture,
        ethnicity=_ethnicity(rng, house.culture, house.mixed),
        homes=house.homes,
        cohort=cohort,
        adversity=house.adversity,
        landline=house.landline,
    )
    child.nhs = identifiers.new_nhs_number(rng, pop.nhs_taken)
    return child


def _sex(rng: random.Random) -> str:
    return "female" if rng.random() < 0.49 else "male"


def _siblings_dobs(rng: random.Random, first: date, low: date, high: date) -> list[date]:
    """Birthdays of a sibling group: a twin pair sometimes, else a spread of years."""
    if rng.random() < TWIN_RATE / 2:
        return [first, first]
    dobs = [first]
    for _ in range(rng.choices((0, 1, 2), weights=(55, 35, 10), k=1)[0]):
        sibling = first + days(rng.choice((-1, 1)) * rng.randrange(400, 1500))
        if low <= sibling <= high:
            dobs.append(sibling)
    return dobs


def _name_change(rng: random.Random, child: Person, pop: Population) -> None:
    """A step-parent's surname taken in the last few years; the old one is not forgotten."""
    table = names.CULTURES[child.culture]
    new = (
        names.polish_form(table.surnames.pick(rng), child.sex)
        if child.culture == "polish"
        else table.surnames.pick(rng)
    )
    if new == child.family:
        return
    child.former_family, child.family = child.family, new
    child.family_changed = day_between(rng, add_years(pop.reference, -5), pop.reference - days(60))


def _add_family(
    rng: random.Random,
    pop: Population,
    phones: identifiers.PhonePool,
    *,
    dobs: list[date],
    cohort: str,
    birth_start: date,
) -> list[Person]:
    house = _household(rng, pop, birth_start, phones)
    children: list[Person] = []
    twin_sex = _sex(rng)
    for dob in sorted(dobs):
        sex = twin_sex if dobs.count(dob) > 1 and rng.random() < 0.65 else _sex(rng)
        child = _child(rng, pop, house, dob=dob, sex=sex, cohort=cohort)
        if children and children[-1].dob == dob:
            child.twin, children[-1].twin = children[-1], child
        # Parents do not give two of their children one first name.
        while any(child.given == other.given for other in children):
            child.given = _given(rng, house.culture, child.sex)
        child.pid = f"YP{len(pop.young) + 1:06d}"
        pop.young.append(child)
        children.append(child)
    for child in children:
        child.siblings = [c for c in children if c is not child]
        if cohort == "current" and rng.random() < SURNAME_CHANGE_RATE:
            _name_change(rng, child, pop)
    _add_parents(rng, pop, house, children)
    pop.families.append(children)
    return children


def _add_parents(
    rng: random.Random, pop: Population, house: _Household, children: list[Person]
) -> None:
    eldest = children[0].dob
    born = add_years(eldest, -rng.randrange(18, 40)) - days(rng.randrange(365))
    mother = pop.new_adult(
        rng, sex="female", born=born, culture=house.culture, homes=house.homes, role="parent"
    )
    mother.family = children[0].family
    mother.landline = house.landline
    parents = [mother]
    if rng.random() < 0.6:
        father = pop.new_adult(
            rng,
            sex="male",
            born=born - days(rng.randrange(-800, 3000)),
            culture=house.culture,
            homes=house.homes,
            role="parent",
        )
        father.family = names.masculine_form(house.surname)
        father.landline = house.landline
        parents.append(father)
    for child in children:
        child.parents = parents


def populate(
    rng: random.Random,
    *,
    young_people: int,
    reference: date,
    places: Places,
    phones: identifiers.PhonePool,
) -> Population:
    """Families until the current cohort holds `young_people`, then a historic cohort."""
    pop = Population(reference=reference, places=places)
    _fill_cohort(rng, pop, phones, count=young_people, on=reference, cohort="current")
    historic = max(1, round(young_people * HISTORIC_SHARE)) if young_people >= 50 else 0
    # The historic cohort were 10-17 around 2003 (born 1985-1993): adults by now.
    _fill_cohort(rng, pop, phones, count=historic, on=date(2003, 6, 1), cohort="historic")
    for person in pop.young:
        if person.cohort == "historic":
            _grow_up(rng, person, pop)
    return pop


def _fill_cohort(
    rng: random.Random,
    pop: Population,
    phones: identifiers.PhonePool,
    *,
    count: int,
    on: date,
    cohort: str,
) -> None:
    low = add_years(on, -CURRENT_AGES[1] - 1) + days(1)
    high = add_years(on, -CURRENT_AGES[0])
    target = len(pop.young) + count
    # Small worlds still get twins: they are a classic false match for linking.
    forced_twins = 2 if cohort == "current" and count >= 200 else 0
    while len(pop.young) < target:
        first = day_between(rng, low, high)
        dobs = [first, first] if forced_twins else _siblings_dobs(rng, first, low, high)
        forced_twins = max(0, forced_twins - 1)
        dobs = dobs[: target - len(pop.young)]
        _add_family(
            rng, pop, phones, dobs=dobs, cohort=cohort, birth_start=add_years(min(dobs), -1)
        )


def _grow_up(rng: random.Random, person: Person, pop: Population) -> None:
    """The historic cohort left home, and many women took a married name."""
    left = add_years(person.dob, rng.randrange(18, 26))
    childhood = [(since, home) for since, home in person.homes if since < left]
    person.homes = [*childhood, (left, pop.places.new_home(rng))]
    if rng.random() < 0.5:
        person.homes.append((day_between(rng, left, pop.reference), pop.places.new_home(rng)))
    if person.sex == "female" and rng.random() < 0.5:
        table = names.CULTURES[person.culture]
        married = table.surnames.pick(rng)
        if married != person.family:
            person.former_family, person.family = person.family, married
            person.family_changed = add_years(person.dob, rng.randrange(20, 34))
