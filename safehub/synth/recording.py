"""How fully agencies wrote down the signs of exploitation, by the year they saw them.

Before about 2008 a missing night, a girl at the clinic with an older partner or a car
outside a takeaway was often not recorded, or recorded in a line that says nothing; the
national guidance of 2009 and the changes of 2014 (return interviews a duty within 72
hours, under-18 assessments at sexual-health clinics, exploitation a policing priority)
raised recording. Rates from 2014 are the world's base rates, so a world whose current
cohort lives after 2014 is unchanged by this module; older years are thinner.
"""

from __future__ import annotations

import random
from datetime import date

ERAS = (date(2008, 1, 1), date(2014, 1, 1))  # the starts of the second and third eras

# Chance that a sign of this kind was recorded at all: (before 2008, 2008-2013, 2014 on).
RECORDED: dict[str, tuple[float, float, float]] = {
    "missing": (0.5, 0.75, 1.0),  # many were never reported, or logged as "absent"
    "return_interview": (0.25, 0.55, 1.0),  # no duty to offer one until 2014
    "community": (0.2, 0.5, 1.0),  # outreach logs were patchy
    "intelligence": (0.35, 0.65, 1.0),  # sightings rarely submitted as intelligence
}
# Chance that a record made says too little to be read as a sign: (as above).
THIN: dict[str, tuple[float, float, float]] = {
    "missing": (0.6, 0.3, 0.0),
    "return_interview": (0.6, 0.3, 0.0),
    "sexual_health": (0.7, 0.4, 0.0),  # no partner's age before the under-18 proforma
    "intelligence": (0.5, 0.25, 0.0),
    "referral": (0.7, 0.35, 0.0),  # "beyond parental control", not exploitation
}
THIN_TEXT: dict[str, tuple[str, ...]] = {
    "missing": (
        "Reported missing; returned",
        "Missing person report; located and returned home",
        "Absent overnight; returned of own accord",
    ),
    "return_interview": (
        "Return interview held; nothing of note",
        "Spoken to on return; no concerns recorded",
    ),
    "sexual_health": (
        "Contraception consultation",
        "Attended clinic; advice given",
        "Emergency contraception",
    ),
    "intelligence": (
        "Youths congregating at the premises late at night",
        "Information received regarding young people at an address",
    ),
    "referral": (
        "Referral: beyond parental control, staying out late",
        "Referral: behaviour at home, going missing",
    ),
}


def era(day: date) -> int:
    """0 before 2008, 1 from 2008 to 2013, 2 from 2014."""
    return sum(day >= start for start in ERAS)


def recorded(rng: random.Random, kind: str, day: date) -> bool:
    """Whether the agency wrote this one down (no draw in the full-recording era)."""
    chance = RECORDED[kind][era(day)]
    return chance >= 1.0 or rng.random() < chance


def worded(rng: random.Random, kind: str, day: date, summary: str) -> str:
    """The summary as written: in earlier years often a thin line in its place."""
    chance = THIN[kind][era(day)]
    if chance <= 0.0 or rng.random() >= chance:
        return summary
    return rng.choice(THIN_TEXT[kind])
