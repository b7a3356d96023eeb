"""Ordinary teenage years: first relationships, the clinic, an older boyfriend, a bad night.

Most children who go to a sexual-health clinic at 15, have a boyfriend three years older
or turn up at A&E after a party are not exploited: these are the base rates that make
any single sign screening reads a weak one (docs/synthetic-world.md gives the sources).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from safehub.synth import duplicates, recording, texts
from safehub.synth.dates import add_years, age_on, at_time, day_between, days
from safehub.synth.lives import Life, in_school, occurrences, police_record
from safehub.synth.population import Person

# Share who have had sex by each age (Natsal-3: about 3 in 10 before 16, median about 16-17).
ACTIVE_BY = ((13.0, 0.0), (14.0, 0.07), (15.0, 0.15), (16.0, 0.30), (17.0, 0.48), (18.0, 0.60))
CLINIC_RATE = {"female": 0.6, "male": 0.15}  # clinic visits a year while sexually active
POSITIVE = 0.06  # of ordinary visits: chlamydia found (NCSP positivity 8-10% of those tested)
ASSESSED = 0.3  # under-18 visits from 2014 whose note records the under-18 assessment
# Pregnancies a year of a sexually active girl, by recording era (before 2008, 2008-13,
# from 2014): under-18 conceptions fell by two-thirds between 2007 and 2021 (ONS).
PREGNANCY = (0.10, 0.07, 0.035)
OLDER_BOYFRIEND = 0.15  # of girls: a boyfriend 2-5 years older at some time aged 14-17
SELF_HARM = {"female": 0.010, "male": 0.004}  # A&E a year from 13 (self-harm monitoring)
DRUNK = 0.005  # A&E with alcohol a year from 14


@dataclass(slots=True)
class Romance:
    """A relationship with an older boyfriend: nobody is exploiting anybody."""

    start: date
    end: date
    born: date  # his date of birth
    partner: Person | None = None  # made when an agency records him

    def on(self, day: date) -> bool:
        return self.start <= day <= self.end


def teen_years(life: Life) -> None:
    """Clinic visits, pregnancies, A&E after self-harm or drink, an older boyfriend noted."""
    child = life.child
    teen = max(life.start, add_years(child.dob, 13))
    if teen >= life.end:
        return
    romance = _older_boyfriend(life)
    active = _active_from(life.rng, child)
    if romance is not None and life.rng.random() < 0.7:
        active = min(active or romance.start, romance.start)
    _sexual_health(life, teen, active, romance)
    _bad_nights(life, teen)
    if romance is not None:
        _romance_noted(life, romance)


def _active_from(rng: random.Random, child: Person) -> date | None:
    """When they first have sex, if before 18 (earlier with adversity at home)."""
    share = rng.random() * (1.0 - 0.2 * child.adversity)
    below_age, below = ACTIVE_BY[0]
    for age, by in ACTIVE_BY[1:]:
        if share < by:
            years = below_age + (age - below_age) * (share - below) / (by - below)
            return child.dob + days(round(years * 365.25))
        below_age, below = age, by
    return None


def _older_boyfriend(life: Life) -> Romance | None:
    child, rng = life.child, life.rng
    if child.sex != "female" or child.victim is not None:
        return None  # a victim's "boyfriend" is the offender (networks.py)
    start = max(life.start, add_years(child.dob, 14))
    end = min(life.end, add_years(child.dob, 18) - days(60))
    if end <= start or rng.random() > OLDER_BOYFRIEND * (end - start).days / (4 * 365.25):
        return None
    began = day_between(rng, start, end)
    born = add_years(child.dob, -rng.choice((2, 2, 3, 3, 3, 4, 5))) - days(rng.randrange(300))
    return Romance(began, began + days(rng.randrange(120, 540)), born)


# ---------------------------------------------------------------- the clinic


def _sexual_health(life: Life, teen: date, active: date | None, romance: Romance | None) -> None:
    """The clinic lets young people register under any name: many records are pseudonymous."""
    child, rng, nhs = life.child, life.rng, life.books.health
    visits = life.harm_days(1.2)
    if active is not None:
        visits += occurrences(rng, CLINIC_RATE.get(child.sex, 0.3), max(teen, active), life.end)
    visits.sort()
    variant = "clinic" if rng.random() < 0.35 else "main"
    given = None
    if variant == "clinic" and visits:
        # The details given at the first visit; the record keeps them.
        details = random.Random(f"{life.books.seed}/clinic/{child.pid}")
        friend = details.choice(life.pop.young).home_on(min(visits))
        given = duplicates.clinic_details(
            child, min(visits), details, [friend], life.phones.mobile()
        )
    for day in visits:
        if day >= teen:
            nhs.event(
                "sexual_health_attendance",
                day,
                at=at_time(day, rng),
                sensitivity="sexual_health",
                people=[(nhs.record(child, day, variant=variant, given=given), "subject")],
                summary=_clinic_note(life, day, romance),
            )
    if child.sex != "female":
        return
    pregnant = life.harm_days(0.08)
    if active is not None:
        conceived = occurrences(rng, PREGNANCY[0], max(teen, active), life.end)
        pregnant += [d for d in conceived if _in_era(rng, d)]
    for day in pregnant:
        if day >= teen:
            nhs.event(
                "pregnancy",
                day,
                at=at_time(day, rng),
                sensitivity="sexual_health",
                people=[(nhs.record(child, day), "subject")],
                summary=rng.choice(texts.PREGNANCY),
            )


def _in_era(rng: random.Random, day: date) -> bool:
    """Thins a draw at the highest era's rate down to the rate of the day's era."""
    return rng.random() < PREGNANCY[recording.era(day)] / PREGNANCY[0]


def _clinic_note(life: Life, day: date, romance: Romance | None) -> str:
    """What the clinic wrote: from 2014 an under-18 assessment asks the partner's age."""
    rng, child = life.rng, life.child
    if life.harmed_on(day) and rng.random() < 0.7:
        harm = rng.choice(texts.SEXUAL_HEALTH_HARM)
        return recording.worded(rng, "sexual_health", day, harm)
    assessed = recording.era(day) == 2 and day < add_years(child.dob, 18)
    if assessed and romance is not None and romance.on(day) and rng.random() < 0.5:
        return rng.choice(texts.OLDER_PARTNER_CLINIC).format(age=age_on(romance.born, day))
    if assessed and rng.random() < ASSESSED:
        return rng.choice(texts.UNDER_18_ASSESSMENT)
    if rng.random() < POSITIVE:
        return rng.choice(texts.SEXUAL_HEALTH_POSITIVE)
    return rng.choice(texts.SEXUAL_HEALTH_BENIGN)


