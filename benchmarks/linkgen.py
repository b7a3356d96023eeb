"""Person records for the linkage benchmark: N records, several agencies, known truth.

    from benchmarks.linkgen import generate
    records, truth = generate(1_000_000, seed=7)   # RECORD_COLUMNS frame, person per record

A population of households (shared surname, address and landline; twins now and then)
is drawn with numpy; each person is held by one to five of six agencies, sometimes twice
by one. Each record then drifts from the truth the way agencies' records do: typing
errors, nicknames and other spellings, names entered the wrong way round, surnames
changed (the old one sometimes kept as an alias), moves (an agency that saw the person
before the move keeps the old address), dates of birth transposed, partial, a year off
or missing, mis-keyed identifiers, missing values. Name tables come from the synthetic
world (its cultures' Zipf-weighted given names, surnames and nicknames) plus the
`nicknames` package's names and made-up surnames for a long tail (the commonest surname
about 2%, the top hundred about a fifth, as in England). Deterministic for a seed; a
million records in about fifteen seconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import nicknames
import numpy as np
import pandas as pd

from safehub.linking.pipeline.types import RECORD_COLUMNS
from safehub.synth import names as synth

AGENCIES = ("police", "csc", "health", "education", "voluntary", "housing")
# Share of people each agency holds (before the at-least-one rule).
AGENCY_SHARE = np.array([0.35, 0.25, 0.6, 0.3, 0.1, 0.2])
DUPLICATE_RATE = 0.03  # a second record of the same person in one agency
RECORDS_PER_PERSON = 1.85  # about; sets the population size for N records

MOVE_RATE = 0.3
SURNAME_CHANGE_RATE = 0.06
TWIN_RATE = 0.015
REFERENCE_YEAR = 2026

# Made-up surnames for the long tail: onset + vowel + middle + ending (Brackenley,
# Hollinroyd): tens of thousands, so that the commonest is about 2% and the top hundred
# about a fifth of people, as in England.
_ONSETS = (
    "B",
    "Br",
    "C",
    "Cr",
    "D",
    "Dr",
    "F",
    "G",
    "Gr",
    "H",
    "K",
    "L",
    "M",
    "N",
    "P",
    "R",
    "S",
    "Sh",
    "St",
    "T",
    "Th",
    "W",
    "Wh",
)
_VOWELS = ("a", "e", "i", "o", "u", "ea", "oo")
_MIDDLES = ("ck", "ll", "rn", "nd", "st", "rr", "mm", "rk", "ld", "th", "tt", "ff", "ng")
_ENDINGS = (
    "ley",
    "ton",
    "field",
    "worth",
    "son",
    "by",
    "ham",
    "wood",
    "ford",
    "shaw",
    "croft",
    "royd",
    "hurst",
    "den",
    "well",
    "thwaite",
    "er",
    "ell",
    "ing",
    "ridge",
)
_STREETS = (
    "Mill",
    "Canal",
    "Church",
    "Moor",
    "Station",
    "King",
    "Queen",
    "Park",
    "Spring",
    "Bank",
    "Well",
    "Cross",
    "Brook",
    "Heath",
    "Oak",
    "Ash",
    "Elm",
    "Chapel",
    "Market",
    "Bridge",
    "Green",
    "Hall",
    "Mount",
    "Vale",
    "Wood",
    "Lee",
    "Raven",
)
_KINDS = (
    ("Street", "St"),
    ("Road", "Rd"),
    ("Lane", "Ln"),
    ("Avenue", "Ave"),
    ("Close", "Cl"),
    ("Grove", "Gr"),
    ("Drive", "Dr"),
    ("Place", "Pl"),
    ("Way", "Way"),
)
_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
_NEIGHBOURS = {
    "a": "qs",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
}


@dataclass(frozen=True)
class _Table:
    names: np.ndarray
    weights: np.ndarray

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.names[rng.choice(len(self.names), size=n, p=self.weights)]


def _zipf(names: list[str], skew: float) -> _Table:
    unique = list(dict.fromkeys(names))
    weights = 1.0 / (np.arange(len(unique)) + 1.0) ** skew
    return _Table(np.array(unique, dtype=object), weights / weights.sum())


def _tables() -> tuple[_Table, _Table, _Table]:
    """Girls', boys' and family names: the synthetic world's cultures first (the most
    common), then the `nicknames` package's formal names and made-up surnames."""
    girls: list[str] = []
    boys: list[str] = []
    surnames: list[str] = []
    for culture in synth.CULTURES.values():
        girls += [*culture.girls.names, *culture.women.names]
        boys += [*culture.boys.names, *culture.men.names]
        surnames += list(culture.surnames.names)
    formal = sorted({t.name1.capitalize() for t in nicknames.name_triplets()})
    girls += formal[0::2]  # the package does not say which are girls' names
    boys += formal[1::2]
    surnames += [
        o + v + m + e for o in _ONSETS for v in _VOWELS for m in _MIDDLES for e in _ENDINGS
    ]
    return _zipf(girls, 0.6), _zipf(boys, 0.6), _zipf(surnames, 0.75)


