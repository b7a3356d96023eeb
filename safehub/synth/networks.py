"""Exploitation networks: offenders with prior bonds, victims recruited through peers.

Modelled on what research found in organised networks (Cockbain 2015): no clear
hierarchy, offenders tied by kinship, work or friendship, victims drawn in through
other victims, and gateways (a takeaway, a house, a hotel, a driver) that connect many
young people to the offenders. Offenders' backgrounds follow the town's adult
population mix: the world encodes no ethnic profile of offending.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from safehub.synth import care, identifiers, name_lists, names
from safehub.synth.dates import add_years, age_on, day_between, days
from safehub.synth.places import Place
from safehub.synth.population import Person, Population, Thing, Victimhood, pick_culture

VICTIM_RATE = 0.025  # of the current cohort
MALE_VICTIM_SHARE = 0.15
DISCLOSURE_RATE = 0.3
WITHDRAWAL_RATE = 0.4

_VEHICLES = (
    "Silver Vauxhall Astra",
    "Black Audi A3",
    "White Toyota Prius",
    "Grey Ford Focus",
    "Black BMW 3 Series",
    "Blue Skoda Octavia",
    "Silver Toyota Avensis",
    "Red Seat Leon",
    "White Mercedes Vito van",
    "Black Volkswagen Golf",
)


@dataclass(slots=True, eq=False)
class Network:
    nid: str
    kind: str  # group | boyfriend | historic
    begins: date
    ends: date
    offenders: list[Person] = field(default_factory=list)
    victims: list[Person] = field(default_factory=list)
    gateways: list[Place] = field(default_factory=list)
    houses: list[Place] = field(default_factory=list)
    vehicles: list[Thing] = field(default_factory=list)
    phones: list[Thing] = field(default_factory=list)
    drivers: dict[str, Person] = field(default_factory=dict)  # vehicle key -> keeper
    phone_users: dict[str, list[Person]] = field(default_factory=dict)
    operation: date | None = None  # when police acted on it
    arrested: list[Person] = field(default_factory=list)
    charged: list[Person] = field(default_factory=list)
    convicted: list[Person] = field(default_factory=list)


@dataclass(slots=True)
class _Builder:
    rng: random.Random
    pop: Population
    phones: identifiers.PhonePool
    networks: list[Network] = field(default_factory=list)
    offenders: list[Person] = field(default_factory=list)
    peers: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    things: int = 0

    def thing(self, object_type: str, value: str, description: str) -> Thing:
        self.things += 1
        return Thing(f"TH{self.things:06d}", object_type, value, description)


def build_networks(
    rng: random.Random, pop: Population, phones: identifiers.PhonePool
) -> list[Network]:
    """Networks until about VICTIM_RATE of the current cohort are victims, plus history."""
    builder = _Builder(rng, pop, phones)
    for child in pop.young:
        if child.secondary is not None:
            builder.peers[f"{child.cohort}/{child.secondary.key}"].append(child)
    current = sum(1 for p in pop.young if p.cohort == "current")
    wanted = round(current * VICTIM_RATE)
    victims = 0
    while victims < wanted:
        kind = "boyfriend" if rng.random() < 0.3 else "group"
        network = _new_network(builder, kind, wanted - victims)
        victims += len(network.victims)
        if not network.victims:
            break
    if any(p.cohort == "historic" for p in pop.young):
        _new_network(builder, "historic", 20)
    return builder.networks


def _new_network(b: _Builder, kind: str, room: int) -> Network:
    rng, reference = b.rng, b.pop.reference
    if kind == "historic":
        begins, ends = day_between(rng, date(2001, 1, 1), date(2002, 12, 31)), date(2005, 9, 30)
    else:
        begins = day_between(rng, add_years(reference, -6), reference - days(200))
        ends = min(reference, begins + days(rng.randrange(300, 2000)))
    network = Network(f"N{len(b.networks) + 1:03d}", kind, begins, ends)
    b.networks.append(network)
    size = (
        1 + (rng.random() < 0.3)
        if kind == "boyfriend"
        else min(30, 3 + int(rng.paretovariate(1.6) * 3))
    )
    if kind == "historic":
        size = max(5, min(room, sum(1 for p in b.pop.young if p.cohort == "historic") // 4))
    _add_offenders(b, network, 1 if kind == "boyfriend" else max(3, size + rng.randrange(-3, 4)))
    _add_means(b, network)
    _recruit(b, network, min(size, max(1, room)))
    _outcomes(b, network)
    return network


# ---------------------------------------------------------------- offenders


def _add_offenders(b: _Builder, network: Network, count: int) -> None:
    """Clusters of kin, workmates and friends; now and then someone from another network."""
    rng = b.rng
    while len(network.offenders) < count:
        if b.offenders and rng.random() < 0.08:
            known = rng.choice(b.offenders)
            if known not in network.offenders:
                network.offenders.append(known)
                known.networks.append(network.nid)
            continue
        _add_cluster(b, network, min(count - len(network.offenders), rng.randrange(1, 4)))


def _add_cluster(b: _Builder, network: Network, size: int) -> None:
    rng = b.rng
    culture = pick_culture(rng)
    surname = names.CULTURES[culture].surnames.pick(rng)
    kin = rng.random() < 0.5  # brothers and cousins share a surname
    youngest, oldest = (18, 27) if network.kind == "boyfriend" else (19, 52)
    for _ in range(size):
        born = add_years(network.begins, -rng.randrange(youngest, oldest))
        born -= days(rng.randrange(365))
        offender = b.pop.new_adult(
            rng,
            sex="female" if rng.random() < 0.05 else "male",
            born=born,
            culture=culture,
            homes=[(add_years(born, 18), b.pop.places.new_home(rng))],
            role="offender",
        )
        if kin:
            offender.family = names.polish_form(surname, offender.sex)
        _offender_identity(b, offender, network)
        network.offenders.append(offender)
        b.offenders.append(offender)


def _offender_identity(b: _Builder, offender: Person, network: Network) -> None:
    rng = b.rng
    offender.networks.append(network.nid)
    offender.mobile = b.phones.mobile()
    if rng.random() < 0.45:
        offender.aliases.append(rng.choice(name_lists.STREET_NAMES))
    short = names.nickname(offender.given, rng)
    if short and rng.random() < 0.6:
        offender.aliases.append(short)
    if rng.random() < 0.4:  # already known to police for something else
        year = max(1995, rng.randrange(add_years(offender.dob, 17).year, network.begins.year + 1))
        offender.pnc = identifiers.new_pnc_id(year, rng.randrange(1, 9_999_999))


def _add_means(b: _Builder, network: Network) -> None:
    """Gateways, a house, vehicles and shared phones."""
    rng, places = b.rng, b.pop.places
    wanted = {"takeaway": 0.6, "hotel": 0.5, "taxi_rank": 0.4, "park": 0.2, "shop": 0.2}
    if network.kind == "boyfriend":
        wanted = {"takeaway": 0.2, "park": 0.3, "shop": 0.2}
    for premises_type, chance in wanted.items():
        if rng.random() < chance and places.of_type(premises_type):
            network.gateways.append(rng.choice(places.of_type(premises_type)))
    network.houses = [rng.choice(network.offenders).homes[0][1]]
    if network.kind != "boyfriend" and rng.random() < 0.5:
        network.houses.append(places.new_home(rng))  # a flat used for "parties"
    for _ in range(1 if network.kind == "boyfriend" else rng.randrange(1, 5)):
        keeper = rng.choice(network.offenders)
        year = max(2002, network.begins.year - rng.randrange(0, 10))
        vehicle = b.thing("vehicle", identifiers.new_vrm(rng, year), rng.choice(_VEHICLES))
        network.vehicles.append(vehicle)
        network.drivers[vehicle.key] = keeper
    for _ in range(0 if network.kind == "boyfriend" else rng.randrange(1, 4)):
        phone = b.thing("phone", b.phones.mobile(), "pay-as-you-go mobile")
        network.phones.append(phone)
        network.phone_users[phone.key] = rng.sample(
            network.offenders, min(len(network.offenders), 3)
        )


# ---------------------------------------------------------------- victims


def _eligible(child: Person, day: date) -> bool:
    return child.victim is None and 11 <= age_on(child.dob, day) <= 16


def _weight(child: Person) -> float:
    """Any child can be exploited; vulnerability and being looked after raise the odds."""
    weight = 1.0 + 2.0 * child.adversity + (4.0 if child.care_from is not None else 0.0)
    return weight * (1.0 if child.sex == "female" else MALE_VICTIM_SHARE / (1 - MALE_VICTIM_SHARE))


def _pick(rng: random.Random, pool: list[Person], day: date) -> Person | None:
    sample = rng.sample(pool, min(len(pool), 60))
    candidates = [c for c in sample if _eligible(c, day)]
    if not candidates:
        return None
    return rng.choices(candidates, weights=[_weight(c) for c in candidates], k=1)[0]


def _pools(b: _Builder, network: Network) -> list[list[Person]]:
    cohort = "historic" if network.kind == "historic" else "current"
    return [pool for key, pool in sorted(b.peers.items()) if key.startswith(cohort + "/")]


def _recruit(b: _Builder, network: Network, size: int) -> None:
    rng = b.rng
    pools = _pools(b, network)
    if not pools:
        return
    home_pool = rng.choice(pools)
    attempts = 0
    while len(network.victims) < size and attempts < size * 20:
        attempts += 1
        recruiter = rng.choice(network.victims) if network.victims and rng.random() < 0.65 else None
        if recruiter is not None and recruiter.victim is not None:
            began = recruiter.victim.began + days(rng.randrange(20, 300))
            pool = _peer_pool(b, recruiter, rng)
        else:
            began = day_between(rng, network.begins, network.ends - days(60))
            pool = home_pool if rng.random() < 0.7 else rng.choice(pools)
        if began > min(network.ends, b.pop.reference - days(30)):
            continue
        child = _pick(rng, pool, began)
        if child is not None:
            _make_victim(b, network, child, began, recruiter)


def _peer_pool(b: _Builder, recruiter: Person, rng: random.Random) -> list[Person]:
    """Friends at school, siblings, and children placed in the same care home."""
    if recruiter.siblings and rng.random() < 0.1:
        return recruiter.siblings
    school = recruiter.secondary.key if recruiter.secondary else ""
    return b.peers.get(f"{recruiter.cohort}/{school}", []) or recruiter.siblings


def _make_victim(
    b: _Builder, network: Network, child: Person, began: date, recruiter: Person | None
) -> None:
    rng = b.rng
    ended = min(network.ends, began + days(rng.randrange(120, 1500)), add_years(child.dob, 18))
    victim = Victimhood(network.nid, began, max(ended, began + days(30)))
    victim.recruited_by = recruiter
    if network.kind == "boyfriend" or rng.random() < 0.5:
        # Better-connected offenders have more victims: prefer those who already do.
        weights = [
            1 + 2 * sum(1 for v in network.victims if v.victim and v.victim.boyfriend is o)
            for o in network.offenders
        ]
        victim.boyfriend = rng.choices(network.offenders, weights=weights, k=1)[0]
    child.victim = victim
    network.victims.append(child)
    _disclosure(rng, b.pop.reference, network, victim)
    if child.care_from is None and child.adversity > 0 and rng.random() < 0.3:
        start = began + days(rng.randrange(60, 400))
        if start < min(b.pop.reference, add_years(child.dob, 17)):
            care.take_into_care(rng, b.pop, child, start)
    elif child.care_from is not None:
        care.move_placement(rng, b.pop, child, began + days(rng.randrange(30, 300)))


def _disclosure(rng: random.Random, reference: date, network: Network, victim: Victimhood) -> None:
    """Some disclose (and some withdraw); some crimes are reported by others; many never."""
    if network.kind == "historic":
        if rng.random() < 0.5:  # the re-investigation: survivors come forward as adults
            victim.disclosure = day_between(rng, date(2024, 1, 1), reference - days(20))
            victim.disclosed_to = "police"
            victim.crime_report = victim.disclosure + days(rng.randrange(0, 15))
        elif rng.random() < 0.2:
            victim.crime_report = day_between(rng, date(2003, 1, 1), date(2005, 6, 30))
        return
    if rng.random() < DISCLOSURE_RATE:
        latest = min(reference - days(5), victim.ended + days(365))
        victim.disclosure = day_between(rng, victim.began + days(60), latest)
        if victim.disclosure > latest:
            victim.disclosure = None
            return
        victim.disclosed_to = rng.choices(
            ("voluntary", "police", "csc", "education"), weights=(40, 30, 20, 10), k=1
        )[0]
        if rng.random() < 0.6:
            victim.crime_report = min(reference, victim.disclosure + days(rng.randrange(0, 20)))
        if rng.random() < WITHDRAWAL_RATE:
            victim.withdrawal = victim.disclosure + days(rng.randrange(20, 180))
            if victim.withdrawal > reference:
                victim.withdrawal = None
    elif rng.random() < 0.1:
        victim.crime_report = day_between(
            rng, victim.began + days(30), min(reference, victim.ended + days(200))
        )


def _outcomes(b: _Builder, network: Network) -> None:
    """Police act on some networks: arrests, then charges, then a few convictions."""
    rng, reference = b.rng, b.pop.reference
    reports = sorted(
        v.victim.crime_report for v in network.victims if v.victim and v.victim.crime_report
    )
    if network.kind == "historic":
        network.operation = date(2004, 3, 1) + days(rng.randrange(200))
    elif reports and (len(reports) > 1 or rng.random() < 0.5):
        network.operation = reports[-1] + days(rng.randrange(30, 240))
    if network.operation is None or network.operation > reference:
        network.operation = None
        return
    # The historic operation was closed early: few arrests, fewer charges, no convictions.
    arrest, charge, convict = (0.3, 0.2, 0.0) if network.kind == "historic" else (0.7, 0.5, 0.6)
    network.arrested = [o for o in network.offenders if rng.random() < arrest]
    network.charged = [o for o in network.arrested if rng.random() < charge]
    if network.operation + days(300) < reference:
        network.convicted = [o for o in network.charged if rng.random() < convict]
    for offender in network.arrested:
        if not offender.pnc:
            offender.pnc = identifiers.new_pnc_id(
                network.operation.year, rng.randrange(1, 9_999_999)
            )
