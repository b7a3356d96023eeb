"""Who has social-media accounts and when, and how an agency comes to write one down.

Young people open their first account at about twelve (most have one by fourteen);
some keep a second, some give one up and start again, and a platform's decline moves
its users on. Offenders have accounts too: through them they reach young people. An
agency notes a handle only when its contact with the person brings one up, so most
records of a person with a handle do not hold it.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from itertools import accumulate

from safehub.synth.books import Agency
from safehub.synth.corruption import Record
from safehub.synth.dates import add_years, day_between, days
from safehub.synth.handles import FIRST_OPENS, Handles, compose, pick, platform_on
from safehub.synth.networks import Network
from safehub.synth.population import Account, Person, Population, Thing

NEVER = 0.06  # young people with no account (no phone, or parents said no)
FIRST_AGES = ((11, 15.0), (12, 40.0), (13, 28.0), (14, 10.0), (15, 4.0), (16, 3.0))
_AGES = tuple(age for age, _ in FIRST_AGES)
_AGES_CUMULATIVE = tuple(accumulate(weight for _, weight in FIRST_AGES))
GIVE_UP = 0.35  # an account abandoned after a few years (new phone, a fresh start)
SECOND = 0.35  # young people who keep a second account beside the first
SAME_HANDLE = 0.6  # a second account under the handle the person already uses
SECRET = 0.3  # victims who open a new account, at an offender's asking, to talk to him on
OFFENDER_HAS = 0.85
OFFENDER_SECOND = 0.4  # a second account beside the first (one kept from family)
WRITTEN_AT = {"police": 0.4, "voluntary": 0.2}  # how often an agency writes the "@"


class _Opener:
    """Opens accounts through one registry of handles, numbering their Things."""

    def __init__(self, rng: random.Random, reference: date) -> None:
        self.rng, self.reference = rng, reference
        self.handles = Handles(rng)
        self.count = 0

    def open(self, person: Person, day: date, *, besides: str = "", wanted: str = "") -> Account:
        young = person.kind == "young_person"
        platform = platform_on(self.rng, day, young=young, besides=besides)
        wanted = wanted or compose(self.rng, person, day, longest=platform.longest)
        handle = self.handles.claim(person, platform, wanted[: platform.longest])
        self.count += 1
        thing = Thing(f"SM{self.count:06d}", "social_media", handle, platform.name)
        until = platform.closes
        if self.rng.random() < GIVE_UP:
            given_up = day + days(self.rng.randrange(300, 4 * 365))
            until = given_up if until is None else min(until, given_up)
        return Account(thing, day, until if until is not None and until < self.reference else None)

    def run(self, person: Person, start: date) -> None:
        """Accounts one after another from `start`: each given up is followed by the next."""
        day = max(start, FIRST_OPENS)
        while day < self.reference:
            account = self.open(person, day)
            person.accounts.append(account)
            if account.until is None:
                return
            day = account.until + days(self.rng.randrange(0, 60))


def open_accounts(rng: random.Random, pop: Population, networks: list[Network]) -> None:
    """Give young people and offenders the accounts their lives would have had."""
    opener = _Opener(rng, pop.reference)
    for child in pop.young:
        _young(opener, child)
    seen: set[str] = set()
    for network in networks:  # an offender in two networks: the first one they joined
        for offender in network.offenders:
            if offender.pid not in seen:
                seen.add(offender.pid)
                _offender(opener, offender, network)


def _young(opener: _Opener, child: Person) -> None:
    rng = opener.rng
    if rng.random() < NEVER:
        return
    start = add_years(child.dob, pick(rng, _AGES, _AGES_CUMULATIVE)) + days(rng.randrange(365))
    opener.run(child, start)
    if child.accounts and rng.random() < SECOND:
        first = child.accounts[0]
        day = day_between(rng, max(first.since, FIRST_OPENS), opener.reference)
        same = first.thing.value if rng.random() < SAME_HANDLE else ""
        if day < opener.reference:
            other = opener.open(child, day, besides=first.thing.description, wanted=same)
            child.accounts.append(other)
    victim = child.victim
    if victim is not None and child.accounts and rng.random() < SECRET:
        day = victim.began + days(rng.randrange(0, 120))
        if FIRST_OPENS <= day < min(victim.ended, opener.reference):
            child.accounts.append(opener.open(child, day))
    child.accounts.sort(key=lambda a: a.since)


def _offender(opener: _Opener, offender: Person, network: Network) -> None:
    """An account from before the network's first victim; a second one, often."""
    rng = opener.rng
    if rng.random() > OFFENDER_HAS:
        return
    start = network.begins - days(rng.randrange(0, 4 * 365))
    opener.run(offender, start)
    if offender.accounts and rng.random() < OFFENDER_SECOND:
        day = max(FIRST_OPENS, network.begins - days(rng.randrange(0, 365)))
        if day < opener.reference:
            offender.accounts.append(opener.open(offender, day))
    offender.accounts.sort(key=lambda a: a.since)


# ---------------------------------------------------------------- agencies take note


def in_use(person: Person, start: date, end: date | None = None) -> list[Account]:
    """The person's accounts in use at some time in [start, end] (one day by default)."""
    return [a for a in person.accounts if a.live_between(start, end or start)]


def written(agency: Agency, thing: Thing, rng: random.Random) -> Thing:
    """The handle as this agency writes it: some officers put the "@" in front."""
    known = agency.things.get(thing.key)
    if known is not None:
        return known[1]
    if rng.random() < WRITTEN_AT.get(agency.code, 0.0):
        return replace(thing, value="@" + thing.value)
    return thing


def note(
    agency: Agency,
    record: Record,
    rng: random.Random,
    chance: float,
    on: date,
    *,
    until: date | None = None,
) -> list[Thing]:
    """Link to `record` each account its person used on `on` (or up to `until`) that the
    contact brought up, each with `chance`; agencies without an objects file note none."""
    if not agency.has_things or not record.person.accounts:
        return []
    noted: list[Thing] = []
    for account in in_use(record.person, on, until):
        if rng.random() < chance:
            thing = written(agency, account.thing, rng)
            agency.link_thing(record, thing, "uses")
            noted.append(thing)
    return noted