# ------------------------------------------------------------------ people


@dataclass
class _People:
    sex: np.ndarray  # "female" / "male"
    given: np.ndarray
    middle: np.ndarray
    family: np.ndarray
    former: np.ndarray  # family name before a change, "" if none
    dob: np.ndarray  # datetime64[D]
    home: np.ndarray  # address index now
    old_home: np.ndarray  # address index before a move, -1 if none
    landline: np.ndarray
    mobile: np.ndarray
    email: np.ndarray
    nhs: np.ndarray
    upn: np.ndarray
    pnc: np.ndarray


def _households(rng: np.random.Generator, people: int) -> np.ndarray:
    """Household index of each person: sizes one to five."""
    sizes = rng.choice([1, 2, 3, 4, 5], size=people, p=[0.3, 0.28, 0.2, 0.15, 0.07])
    sizes = sizes[np.cumsum(sizes) <= people]
    sizes = np.append(sizes, people - sizes.sum()) if sizes.sum() < people else sizes
    return np.repeat(np.arange(len(sizes)), sizes)


def _dates_of_birth(rng: np.random.Generator, household: np.ndarray) -> np.ndarray:
    """A parent generation and children, a twin now and then (same birthday)."""
    n = len(household)
    first_of = np.r_[True, household[1:] != household[:-1]]
    adult_age = rng.integers(22, 90, size=n)
    child_age = rng.integers(0, 22, size=n)
    age_days = np.where(first_of | (rng.random(n) < 0.35), adult_age, child_age) * 365
    age_days = age_days + rng.integers(0, 365, size=n)
    dob = np.datetime64(f"{REFERENCE_YEAR}-01-01") - age_days.astype("timedelta64[D]")
    twin = (~first_of) & (rng.random(n) < TWIN_RATE * 2) & (child_age < 18)
    previous = np.r_[0, np.arange(n - 1)]
    same_house = np.r_[False, household[1:] == household[:-1]]
    twin &= same_house
    dob[twin] = dob[previous[twin]]
    return dob


