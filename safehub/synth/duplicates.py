"""Why an agency comes to hold one person twice, and the details the second record holds.

Real agencies hold many records of one person, and most often of the people the hub
exists for. Each reason here follows from something in the person's life:

- **police**: an officer who does not find the person's nominal makes a new one. Likelier
  when years passed since the last contact, when a missing child's details came from care
  staff (a date of birth guessed as 1 January, the placement's address), and when an
  offender gives other details at arrest (a short form or other first name, a date of
  birth months out, no fixed abode); fingerprints usually bring the same PNC id.
- **social care**: a new case record opened after the family moved.
- **sexual health** (called from `contacts`): a young person registering at a clinic
  under other details: an older age, a friend's address, a new phone.

The second record is rendered from the same true person with the details given; the
record then drifts like any other (`corruption.render_person`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from safehub.synth import keying, names
from safehub.synth.dates import add_years, days
from safehub.synth.places import Place
from safehub.synth.population import Person

LEGACY_UNTIL = date(2009, 1, 1)  # the police moved to a new records system in 2009


@dataclass(slots=True)
class Given:
    """Details a person gave (or an agency guessed) instead of the true ones."""

    given_name: str = ""  # another first name: a short form, an alias, a slip
    dob: date | None = None  # an older age, or a date months out
    placeholder_dob: bool = False  # not known: written as 1 January of the year guessed
    home: Place | None = None  # a friend's address
    no_fixed_abode: bool = False
    phone: str = ""  # a new number, given instead of the one on file
    drop_pnc: bool = False  # made before fingerprints matched the person


@dataclass(frozen=True)
class Second:
    """A decision to open another record, and what it holds."""

    reason: str  # not found | gave other details | guessed details | re-registered
    given: Given


def police_second(person: Person, day: date, held: tuple[date, date], seed: str) -> Second | None:
    """Whether the police make a new nominal for `person` at a contact on `day`, when the
    nominal they hold was first and last used on the dates `held`."""
    first, last = held
    if day < LEGACY_UNTIL or first == day:
        return None
    rng = random.Random(f"{seed}/nominal/{person.pid}/{day.isoformat()}")
    years = (day - last).days / 365.25
    if person.networks and rng.random() < 0.14:
        return Second("gave other details", _offender_details(person, rng))
    victim = person.victim
    harmed = victim is not None and victim.began <= day <= add_years(victim.ended, 1)
    if harmed and rng.random() < 0.05:
        return Second("guessed details", _guessed_details(person, day, rng))
    if rng.random() < (0.05 if years > 3 else 0.008):
        return Second("not found", Given())
    return None


def care_second(person: Person, day: date, held: tuple[date, date], seed: str) -> Second | None:
    """Whether social care opens a new case record: after a move, a year or more on."""
    first, last = held
    if first == day or person.home_on(day) is person.home_on(last):
        return None
    if (day - last).days < 365:
        return None
    rng = random.Random(f"{seed}/rereg/{person.pid}/{day.isoformat()}")
    return Second("re-registered", Given()) if rng.random() < 0.35 else None


def clinic_details(
    person: Person, day: date, rng: random.Random, homes: list[Place], phone: str
) -> Given:
    """What a young person gives a sexual-health clinic that lets them choose."""
    given = Given()
    if add_years(person.dob, 16) > day and rng.random() < 0.4:
        given.dob = add_years(person.dob, -rng.choice((2, 3, 3, 4)))  # an older age
    if homes and rng.random() < 0.3:
        given.home = rng.choice(homes)  # a friend's address
    if rng.random() < 0.4:
        given.phone = phone
    return given


def _offender_details(person: Person, rng: random.Random) -> Given:
    given = Given(drop_pnc=rng.random() < 0.3)
    roll = rng.random()
    if roll < 0.35:
        forms = names.NICKNAMES.get(person.given, ())
        short = [a for a in person.aliases if a in forms]
        given.given_name = short[0] if short else (names.nickname(person.given, rng) or "")
    elif roll < 0.5:
        given.given_name = keying.typo(person.given, rng)
    roll = rng.random()
    if roll < 0.4:
        given.dob = person.dob + days(rng.choice((-1, 1)) * rng.randrange(20, 200))
    elif roll < 0.55:
        given.placeholder_dob = True
    given.no_fixed_abode = rng.random() < 0.2
    return given


def _guessed_details(person: Person, day: date, rng: random.Random) -> Given:
    """A missing child reported by care staff or found by officers: details estimated."""
    given = Given()
    if rng.random() < 0.6:
        given.placeholder_dob = True
    elif rng.random() < 0.5:
        given.dob = add_years(person.dob, -rng.choice((1, 2, 3)))
    if rng.random() < 0.3:
        given.given_name = names.nickname(person.given, rng) or ""
    return given