# ---------------------------------------------------------------- A&E


def _bad_nights(life: Life, teen: date) -> None:
    child, rng, nhs = life.child, life.rng, life.books.health
    hurt = occurrences(rng, SELF_HARM.get(child.sex, 0.007) * (1 + child.adversity), teen, life.end)
    drunk = occurrences(rng, DRUNK, max(teen, add_years(child.dob, 14)), life.end)
    for day, wording in [(d, texts.AE_SELF_HARM) for d in hurt] + [
        (d, texts.AE_DRUNK) for d in drunk
    ]:
        nhs.event(
            "ae_attendance",
            day,
            at=at_time(day, rng, night=True),
            sensitivity="health",
            people=[(nhs.record(child, day), "subject")],
            summary=rng.choice(wording),
        )


# ---------------------------------------------------------------- the older boyfriend


def _romance_noted(life: Life, romance: Romance) -> None:
    """School, social care or the police notice him now and then; mostly nobody does."""
    child, rng, books = life.child, life.rng, life.books
    day = day_between(rng, romance.start, min(romance.end, life.end))
    age = age_on(romance.born, day)
    at_school = books.education.has(child) is not None and (
        in_school(child, day) or child.school is not None
    )
    if at_school and rng.random() < 0.2:
        edu = books.education
        edu.event(
            "school_concern",
            day,
            people=[(edu.record(child, day), "subject")],
            summary=rng.choice(texts.OLDER_PARTNER_SCHOOL).format(age=age),
        )
    if rng.random() < (0.3 if books.csc.has(child) is not None else 0.04):
        csc = books.csc
        mine = csc.record(child, day)
        csc.event(
            "safeguarding_referral",
            day,
            people=[(mine, "subject")],
            summary=rng.choice(texts.OLDER_PARTNER_CARE).format(age=age),
        )
        csc.link_people(mine, csc.record(_partner(life, romance, day), day), "boyfriend")
    if rng.random() < 0.1:
        police = books.police
        mine = police_record(books, child, day)
        theirs = police_record(books, _partner(life, romance, day), day)
        police.link_people(mine, theirs, "boyfriend")
        police.event(
            "police_incident",
            day,
            at=at_time(day, rng, night=True),
            people=[(mine, "subject"), (theirs, "associate")],
            summary="Stopped together in the town centre late at night; words of advice",
        )


def _partner(life: Life, romance: Romance, day: date) -> Person:
    if romance.partner is None:
        romance.partner = life.pop.new_adult(
            life.rng,
            sex="male",
            born=romance.born,
            culture=life.child.culture,
            homes=[(day, life.pop.places.new_home(life.rng))],
            role="associate",
        )
    return romance.partner
