"""What happens to each young person, and which agency writes it down.

Every child gets the ordinary base rates (missing nights, A&E, sexual health, school
absence, social care) so that no indicator alone separates victims; victims get more of
them, and worse, from the day their exploitation began.
"""

from __future__ import annotations

import math
import random
from datetime import date
from functools import cached_property

from safehub.synth import accounts, recording, texts, visibility
from safehub.synth.books import Agency, Books
from safehub.synth.care import in_care_on, year_group
from safehub.synth.corruption import Record
from safehub.synth.dates import add_years, at_time, day_between, days, school_year_start, term_of
from safehub.synth.duplicates import LEGACY_UNTIL
from safehub.synth.identifiers import PhonePool
from safehub.synth.networks import Network
from safehub.synth.places import Place
from safehub.synth.population import Person, Population, Thing

RHI_DONE = 0.63  # return interviews held within 72 hours (Missing People, 2023-24)
RUN_AGAIN = 0.35  # a child who ran after a row runs again within weeks (it was not settled)


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-min(mean, 30.0)), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def occurrences(rng: random.Random, per_year: float, start: date, end: date) -> list[date]:
    """Days on which something with this yearly rate happened between start and end."""
    if end <= start:
        return []
    count = poisson(rng, per_year * (end - start).days / 365.25)
    return sorted(day_between(rng, start, end) for _ in range(count))


def window(child: Person, reference: date) -> tuple[date, date]:
    """The years in which agencies could have recorded this child as a child."""
    if child.cohort == "historic":
        return (
            max(add_years(child.dob, 10), date(2000, 1, 1)),
            min(add_years(child.dob, 18) - days(1), date(2008, 12, 31)),
        )
    return max(add_years(child.dob, 10), add_years(reference, -6)), reference


def harm_span(child: Person, end: date) -> tuple[date, date]:
    """Exploitation and the months after it, when indicators show (empty if none)."""
    if child.victim is None:
        return end, end
    return child.victim.began, min(end, child.victim.ended + days(180))


def police_record(books: Books, person: Person, day: date) -> Record:
    variant = "historic" if day < LEGACY_UNTIL else "main"
    return books.police.record(person, day, variant=variant)


