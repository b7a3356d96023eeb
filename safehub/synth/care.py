"""Schools attended and children looked after: facts decided before anyone is exploited."""

from __future__ import annotations

import random
from datetime import date

from safehub.synth.dates import add_years, age_on, day_between, days
from safehub.synth.places import Place
from safehub.synth.population import Person, Population

# Chance of being looked after at some point, by family adversity (0, 1, 2).
LOOKED_AFTER = (0.002, 0.03, 0.3)


def year_group(dob: date, on: date) -> int:
    """English school year on `on`: Year 7 is the year a child turns 12."""
    start = on.year if on.month >= 9 else on.year - 1
    return age_on(dob, date(start, 8, 31)) - 4


def assign_schools(rng: random.Random, pop: Population) -> None:
    """Siblings mostly share a school; sixth form keeps about half of those over 16."""
    secondaries = [p for p in pop.places.of_type("school") if p.phase == "secondary"]
    primaries = [p for p in pop.places.of_type("school") if p.phase == "primary"]
    for children in pop.families:
        secondary, primary = rng.choice(secondaries), rng.choice(primaries)
        for child in children:
            child.secondary = secondary if rng.random() < 0.9 else rng.choice(secondaries)
            group = year_group(child.dob, pop.reference)
            if child.cohort != "current" or (group >= 12 and rng.random() < 0.5):
                child.school = None if child.cohort == "current" else child.secondary
            elif group <= 6:
                child.school = primary
            else:
                child.school = child.secondary


def plan_care(rng: random.Random, pop: Population) -> None:
    for child in pop.young:
        if rng.random() < LOOKED_AFTER[child.adversity]:
            earliest = max(add_years(child.dob, 4), add_years(pop.reference, -8))
            if child.cohort == "historic":
                earliest = add_years(child.dob, 8)
            latest = min(add_years(child.dob, 17), pop.reference - days(30))
            if earliest < latest:
                take_into_care(rng, pop, child, day_between(rng, earliest, latest))


def take_into_care(rng: random.Random, pop: Population, child: Person, start: date) -> None:
    """A care episode with a first placement and, often, moves after it."""
    if child.care_from is not None and (child.care_to is None or child.care_to > start):
        return
    child.care_from = start
    adult = add_years(child.dob, 18)
    child.care_to = None
    if rng.random() < 0.4:
        child.care_to = min(adult, start + days(rng.randrange(180, 1100)))
    end = min(child.care_to or adult, pop.reference)
    child.placements = [(start, _placement(rng, pop))]
    for _ in range(rng.choices((0, 1, 2, 3, 4), weights=(40, 30, 15, 10, 5), k=1)[0]):
        move_placement(rng, pop, child, day_between(rng, start + days(30), end))


def move_placement(rng: random.Random, pop: Population, child: Person, on: date) -> None:
    if child.placements and on > child.placements[-1][0]:
        child.placements.append((on, _placement(rng, pop)))


def _placement(rng: random.Random, pop: Population) -> Place:
    homes = pop.places.of_type("care_home")
    if homes and rng.random() < 0.35:
        return rng.choice(homes)
    return pop.places.new_home(rng)  # a foster carer's home


def in_care_on(child: Person, day: date) -> bool:
    return (
        child.care_from is not None
        and child.care_from <= day
        and (child.care_to is None or day < child.care_to)
    )