def _people(rng: np.random.Generator, count: int) -> _People:
    girls, boys, surnames = _tables()
    household = _households(rng, count)
    houses = household.max() + 1
    sex = np.where(rng.random(count) < 0.5, "female", "male").astype(object)
    female = sex == "female"
    given = np.where(female, girls.draw(rng, count), boys.draw(rng, count))
    middle = np.where(
        rng.random(count) < 0.45,
        np.where(female, girls.draw(rng, count), boys.draw(rng, count)),
        "",
    )
    family = surnames.draw(rng, houses)[household]
    own = rng.random(count) < 0.1  # lodgers, partners who kept their name
    family[own] = surnames.draw(rng, int(own.sum()))
    dob = _dates_of_birth(rng, household)
    twins = np.r_[False, (dob[1:] == dob[:-1]) & (household[1:] == household[:-1])]
    clash = twins & (given == np.r_[given[:1], given[:-1]])
    given[clash] = np.where(
        female[clash], girls.draw(rng, int(clash.sum())), boys.draw(rng, int(clash.sum()))
    )
    changed = rng.random(count) < SURNAME_CHANGE_RATE
    former = np.where(changed, family, "").astype(object)
    family[changed] = surnames.draw(rng, int(changed.sum()))
    home = household.copy()
    moved_house = rng.random(houses) < MOVE_RATE
    old_home = np.where(moved_house[household], household + houses, -1)
    landline = np.where(rng.random(houses) < 0.3, _numbers(rng, houses, "01632 9"), "")
    mobile = np.where(rng.random(count) < 0.6, _numbers(rng, count, "07700 9"), "")
    ids = np.arange(count)
    email = np.where(rng.random(count) < 0.25, _emails(given, family, ids), "")
    nhs = np.array([_nhs_number(i) for i in rng.permutation(count) + 10_000_000], dtype=object)
    upn = np.array([f"P{951_000_000_000 + i:012d}" for i in ids], dtype=object)
    pnc = np.where(
        rng.random(count) < 0.08,
        np.array([f"{2000 + i % 25}/{i:07d}X" for i in ids], dtype=object),
        "",
    )
    return _People(
        sex,
        given,
        middle,
        family,
        former,
        dob,
        home,
        old_home,
        landline[household],
        mobile,
        email,
        nhs,
        upn,
        pnc,
    )


def _numbers(rng: np.random.Generator, n: int, prefix: str) -> np.ndarray:
    digits = rng.permutation(max(n, 1))[:n] % 100_000
    return np.array([f"{prefix}{d:05d}" for d in digits], dtype=object)


def _emails(given: np.ndarray, family: np.ndarray, ids: np.ndarray) -> np.ndarray:
    return np.array(
        [
            f"{g.lower()}.{f.lower()}{i % 97}@example.org"
            for g, f, i in zip(given, family, ids, strict=True)
        ],
        dtype=object,
    )


def _nhs_number(serial: int) -> str:
    """A ten-digit number starting 9 that passes the modulus-11 check."""
    while True:
        body = f"9{serial:08d}"
        total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check != 10:
            return body + str(0 if check == 11 else check)
        serial += 1_000_003


