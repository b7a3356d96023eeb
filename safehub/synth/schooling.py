"""What the schools record: pupils on roll, their schools, absence, exclusions, concerns."""

from __future__ import annotations

from datetime import date

from safehub.synth import identifiers, texts
from safehub.synth.care import year_group
from safehub.synth.dates import days, school_year_start
from safehub.synth.lives import Life, occurrences, school_terms
from safehub.synth.places import Place
from safehub.synth.population import Person

# Persistent absence (10% of sessions missed) a term, secondary pupils: 13.7% a year in
# 2018/19, over a quarter since the pandemic (DfE pupil absence statistics); primary less.
ABSENT = {"primary": 0.06, "secondary": 0.11, "secondary from 2020": 0.18}
POST_PANDEMIC = date(2020, 9, 1)
SUSPENDED = (0.01, 0.045)  # a year, primary and secondary age (DfE: 5% of secondary a year)


def _enrolment(child: Person, reference: date) -> tuple[Place | None, date, date | None]:
    """The school on roll (or last attended), when they joined it, and when they left."""
    group = year_group(child.dob, reference)
    this_year = school_year_start(reference).year
    if child.school is not None and child.school.phase == "primary":
        return child.school, date(this_year - group, 9, 1), None
    year7 = date(this_year - (group - 7), 9, 1)
    if child.school is not None:
        return child.school, year7, None
    if group >= 12 and child.secondary is not None:  # left after Year 11
        return child.secondary, year7, date(year7.year + 5, 7, 21)
    return None, year7, None


def education(life: Life) -> None:
    child, books = life.child, life.books
    if child.cohort != "current" or life.rng.random() < 0.03:
        return  # about 3% are home educated or at school out of the area
    school, joined, left = _enrolment(child, books.reference)
    if school is None:
        return
    if not child.upn:
        issued = joined.year - (7 if school.phase == "secondary" else 0)
        key = f"{school.establishment}/{issued}"
        serial = books.education.counters.get(key, 0) + 1
        books.education.counters[key] = serial
        child.upn = identifiers.new_upn(school.establishment, issued, serial)
    record = books.education.record(child, joined)
    record.saw(left or books.reference)
    books.education.link_place(record, school, "school", joined, left)
    end = min(left or books.reference, books.reference)
    _attendance(life, max(life.start, joined), end)
    _exclusions_and_concerns(life, max(life.start, joined), end)


def _attendance(life: Life, start: date, end: date) -> None:
    child, rng, edu = life.child, life.rng, life.books.education
    proneness = rng.expovariate(1.0)  # absence runs in some children, term after term
    for first, last in school_terms(start, end):
        harmed = life.troubled(first, last)
        chance = _absent(child, first) * proneness + 0.05 * child.adversity
        chance += 0.5 if harmed else 0.0
        if rng.random() >= chance or first > end:
            continue
        rate = rng.uniform(55.0, 85.0) if harmed else rng.uniform(75.0, 89.9)
        unauthorised = rng.uniform(0.2, 0.8) * (100.0 - rate)
        edu.event(
            "school_absence",
            first,
            ended=min(last, end),
            people=[(edu.record(child, first), "subject")],
            summary=f"Attendance {rate:.1f}% this term ({unauthorised:.1f}% unauthorised)",
        )


def _absent(child: Person, first: date) -> float:
    if year_group(child.dob, first) < 7:
        return ABSENT["primary"]
    return ABSENT["secondary from 2020" if first >= POST_PANDEMIC else "secondary"]


def _exclusions_and_concerns(life: Life, start: date, end: date) -> None:
    child, rng, edu = life.child, life.rng, life.books.education
    primary, secondary = SUSPENDED
    excluded = occurrences(rng, secondary + 0.04 * child.adversity, start, end)
    excluded = [
        d for d in excluded if year_group(child.dob, d) >= 7 or rng.random() < primary / secondary
    ]
    for day in excluded + life.harm_days(0.5):
        if start <= day <= end:
            edu.event(
                "school_exclusion",
                day,
                ended=day + days(rng.choice((1, 3, 5))),
                people=[(edu.record(child, day), "subject")],
                summary=rng.choice(texts.EXCLUSION),
            )
    concerns = occurrences(rng, 0.015 + 0.02 * child.adversity, start, end) + life.harm_days(0.6)
    for day in concerns:
        if start <= day <= end:
            edu.event(
                "school_concern",
                day,
                people=[(edu.record(child, day), "subject")],
                summary=life.pick(texts.SCHOOL_CONCERN_BENIGN, texts.SCHOOL_CONCERN_HARM, day),
            )
