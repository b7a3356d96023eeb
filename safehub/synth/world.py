"""The entry point: make a whole synthetic world, its agency extracts and its ground truth."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from safehub.synth import (
    accounts,
    care,
    contacts,
    county_lines,
    duplicates,
    ordinary,
    schooling,
    visibility,
)
from safehub.synth.agencies import PROFILES, Profile
from safehub.synth.books import Agency, Books, NativeLayout, SecondRecord
from safehub.synth.identifiers import PhonePool
from safehub.synth.lives import Life
from safehub.synth.native_csc import CscNative
from safehub.synth.native_health import HealthNative
from safehub.synth.network_events import NetworkStory
from safehub.synth.networks import Network, build_networks
from safehub.synth.places import build_places
from safehub.synth.population import Person, Population, populate
from safehub.synth.writers import GROUND_TRUTH_FORMAT, write_agencies, write_ground_truth

PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class WorldSummary:
    out_dir: Path
    agencies: list[str]  # agency codes written
    young_people: int  # current cohort plus the historic cohort (now adults)
    adults: int
    victims: int
    offenders: int
    rows: dict[str, int]  # exchange rows per file kind, summed over agencies


def generate(
    *,
    out_dir: Path,
    seed: int,
    young_people: int,
    progress: Callable[[int, int], None] | None = None,
    reference_date: date = date(2026, 11, 1),
) -> WorldSummary:
    """Write agencies.json, extracts/<agency>/, native/<agency>/ and ground_truth.json.

    The output depends only on (seed, young_people, reference_date), byte for byte.
    """
    out_dir = Path(out_dir)
    phones = PhonePool(random.Random(f"{seed}/phones"))  # one pool: no number is dealt twice
    pop = _people(seed, young_people, reference_date, phones)
    networks = build_networks(random.Random(f"{seed}/networks"), pop, phones)
    accounts.open_accounts(random.Random(f"{seed}/accounts"), pop, networks)
    visibility.choose_barely_visible(random.Random(f"{seed}/visibility"), networks)
    county_lines.choose_boys(random.Random(f"{seed}/county_lines"), pop)
    books = _open_books(out_dir, seed, reference_date)
    by_id = {n.nid: n for n in networks}
    total = len(pop.young)
    for done, child in enumerate(pop.young, start=1):
        _live(Life(books, pop, by_id, child, phones))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    for network in networks:
        NetworkStory(books, pop, network).tell()
    rows: dict[str, int] = {}
    for agency in books.all():
        for kind, count in agency.finish(reference_date).items():
            rows[kind] = rows.get(kind, 0) + count
    write_agencies(
        out_dir / "agencies.json",
        [{"code": p.code, "name": p.name, "type": p.type} for p in PROFILES],
    )
    adults = _adults_on_record(books, pop, networks)
    _write_truth(
        out_dir,
        seed=seed,
        young_people=young_people,
        reference=reference_date,
        books=books,
        pop=pop,
        networks=networks,
        adults=adults,
    )
    return WorldSummary(
        out_dir=out_dir,
        agencies=[p.code for p in PROFILES],
        young_people=len(pop.young),
        adults=len(adults),
        victims=sum(1 for p in pop.young if p.victim is not None),
        offenders=len({o.pid for n in networks for o in n.offenders}),
        rows={kind: rows[kind] for kind in sorted(rows)},
    )


def _people(seed: int, young_people: int, reference: date, phones: PhonePool) -> Population:
    places = build_places(random.Random(f"{seed}/places"), young_people)
    rng = random.Random(f"{seed}/population")
    pop = populate(
        rng, young_people=young_people, reference=reference, places=places, phones=phones
    )
    care.assign_schools(rng, pop)
    care.plan_care(rng, pop)
    return pop


def _open_books(out_dir: Path, seed: int, reference: date) -> Books:
    agencies: dict[str, Agency] = {}
    seconds: dict[str, SecondRecord] = {
        "police": duplicates.police_second,
        "csc": duplicates.care_second,
    }
    for profile in PROFILES:
        folder = out_dir / "extracts" / profile.code
        if folder.exists():
            shutil.rmtree(folder)  # a stale file from an earlier world would be imported
        agencies[profile.code] = Agency(
            profile,
            folder,
            seed,
            _native(out_dir, profile, seed, reference),
            second=seconds.get(profile.code),
        )
    return Books(
        police=agencies["police"],
        csc=agencies["csc"],
        health=agencies["health"],
        education=agencies["education"],
        voluntary=agencies["voluntary"],
        seed=seed,
        reference=reference,
    )


def _native(out_dir: Path, profile: Profile, seed: int, reference: date) -> NativeLayout | None:
    layouts: dict[str, Callable[[Path, str, date], NativeLayout]] = {
        "csc": CscNative,
        "health": HealthNative,
    }
    make = layouts.get(profile.code)
    if make is None:
        return None
    folder = out_dir / "native" / profile.code
    if folder.exists():
        shutil.rmtree(folder)
    return make(folder, f"{seed}/{profile.code}", reference)


def _live(life: Life) -> None:
    """One child's years; social care first, so return interviews know who it holds."""
    if life.start >= life.end:
        return
    contacts.social_care(life)
    schooling.education(life)
    contacts.health(life)
    ordinary.teen_years(life)
    life.missing_episodes()
    contacts.police_contact(life)
    contacts.voluntary(life)
    contacts.victim_contacts(life)
    county_lines.criminal_life(life)