def _addresses(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(street address, postcode) for address index 0..count-1."""
    street = rng.integers(0, len(_STREETS), size=count)
    kind = rng.integers(0, len(_KINDS), size=count)
    number = rng.integers(1, 240, size=count)
    district = rng.integers(1, 40, size=count)
    sector = rng.integers(1, 10, size=count)
    unit = _LETTERS[rng.integers(0, len(_LETTERS), size=(count, 2))]
    address = np.array(
        [f"{n} {_STREETS[s]} {_KINDS[k][0]}" for n, s, k in zip(number, street, kind, strict=True)],
        dtype=object,
    )
    postcode = np.array(
        [f"NV{d} {s}{u[0]}{u[1]}" for d, s, u in zip(district, sector, unit, strict=True)],
        dtype=object,
    )
    return address, postcode


# ------------------------------------------------------------------ records


def _holdings(rng: np.random.Generator, people: int) -> tuple[np.ndarray, np.ndarray]:
    """(person, agency) of every record: each person held by at least one agency."""
    held = rng.random((people, len(AGENCIES))) < AGENCY_SHARE
    none = ~held.any(axis=1)
    held[none, rng.integers(0, len(AGENCIES), size=int(none.sum()))] = True
    person, agency = np.nonzero(held)
    twice = rng.random(len(person)) < DUPLICATE_RATE
    return np.r_[person, person[twice]], np.r_[agency, agency[twice]]


def generate(n: int, *, seed: int = 7) -> tuple[pd.DataFrame, np.ndarray]:
    """About `n` records in RECORD_COLUMNS (exactly n), and the true person of each."""
    rng = np.random.default_rng(seed)
    people = _people(rng, max(2, int(n / RECORDS_PER_PERSON)))
    person, agency = _holdings(rng, len(people.sex))
    while len(person) < n:  # top up: more records of random people at random agencies
        extra = rng.integers(0, len(people.sex), size=n - len(person))
        person = np.r_[person, extra]
        agency = np.r_[agency, rng.integers(0, len(AGENCIES), size=len(extra))]
    order = rng.permutation(len(person))[:n]
    person, agency = person[order], agency[order]
    places = _addresses(rng, 2 * (people.home.max() + 1))
    records = _render(rng, people, person, agency, places)
    return records, person


def _render(
    rng: np.random.Generator,
    people: _People,
    person: np.ndarray,
    agency: np.ndarray,
    places: tuple[np.ndarray, np.ndarray],
) -> pd.DataFrame:
    n = len(person)
    out: dict[str, np.ndarray] = {
        "unique_id": np.arange(1, n + 1),
        "agency": np.array(AGENCIES, dtype=object)[agency],
        "record_id": np.array([f"R{i:09d}" for i in range(n)], dtype=object),
    }
    out.update(_names(rng, people, person))
    out["date_of_birth"] = _dob_text(rng, people.dob[person])
    out["sex"] = np.where(rng.random(n) < 0.005, "unknown", people.sex[person])
    out.update(_places(rng, people, person, *places))
    out.update(_contacts(rng, people, person, agency))
    return pd.DataFrame(out, columns=list(RECORD_COLUMNS))


def _names(rng: np.random.Generator, people: _People, person: np.ndarray) -> dict[str, np.ndarray]:
    n = len(person)
    given = people.given[person].copy()
    family = people.family[person].copy()
    former = people.former[person]
    other = np.full(n, "", dtype=object)
    # An agency that never heard of the change keeps the old surname.
    kept_old = (former != "") & (rng.random(n) < 0.35)
    family[kept_old] = former[kept_old]
    alias = (former != "") & ~kept_old & (rng.random(n) < 0.4)
    other[alias] = former[alias]
    given = _apply(given, rng.random(n) < 0.05, lambda g: _nickname(g, rng))
    known_as = rng.random(n) < 0.05
    short = np.array([_nickname(g, rng) for g in given[known_as]], dtype=object)
    other[known_as] = _join(other[known_as], np.where(short == given[known_as], "", short))
    given = _apply(given, rng.random(n) < 0.02, lambda g: synth.variant(g, _py(rng)) or g)
    family = _apply(family, rng.random(n) < 0.02, lambda f: synth.variant(f, _py(rng)) or f)
    given = _apply(given, rng.random(n) < 0.015, lambda g: _typo(g, rng))
    family = _apply(family, rng.random(n) < 0.025, lambda f: _typo(f, rng))
    middle = np.where(rng.random(n) < 0.5, people.middle[person], "")
    full_given = np.array(
        [f"{g} {m}".strip() for g, m in zip(given, middle, strict=True)], dtype=object
    )
    swap = rng.random(n) < 0.005
    full_given[swap], family[swap] = family[swap], given[swap]
    upper = rng.random(n) < 0.4
    family[upper] = np.array([f.upper() for f in family[upper]], dtype=object)
    return {"family_name": family, "given_names": full_given, "other_names": other}


def _py(rng: np.random.Generator) -> random.Random:
    """A standard-library generator drawn from `rng`, for the synthetic world's helpers."""
    return random.Random(int(rng.integers(0, 2**31)))


def _apply(values: np.ndarray, where: np.ndarray, change: Callable[[str], str]) -> np.ndarray:
    out = values.copy()
    changed = [change(v) for v in values[where]]
    out[where] = np.array(changed, dtype=object) if changed else out[where]
    return out


def _join(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return np.array(
        [";".join(p for p in (a, b) if p) for a, b in zip(left, right, strict=True)], dtype=object
    )


def _nickname(given: str, rng: np.random.Generator) -> str:
    forms = synth.NICKNAMES.get(given) or tuple(
        sorted(n.capitalize() for n in _NAMER.nicknames_of(given))
    )
    return forms[int(rng.integers(0, len(forms)))] if forms else given


_NAMER = nicknames.NickNamer()


def _typo(text: str, rng: np.random.Generator) -> str:
    if len(text) < 4:
        return text
    at = int(rng.integers(1, len(text) - 1))
    kind = int(rng.integers(0, 4))
    if kind == 0:
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if kind == 1:
        return text[:at] + text[at + 1 :]
    if kind == 2:
        return text[:at] + text[at] + text[at:]
    near = _NEIGHBOURS.get(text[at].lower(), "")
    return text[:at] + near[0] + text[at + 1 :] if near else text


def _dob_text(rng: np.random.Generator, dob: np.ndarray) -> np.ndarray:
    n = len(dob)
    text = np.datetime_as_string(dob, unit="D").astype(object)
    year, month, day = (
        np.array([t[a:b] for t in text], dtype=object) for a, b in ((0, 4), (5, 7), (8, 10))
    )
    roll = rng.random(n)
    swap = (roll < 0.012) & (day.astype(int) <= 12) & (day != month)
    text[swap] = year[swap] + "-" + day[swap] + "-" + month[swap]
    slip = (roll >= 0.012) & (roll < 0.02)
    shifted = year[slip].astype(int) + rng.choice([-1, 1], size=int(slip.sum()))
    text[slip] = np.array(
        [f"{y:04d}{t[4:]}" for y, t in zip(shifted, text[slip], strict=True)], dtype=object
    )
    month_only = (roll >= 0.02) & (roll < 0.045)
    text[month_only] = year[month_only] + "-" + month[month_only]
    year_only = (roll >= 0.045) & (roll < 0.07)
    text[year_only] = year[year_only]
    text[(roll >= 0.07) & (roll < 0.1)] = ""
    return text


def _places(
    rng: np.random.Generator,
    people: _People,
    person: np.ndarray,
    address: np.ndarray,
    postcode: np.ndarray,
) -> dict[str, np.ndarray]:
    n = len(person)
    where = people.home[person].copy()
    old = people.old_home[person]
    # The move happened at a random time; a record last updated before it is out of date.
    stale = (old >= 0) & (rng.random(n) < 0.45)
    where[stale] = old[stale]
    street = address[where].copy()
    short = rng.random(n) < 0.3
    for long_form, short_form in _KINDS:
        street[short] = np.char.replace(street[short].astype(str), long_form, short_form).astype(
            object
        )
    town = rng.random(n) < 0.5
    street[town] = street[town] + ", Northvale"
    upper = rng.random(n) < 0.3
    street[upper] = np.array([s.upper() for s in street[upper]], dtype=object)
    code = postcode[where].copy()
    code[rng.random(n) < 0.05] = ""
    gone = rng.random(n) < 0.03
    street[gone], code[gone] = "", ""
    return {"address": street, "postcode": code}


def _contacts(
    rng: np.random.Generator, people: _People, person: np.ndarray, agency: np.ndarray
) -> dict[str, np.ndarray]:
    n = len(person)
    has_phone = rng.random(n) < 0.6
    phone = _join(
        np.where(has_phone, people.mobile[person], ""),
        np.where(has_phone & (rng.random(n) < 0.5), people.landline[person], ""),
    )
    email = np.where(rng.random(n) < 0.3, people.email[person], "")
    health, csc = agency == AGENCIES.index("health"), agency == AGENCIES.index("csc")
    nhs_held = (health & (rng.random(n) < 0.97)) | (csc & (rng.random(n) < 0.6))
    nhs = np.where(nhs_held, people.nhs[person], "")
    miskey = nhs_held & (rng.random(n) < 0.01)
    nhs[miskey] = np.array([_swap_digits(v, rng) for v in nhs[miskey]], dtype=object)
    young = (REFERENCE_YEAR - people.dob[person].astype("datetime64[Y]").astype(int) - 1970) < 20
    upn = np.where((agency == AGENCIES.index("education")) & young, people.upn[person], "")
    pnc = np.where(agency == AGENCIES.index("police"), people.pnc[person], "")
    return {"phone": phone, "email": email, "nhs_number": nhs, "pnc_id": pnc, "upn": upn}


def _swap_digits(number: str, rng: np.random.Generator) -> str:
    at = int(rng.integers(1, 8))
    digits = list(number)
    digits[at], digits[at + 1] = digits[at + 1], digits[at]
    return "".join(digits)
