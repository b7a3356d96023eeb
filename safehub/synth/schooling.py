"""What the schools record: pupils on roll, their schools, absence, exclusions, concerns."""

from __future__ import annotations

from datetime import date

from safehub.synth import identifiers, texts
from safehub.synth.care import year_group
from safehub.synth.dates import days, school_year_start
from safehub.synth.lives import Life, occurrences, school_terms
from safehub.synth.places import Place
from safehub.synth.population import Person


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
    for first, last in school_terms(start, end):
        harmed = life.harm[0] <= last and first <= life.harm[1] and life.harm[0] < life.harm[1]
        chance = 0.07 + 0.05 * child.adversity + (0.5 if harmed else 0.0)
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


def _exclusions_and_concerns(life: Life, start: date, end: date) -> None:
    child, rng, edu = life.child, life.rng, life.books.education
    excluded = occurrences(rng, 0.02 + 0.03 * child.adversity, start, end) + life.harm_days(0.5)
    for day in excluded:
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
