"""Which victims' exploitation left almost nothing in agencies' records.

Not every exploited child goes missing or comes to an agency's notice: a child at school
every day, from a family no agency knows, groomed by one "boyfriend", may show nothing
until they tell someone. About one victim in seven is chosen as barely visible, by life
circumstances (never looked after, no family adversity, at school, a lone "boyfriend")
rather than by a flat coin toss; they show a small share of the usual signs, never in
the words that give exploitation away, and are absent from network sightings.
"""

from __future__ import annotations

import random

from safehub.synth.dates import age_on
from safehub.synth.networks import Network
from safehub.synth.population import Person

BARELY_VISIBLE = 0.15  # share of victims
HIDDEN_SIGNAL = 0.06  # share of the usual rate of harm signs a barely visible victim shows


def hidden_weight(child: Person, network: Network) -> float:
    """How likely these circumstances are to hide exploitation (relative odds)."""
    victim = child.victim
    assert victim is not None
    weight = (3.0, 1.0, 0.4)[child.adversity]  # agencies already know troubled families
    weight *= 3.0 if child.care_from is None else 0.3  # carers report, social workers ask
    weight *= 1.5 if age_on(child.dob, victim.began) < 16 or child.school else 1.0
    weight *= 1.5 if network.kind == "boyfriend" else 1.0  # a "relationship", not a group
    return weight


def choose_barely_visible(rng: random.Random, networks: list[Network]) -> None:
    """Mark BARELY_VISIBLE of all victims, weighted by `hidden_weight` (no replacement)."""
    keyed: list[tuple[float, Person]] = []
    for network in networks:
        for child in network.victims:
            keyed.append((rng.random() ** (1.0 / hidden_weight(child, network)), child))
    keyed.sort(key=lambda pair: pair[0], reverse=True)  # Efraimidis-Spirakis sampling
    for _, child in keyed[: round(len(keyed) * BARELY_VISIBLE)]:
        assert child.victim is not None
        child.victim.barely_visible = True


def signal(child: Person) -> float:
    """The share of the usual harm signs this child shows."""
    victim = child.victim
    return HIDDEN_SIGNAL if victim is not None and victim.barely_visible else 1.0