class Life:
    """One child's years, written into the agencies' books."""

    def __init__(
        self,
        books: Books,
        pop: Population,
        networks: dict[str, Network],
        child: Person,
        phones: PhonePool,
    ) -> None:
        self.books, self.pop, self.child, self.phones = books, pop, child, phones
        self.rng = random.Random(f"{books.seed}/life/{child.pid}")
        self.start, self.end = window(child, books.reference)
        self.harm = harm_span(child, self.end)
        self.network = networks[child.victim.network] if child.victim else None
        self.visible = visibility.signal(child)  # barely visible victims show little
        crime = child.criminal
        self.criminal = (crime.began, min(self.end, crime.ended + days(90))) if crime else None

    @cached_property
    def notes(self) -> random.Random:
        """What agencies note of handles draws on its own stream (made when first needed),
        so the rest of a life is the same whether or not a handle comes up."""
        return random.Random(f"{self.books.seed}/handles/{self.child.pid}")

    def note(self, agency: Agency, record: Record, chance: float, day: date) -> list[Thing]:
        """The handles this contact brings up (`accounts.note`), on the life's own stream."""
        if not (agency.has_things and record.person.accounts):
            return []  # most contacts: no stream need be made
        return accounts.note(agency, record, self.notes, chance, day)

    def harm_days(self, per_year: float) -> list[date]:
        """Occurrences that exploitation adds, within the harm span."""
        return occurrences(self.rng, per_year * self.visible, *self.harm)

    def harmed_on(self, day: date) -> bool:
        """Within the harm span, for a victim whose harm shows at all in records."""
        start, end = self.harm
        return self.visible >= 1.0 and start <= day <= end and start < end

    def troubled(self, first: date, last: date) -> bool:
        """Whether [first, last] overlaps sexual or criminal exploitation that shows."""
        spans = [self.harm] if self.visible >= 1.0 else []
        spans += [self.criminal] if self.criminal else []
        return any(start <= last and first <= end and start < end for start, end in spans)

    def pick(self, benign: tuple[str, ...], harmful: tuple[str, ...], day: date) -> str:
        harmed = self.harmed_on(day)
        return self.rng.choice(harmful if harmed and self.rng.random() < 0.7 else benign)

    # ---------------------------------------------------------------- missing

    def missing_episodes(self) -> None:
        child, rng = self.child, self.rng
        rate = 0.015 * (1 + 3 * child.adversity)
        days_out = occurrences(rng, rate, max(self.start, add_years(child.dob, 11)), self.end)
        days_out += [d + days(rng.randrange(14, 60)) for d in days_out if rng.random() < RUN_AGAIN]
        days_out += list(self.harm_days(4.0 if rng.random() < 0.75 else 0.5))
        if child.care_from is not None:
            days_out += occurrences(rng, 0.6, child.care_from, child.care_to or self.end)
        for day in sorted(d for d in days_out if self.start <= d <= self.end):
            if recording.recorded(rng, "missing", day):
                self.missing(day)

    def missing(self, day: date, *, told: str = "", interview: str = "") -> None:
        """A missing episode the police recorded; `told`/`interview` word it (else drawn)."""
        child, rng, police = self.child, self.rng, self.books.police
        harmed = self.harmed_on(day) and self.network is not None
        record = police_record(self.books, child, day)
        people: list[tuple[Record, str]] = [(record, "missing_person")]
        reporter = self.reporter(day)
        if reporter is not None:
            people.append((police_record(self.books, reporter, day), "reporter"))
        found: Place | None = None
        if harmed and self.network is not None and rng.random() < 0.6:
            found = rng.choice(self.network.gateways + self.network.houses)
            if rng.random() < 0.3:
                offender = rng.choice(self.network.offenders)
                people.append((police_record(self.books, offender, day), "associate"))
        elif not told and rng.random() < 0.2:
            found = rng.choice(self.pop.places.of_type("park"))
        back = day + days(rng.choice((0, 0, 1, 1, 2, 3)))
        at = at_time(day, rng, night=True)
        benign = texts.MISSING_PLACEMENT if in_care_on(child, day) else texts.MISSING_BENIGN
        summary = told or self.pick(benign, texts.MISSING_HARM, day)
        summary = recording.worded(rng, "missing", day, summary)
        self.note(police, record, 0.3 if harmed else 0.1, day)
        used = self.contacted_by(day, people) if harmed else []
        for thing in used:
            summary += f"; had been in contact with {thing.value} on {thing.description}"
        police.event(
            "missing_episode",
            day,
            at=at,
            ended=back,
            place=found,
            people=people,
            summary=summary,
            things=[(thing, "used") for thing in used],
        )
        if in_care_on(child, day):
            csc = self.books.csc.record(child, day)
            self.books.csc.event(
                "missing_episode",
                day,
                ended=back,
                people=[(csc, "subject")],
                summary="Missing from care",
            )
        self.return_interview(back, interview)

    def contacted_by(self, day: date, people: list[tuple[Record, str]]) -> list[Thing]:
        """Sometimes the handle an offender reached the child on comes up: his record
        holds it if he was found with the child, else only the episode does."""
        notes, police = self.notes, self.books.police
        if self.network is None or self.child.victim is None or notes.random() > 0.3:
            return []
        found_with = [r for r, role in people if role == "associate"]
        him = (
            found_with[0].person
            if found_with
            else self.child.victim.boyfriend or notes.choice(self.network.offenders)
        )
        used = accounts.in_use(him, day)
        if not used:
            return []
        thing = accounts.written(police, notes.choice(used).thing, notes)
        for record in found_with:
            police.link_thing(record, thing, "uses")
        return [thing]

    def reporter(self, day: date) -> Person | None:
        if in_care_on(self.child, day) or not self.child.parents:
            return None
        return self.child.parents[0] if self.rng.random() < 0.8 else self.child.parents[-1]

    def return_interview(self, back: date, told: str = "") -> None:
        """CSC interviews looked-after and known children; the project interviews others."""
        rng = self.rng
        if rng.random() > 0.85 or back > self.end:
            return
        if not recording.recorded(rng, "return_interview", back):
            return
        late = rng.random() > RHI_DONE
        day = back + days(rng.randrange(4, 15) if late else rng.randrange(0, 3))
        if day > self.end:
            return
        agency = (
            self.books.csc
            if (in_care_on(self.child, back) or self.books.csc.has(self.child))
            else self.books.voluntary
        )
        record = agency.record(self.child, day)
        summary = told or self.pick(texts.RHI_BENIGN, texts.RHI_HARM, back)
        summary = recording.worded(rng, "return_interview", back, summary)
        if late:
            summary += " (held after 72 hours)"
        agency.event("return_home_interview", day, people=[(record, "subject")], summary=summary)
        self.note(agency, record, 0.4, day)  # social care keeps no objects

    def agency_record(self, agency: Agency, day: date) -> Record:
        if agency is self.books.police:
            return police_record(self.books, self.child, day)
        return agency.record(self.child, day)


def school_terms(start: date, end: date) -> list[tuple[date, date]]:
    """Every school term overlapping [start, end]."""
    terms: list[tuple[date, date]] = []
    for year in range(school_year_start(start).year, end.year + 1):
        for term in (
            term_of(date(year, 9, 10)),
            term_of(date(year + 1, 2, 1)),
            term_of(date(year + 1, 5, 1)),
        ):
            if term[1] >= start and term[0] <= end:
                terms.append(term)
    return terms


def in_school(child: Person, day: date) -> bool:
    return 7 <= year_group(child.dob, day) <= 11
