"""What agencies see of a network: intelligence, vehicle stops, outreach, an operation."""

from __future__ import annotations

import random
from datetime import date

from safehub.synth import accounts, recording, texts
from safehub.synth.books import Books
from safehub.synth.contacts import GRADES
from safehub.synth.corruption import Record
from safehub.synth.dates import add_years, at_time, day_between, days
from safehub.synth.duplicates import LEGACY_UNTIL
from safehub.synth.lives import poisson
from safehub.synth.networks import Network
from safehub.synth.population import Person, Population, Thing

PRIOR_OFFENCES = (
    "Driving while disqualified",
    "Possession of cannabis",
    "Common assault",
    "Handling stolen goods",
    "Driving without insurance",
    "Public order offence",
)


class NetworkStory:
    """One network, as it shows up in police, project and social care records."""

    def __init__(self, books: Books, pop: Population, network: Network) -> None:
        self.books, self.pop, self.network = books, pop, network
        self.rng = random.Random(f"{books.seed}/network/{network.nid}")
        self.notes = random.Random(f"{books.seed}/network/{network.nid}/handles")
        self.police = books.police

    def tell(self) -> None:
        self.intelligence()
        self.vehicle_stops()
        self.outreach()
        self.operation()
        self.prior_offences()
        self.offender_details()
        self.peer_links()

    # ---------------------------------------------------------------- helpers

    def record(self, person: Person, day: date) -> Record:
        variant = "historic" if day < LEGACY_UNTIL else "main"
        return self.police.record(person, day, variant=variant)

    def suspect(self, offender: Person, day: date) -> Record:
        if offender.aliases and self.rng.random() < 0.3 and day >= LEGACY_UNTIL:
            return self.police.record(offender, day, variant="alias", alias=offender.aliases[0])
        return self.record(offender, day)

    def active_victims(self, day: date, most: int) -> list[Person]:
        active = [
            v
            for v in self.network.victims
            if v.victim is not None
            and v.victim.began <= day <= v.victim.ended
            and not v.victim.barely_visible  # never seen where the network meets
        ]
        return self.rng.sample(active, min(len(active), most))

    def when(self) -> date:
        return day_between(self.rng, self.network.begins, self.network.ends)

    def years(self) -> float:
        return max(0.2, (self.network.ends - self.network.begins).days / 365.25)

    # ---------------------------------------------------------------- sightings

    def intelligence(self) -> None:
        rng, network = self.rng, self.network
        for _ in range(
            poisson(rng, 2.5 * self.years() * (1 if network.kind != "boyfriend" else 0.3))
        ):
            day = self.when()
            if not recording.recorded(rng, "intelligence", day):
                continue
            people = [
                (self.record(v, day), "subject")
                for v in self.active_victims(day, rng.randrange(1, 4))
            ]
            people += [
                (self.suspect(o, day), "suspect")
                for o in rng.sample(
                    network.offenders, min(len(network.offenders), rng.randrange(0, 3))
                )
            ]
            things: list[tuple[Thing, str]] = []
            if network.vehicles and rng.random() < 0.5:
                things.append((rng.choice(network.vehicles), "seen"))
            if network.phones and rng.random() < 0.3:
                things.append((rng.choice(network.phones), "used"))
            place = rng.choice(network.gateways + network.houses)
            for record, role in people:  # "in contact with the girls on Snapchat as"
                found = accounts.note(self.police, record, self.notes, 0.5, day)
                things += [(thing, "used") for thing in found if role == "suspect"]
            self.police.event(
                "intelligence_report",
                day,
                sensitivity="intelligence",
                grading=rng.choice(GRADES),
                place=place,
                people=people,
                things=things,
                summary=recording.worded(rng, "intelligence", day, rng.choice(texts.INTEL_HARM)),
            )

    def vehicle_stops(self) -> None:
        rng, network = self.rng, self.network
        stops = self.pop.places.of_type("vehicle_stop") + self.pop.places.of_type("taxi_rank")
        for _ in range(poisson(rng, 0.8 * self.years()) if network.vehicles else 0):
            day = self.when()
            if not recording.recorded(rng, "intelligence", day):
                continue
            vehicle = rng.choice(network.vehicles)
            driver = network.drivers[vehicle.key]
            people = [(self.record(driver, day), "driver")]
            passengers = self.active_victims(day, rng.randrange(1, 3))
            people += [(self.record(v, day), "passenger") for v in passengers]
            self.police.event(
                "police_incident",
                day,
                at=at_time(day, rng, night=True),
                place=rng.choice(stops),
                people=people,
                things=[(vehicle, "seen")],
                summary=f"Vehicle stopped; adult driver with {len(passengers)} young "
                "passenger(s) who gave false names at first; words of advice",
            )

    def outreach(self) -> None:
        rng, network = self.rng, self.network
        project = self.books.voluntary
        if network.kind == "historic" or not network.gateways:
            return
        for _ in range(poisson(rng, 1.2 * self.years())):
            day = self.when()
            if not recording.recorded(rng, "community", day):
                continue
            known = [
                (r, "subject")
                for v in self.active_victims(day, 2)
                if (r := project.has(v)) is not None
            ]
            things = (
                [(rng.choice(network.vehicles), "seen")]
                if network.vehicles and rng.random() < 0.4
                else []
            )
            project.event(
                "community_concern",
                day,
                place=rng.choice(network.gateways),
                people=known,
                things=things,
                summary=rng.choice(texts.COMMUNITY),
            )

    # ---------------------------------------------------------------- the operation

    def operation(self) -> None:
        network, rng = self.network, self.rng
        if network.operation is not None:
            self._act(network.operation, network.arrested, network.charged, network.convicted)
        if network.kind == "historic":
            reports = [
                v.victim.crime_report
                for v in network.victims
                if v.victim and v.victim.crime_report and v.victim.crime_report.year >= 2020
            ]
            if reports:  # the re-investigation acts on survivors' accounts
                start = max(reports) + days(rng.randrange(30, 120))
                if start < self.books.reference:
                    arrested = [o for o in network.offenders if rng.random() < 0.6]
                    self._act(start, arrested, [o for o in arrested if rng.random() < 0.5], [])

    def _act(
        self, start: date, arrested: list[Person], charged: list[Person], convicted: list[Person]
    ) -> None:
        rng, reference = self.rng, self.books.reference
        for offender in arrested:
            day = start + days(rng.randrange(0, 30))
            if day > reference:
                continue
            things = [
                (p, "seized")
                for p in self.network.phones
                if offender in self.network.phone_users.get(p.key, [])
            ]
            record = self.record(offender, day)
            self.police.event(
                "arrest",
                day,
                at=at_time(day, rng),
                people=[(record, "suspect")],
                things=things,
                summary="Arrested on suspicion of sexual offences against children",
            )
            accounts.note(self.police, record, self.notes, 0.5, day)  # found on his phone
            self._follow_up(offender, day, charged, convicted)

    def _follow_up(
        self, offender: Person, arrested: date, charged: list[Person], convicted: list[Person]
    ) -> None:
        rng, reference = self.rng, self.books.reference
        if offender in charged:
            day = arrested + days(rng.randrange(30, 150))
            if day <= reference:
                self.police.event(
                    "charge",
                    day,
                    people=[(self.record(offender, day), "suspect")],
                    summary="Charged: sexual activity with a child; trafficking",
                )
        if offender in convicted:
            day = arrested + days(rng.randrange(300, 700))
            if day <= reference:
                self.police.event(
                    "conviction",
                    day,
                    people=[(self.record(offender, day), "suspect")],
                    summary=f"Convicted; sentenced to {rng.randrange(3, 19)} years",
                )

    def prior_offences(self) -> None:
        """Most offenders' earlier police contact had nothing to do with children."""
        rng = self.rng
        for offender in self.network.offenders:
            if offender.pnc and rng.random() < 0.5 and len(offender.networks) == 1:
                start = add_years(offender.dob, 18)
                day = day_between(rng, start, max(start, self.network.begins))
                self.police.event(
                    "crime",
                    day,
                    at=at_time(day, rng),
                    people=[(self.record(offender, day), "suspect")],
                    summary=rng.choice(PRIOR_OFFENCES),
                )

    # ---------------------------------------------------------------- links

    def offender_details(self) -> None:
        """Phones, vehicles, homes and bonds, for offenders the police already hold."""
        network, police = self.network, self.police
        for offender in network.offenders:
            record = police.has(offender)
            if record is None:
                continue
            for phone in network.phones:
                if offender in network.phone_users.get(phone.key, []):
                    police.link_thing(record, phone, "uses")
            for vehicle in network.vehicles:
                if network.drivers[vehicle.key] is offender:
                    police.link_thing(record, vehicle, "owns")
            accounts.note(police, record, self.notes, 0.6, network.begins, until=network.ends)
            police.link_place(record, offender.homes[0][1], "home", offender.homes[0][0])
            if network.gateways and self.rng.random() < 0.4:
                police.link_place(record, self.rng.choice(network.gateways), "frequents")
            self._bonds(offender, record)

    def _bonds(self, offender: Person, record: Record) -> None:
        for other in self.network.offenders:
            theirs = self.police.has(other)
            if theirs is None or other is offender or self.rng.random() > 0.35:
                continue
            relation = "sibling" if other.family == offender.family else "associate"
            self.police.link_people(record, theirs, relation)

    def peer_links(self) -> None:
        """Victim-victim ties: the route by which many were drawn in."""
        for victim in self.network.victims:
            if victim.victim is None or victim.victim.recruited_by is None:
                continue
            recruiter = victim.victim.recruited_by
            for agency in (self.police, self.books.voluntary):
                mine, theirs = agency.has(victim), agency.has(recruiter)
                if mine is not None and theirs is not None and self.rng.random() < 0.6:
                    agency.link_people(mine, theirs, "associate")
            record = self.police.has(victim)
            if record is not None and self.network.gateways and self.rng.random() < 0.4:
                self.police.link_place(record, self.rng.choice(self.network.gateways), "frequents")
