"""Boys drawn into running drugs for a county line: criminal, not sexual, exploitation.

In records it looks much like sexual exploitation (missing again and again, found far
from home, cars with unknown adults, cash and phones nobody explains, drugs), so the
ground truth marks these boys `criminal_exploitation` and not `victim`, and evaluation
can say how many of screening's flags they take.
"""

from __future__ import annotations

import random
from datetime import date

from safehub.synth import recording, texts
from safehub.synth.contacts import GRADES
from safehub.synth.dates import add_years, at_time, day_between, days
from safehub.synth.lives import Life, in_school, occurrences, police_record
from safehub.synth.population import CriminalExploitation, Person, Population

# Of boys in the current cohort: about 27,000 children in England are in gangs at high
# risk of criminal exploitation (Children's Commissioner 2019), some 1% of boys aged
# 13-17 over a few years; we take 0.7%, weighted by adversity and being looked after.
CCE_RATE = 0.007


def choose_boys(rng: random.Random, pop: Population) -> None:
    """Mark CCE_RATE of eligible boys (never a CSE victim here), by weighted sampling."""
    latest = pop.reference - days(90)
    eligible = [
        c
        for c in pop.young
        if c.cohort == "current"
        and c.sex == "male"
        and c.victim is None
        and add_years(c.dob, 13) < latest
        and add_years(c.dob, 17) > add_years(pop.reference, -6)
    ]
    keyed = sorted(
        ((rng.random() ** (1.0 / _weight(c)), n) for n, c in enumerate(eligible)), reverse=True
    )
    for _, n in keyed[: round(len(eligible) * CCE_RATE)]:
        child = eligible[n]
        start = max(add_years(pop.reference, -6), add_years(child.dob, 13))
        began = day_between(rng, start, min(latest, add_years(child.dob, 17)))
        ended = min(add_years(child.dob, 18), began + days(rng.randrange(180, 900)))
        child.criminal = CriminalExploitation(began, ended)


def _weight(child: Person) -> float:
    return (1.0, 3.0, 6.0)[child.adversity] * (3.0 if child.care_from is not None else 1.0)


def criminal_life(life: Life) -> None:
    """What police, social care, schools and the hospital record of a boy on a line."""
    if life.criminal is None:
        return
    start, end = life.criminal
    rng = random.Random(f"{life.books.seed}/county_lines/{life.child.pid}")
    for day in occurrences(rng, 3.0, start, end):
        if recording.recorded(rng, "missing", day):
            life.missing(
                day, told=rng.choice(texts.CCE_MISSING), interview=rng.choice(texts.CCE_RHI)
            )
    _police(life, rng, start, end)
    _care_school_health(life, rng, start, end)


def _police(life: Life, rng: random.Random, start: date, end: date) -> None:
    child, books = life.child, life.books
    police = books.police
    for day in occurrences(rng, 0.6, start, end):
        police.event(
            "crime",
            day,
            at=at_time(day, rng),
            people=[(police_record(books, child, day), "suspect")],
            summary=rng.choice(texts.CCE_CRIME),
        )
    for day in occurrences(rng, 0.8, start, end):
        if recording.recorded(rng, "intelligence", day):
            police.event(
                "intelligence_report",
                day,
                sensitivity="intelligence",
                grading=rng.choice(GRADES),
                people=[(police_record(books, child, day), "subject")],
                summary=recording.worded(rng, "intelligence", day, rng.choice(texts.CCE_INTEL)),
            )
    for day in occurrences(rng, 0.3, start, end):
        police.event(
            "police_incident",
            day,
            at=at_time(day, rng, night=True),
            people=[(police_record(books, child, day), "passenger")],
            summary=texts.CCE_STOP.format(n=rng.randrange(2, 4)),
        )
    if rng.random() < 0.25:  # police recognise him as a victim of modern slavery
        day = day_between(rng, start, end)
        police.event(
            "crime",
            day,
            at=at_time(day, rng),
            people=[(police_record(books, child, day), "victim")],
            summary=texts.CCE_VICTIM,
            sensitivity="restricted",
        )


def _care_school_health(life: Life, rng: random.Random, start: date, end: date) -> None:
    child, books = life.child, life.books
    if rng.random() < 0.6:
        day = start + days(rng.randrange(30, 240))
        if day <= end:
            csc = books.csc
            csc.event(
                "safeguarding_referral",
                day,
                people=[(csc.record(child, day), "subject")],
                summary=rng.choice(texts.CCE_REFERRAL),
            )
    edu = books.education
    if edu.has(child) is not None:
        school: list[tuple[str, date, tuple[str, ...]]] = [
            ("school_exclusion", d, texts.CCE_EXCLUSION) for d in occurrences(rng, 0.8, start, end)
        ]
        school += [
            ("school_concern", d, texts.CCE_SCHOOL) for d in occurrences(rng, 0.5, start, end)
        ]
        for kind, day, wording in school:
            if in_school(child, day) or child.school is not None:
                edu.event(
                    kind,
                    day,
                    ended=day + days(5) if kind == "school_exclusion" else None,
                    people=[(edu.record(child, day), "subject")],
                    summary=rng.choice(wording),
                )
    nhs = books.health
    seen: list[tuple[str, date, tuple[str, ...]]] = [
        ("ae_attendance", d, texts.CCE_AE) for d in occurrences(rng, 0.3, start, end)
    ]
    seen += [
        ("substance_misuse_contact", d, texts.CCE_SUBSTANCE)
        for d in occurrences(rng, 0.3, start, end)
    ]
    for kind, day, wording in seen:
        nhs.event(
            kind,
            day,
            at=at_time(day, rng, night=kind == "ae_attendance"),
            sensitivity="health",
            people=[(nhs.record(child, day), "subject")],
            summary=rng.choice(wording),
        )