# ---------------------------------------------------------------- ground truth


def _adults_on_record(books: Books, pop: Population, networks: list[Network]) -> list[Person]:
    wanted = {r.person.pid for a in books.all() for r in a.order if r.person.kind == "adult"}
    wanted |= {o.pid for n in networks for o in n.offenders}
    return [p for p in pop.adults if p.pid in wanted]


def _records(books: Books) -> Iterator[dict[str, Any]]:
    for agency in books.all():
        for record in agency.order:
            yield {
                "agency": agency.code,
                "record_id": record.record_id,
                "person": record.person.pid,
                "variant": record.variant,
                "reason": record.reason or None,
            }


def _person(person: Person) -> dict[str, Any]:
    victim = person.victim
    return {
        "person": person.pid,
        "kind": person.kind,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "date_of_birth": person.dob.isoformat(),
        "given_names": " ".join(p for p in (person.given, person.middle) if p),
        "family_name": person.family,
        "former_family_name": person.former_family or None,
        "cohort": person.cohort,
        "role": person.role or None,
        "twin_of": person.twin.pid if person.twin else None,
        "looked_after_from": person.care_from.isoformat() if person.care_from else None,
        "victim": victim is not None,
        "barely_visible": victim is not None and victim.barely_visible,
        "criminal_exploitation": person.criminal is not None,
        "criminal_exploitation_began": person.criminal.began.isoformat()
        if person.criminal
        else None,
        "exploitation_began": victim.began.isoformat() if victim else None,
        "disclosure": victim.disclosure.isoformat() if victim and victim.disclosure else None,
        "withdrawal": victim.withdrawal.isoformat() if victim and victim.withdrawal else None,
        "victim_crime_report": victim.crime_report.isoformat()
        if victim and victim.crime_report
        else None,
        "offender": bool(person.networks),
        "networks": sorted({victim.network} if victim else set(person.networks)),
        "recruited_by": victim.recruited_by.pid if victim and victim.recruited_by else None,
        "boyfriend": victim.boyfriend.pid if victim and victim.boyfriend else None,
        "aliases": person.aliases,
        "handles": [
            {
                "value": a.thing.value,
                "platform": a.thing.description,
                "from": a.since.isoformat(),
                "to": a.until.isoformat() if a.until else None,
            }
            for a in person.accounts
        ],
    }


def _network(books: Books, network: Network) -> dict[str, Any]:
    def held(key: str) -> list[dict[str, str]]:
        return [
            {"agency": a.code, "object_id": a.things[key][0]}
            for a in books.all()
            if key in a.things
        ]

    places = network.gateways + network.houses
    return {
        "network": network.nid,
        "kind": network.kind,
        "began": network.begins.isoformat(),
        "ended": network.ends.isoformat(),
        "operation": network.operation.isoformat() if network.operation else None,
        "offenders": [o.pid for o in network.offenders],
        "victims": [v.pid for v in network.victims],
        "locations": [
            {"agency": a.code, "location_id": a.places[p.key][0], "premises_type": p.premises_type}
            for p in places
            for a in books.all()
            if p.key in a.places
        ],
        "vehicles": [
            {"value": v.value, "description": v.description, "objects": held(v.key)}
            for v in network.vehicles
        ],
        "phones": [{"value": p.value, "objects": held(p.key)} for p in network.phones],
    }


def _write_truth(
    out_dir: Path,
    *,
    seed: int,
    young_people: int,
    reference: date,
    books: Books,
    pop: Population,
    networks: list[Network],
    adults: list[Person],
) -> None:
    header: dict[str, object] = {
        "format": GROUND_TRUTH_FORMAT,
        "seed": seed,
        "young_people": young_people,
        "reference_date": reference.isoformat(),
    }
    write_ground_truth(
        out_dir / "ground_truth.json",
        header,
        {
            "records": _records(books),
            "people": (_person(p) for p in [*pop.young, *adults]),
            "networks": (_network(books, n) for n in networks),
        },
    )
