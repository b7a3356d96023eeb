"""How people make social-media handles, and the platforms that keep each one unique.

A handle is built the way people build them: a first name or nickname, some of a
surname, a birth year or a lucky number, underscores and dots, "x" and "xo"
decorations, now and then a word that has nothing to do with the name. Common names
recur, so different people end up with similar handles; a platform never deals one
handle twice, and the one someone holds on one platform is rarely free for another
person on the next, because the world outside the town took most of them first.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate

from safehub.synth import names
from safehub.synth.population import Person


def pick[T](rng: random.Random, items: Sequence[T], cumulative: Sequence[float]) -> T:
    """One of `items` by cumulative weight: `rng.choices` without its per-call set-up,
    which is most of the cost of making handles for a whole town."""
    return items[bisect(cumulative, rng.random() * cumulative[-1])]


@dataclass(frozen=True)
class Platform:
    """A platform, the years people used it and how popular it was with whom."""

    name: str
    opens: date
    closes: date | None  # when its users had moved elsewhere
    longest: int  # the longest handle it accepts
    young: float  # weight among young people
    adult: float  # weight among adults
    teens_left: date | None = None  # after this young people mostly went elsewhere

    def weight(self, day: date, *, young: bool) -> float:
        if day < self.opens or (self.closes is not None and day >= self.closes):
            return 0.0
        if not young:
            return self.adult
        faded = self.teens_left is not None and day >= self.teens_left
        return self.young / 8 if faded else self.young


PLATFORMS: tuple[Platform, ...] = (
    Platform("MySpace", date(2004, 6, 1), date(2010, 1, 1), 25, 3.0, 2.0),
    Platform("Bebo", date(2005, 9, 1), date(2011, 1, 1), 25, 5.0, 1.0),
    Platform("Facebook", date(2007, 3, 1), None, 30, 6.0, 5.0, teens_left=date(2015, 1, 1)),
    Platform("Kik", date(2011, 1, 1), date(2021, 1, 1), 20, 1.0, 2.0),
    Platform("Instagram", date(2012, 6, 1), None, 30, 4.0, 3.0),
    Platform("Snapchat", date(2013, 6, 1), None, 15, 6.0, 4.0),
    Platform("TikTok", date(2019, 1, 1), None, 24, 3.0, 1.0),
)
FIRST_OPENS = min(p.opens for p in PLATFORMS)


# The days on which some platform's weight changes: between two, the choice is the same.
_CHANGES = sorted({d for p in PLATFORMS for d in (p.opens, p.closes, p.teens_left) if d})


def platform_on(rng: random.Random, day: date, *, young: bool, besides: str = "") -> Platform:
    """A platform someone opening an account on `day` would pick (not `besides`)."""
    platforms, cumulative = _choice(bisect(_CHANGES, day), young, besides)
    return pick(rng, platforms, cumulative)


@cache
def _choice(era: int, young: bool, besides: str) -> tuple[tuple[Platform, ...], tuple[float, ...]]:
    day = _CHANGES[era - 1] if era else FIRST_OPENS
    weighed = [(p, w) for p in PLATFORMS if (w := p.weight(day, young=young)) > 0]
    weighed = [(p, w) for p, w in weighed if p.name != besides] or weighed
    return tuple(p for p, _ in weighed), tuple(accumulate(w for _, w in weighed))


_WORDS = {
    ("young", "female"): (
        "angel", "princess", "babygirl", "bubbles", "cherry", "honey", "starr", "queen",
        "kitty", "lil", "its", "sweet", "dreamy", "peachy",
    ),
    ("young", "male"): (
        "lil", "kid", "real", "its", "official", "king", "ghost", "savage", "gamer",
        "ace", "young", "sniper", "mad",
    ),
    ("adult", "female"): ("real", "official", "the", "uk", "miss", "its"),
    ("adult", "male"): (
        "real", "official", "the", "uk", "mr", "big", "bigman", "boss", "og", "king",
        "smooth", "rich", "dj",
    ),
}  # fmt: skip

# Shapes of a handle, with how often young people and adults use each: n a name,
# i its initial, s a surname part, d digits, w a word, p a separator, t a letter drawn out.
_SHAPES: tuple[tuple[str, float, float], ...] = (
    ("{n}{p}{s}", 4, 3),
    ("{n}{p}{s}{d}", 5, 3),
    ("{n}{p}{d}", 4, 5),
    ("{i}{p}{s}{d}", 1.5, 1),
    ("x{n}{s}x", 1.5, 0),
    ("{n}{p}xo", 1, 0),
    ("xo{n}{p}{s}xo", 0.5, 0),
    ("{n}{s}xx", 0.5, 0),
    ("{w}{p}{n}", 2, 3),
    ("{n}{p}{w}", 1.5, 2),
    ("{w}{p}{d}", 1, 1),
    ("{n}{t}", 1, 0),  # "kaylaaa"
)
_SHAPE_TEXTS = tuple(shape for shape, _, _ in _SHAPES)
_SHAPE_CUMULATIVE = {  # by young
    True: tuple(accumulate(young for _, young, _ in _SHAPES)),
    False: tuple(accumulate(adult for _, _, adult in _SHAPES)),
}
_SEPARATORS = ("", "_", ".", "__")
_SEPARATOR_CUMULATIVE = tuple(accumulate((5, 4, 2, 0.5)))
_DIGIT_KINDS = ("yy", "yyyy", "lucky", "repeat")
_DIGIT_CUMULATIVE = {True: tuple(accumulate((4, 2, 3, 1))), False: tuple(accumulate((2, 3, 3, 0)))}


@cache  # a town's names recur: fold each once
def fold(text: str) -> str:
    """A name as a handle can hold it: lower case ASCII letters and digits only."""
    text = text.replace("ł", "l").replace("Ł", "L")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def compose(rng: random.Random, person: Person, day: date, *, longest: int) -> str:
    """A handle `person` might make on `day` (their surname then, their names, their age)."""
    young = person.kind == "young_person"
    for _attempt in range(4):
        handle = _shape(rng, person, day, young=young)
        if 3 <= len(handle) <= longest:
            return handle
    return handle[:longest].strip("._") or "user"


def _shape(rng: random.Random, person: Person, day: date, *, young: bool) -> str:
    shape = pick(rng, _SHAPE_TEXTS, _SHAPE_CUMULATIVE[young])
    return shape.format_map(_Parts(rng, person, day, young=young)).strip("._")


class _Parts(dict[str, str]):
    """The parts of one handle, each made only when its shape asks for it."""

    def __init__(self, rng: random.Random, person: Person, day: date, *, young: bool) -> None:
        super().__init__()
        self.rng, self.person, self.day, self.young = rng, person, day, young

    def __missing__(self, key: str) -> str:
        self[key] = value = self._make(key)
        return value

    def _make(self, key: str) -> str:
        rng, person = self.rng, self.person
        if key == "n":
            return _name(rng, person, young=self.young)
        if key in "it":
            name = self["n"]
            return name[:1] if key == "i" else name[-1:] * rng.randrange(2, 4)
        if key == "s":
            family = fold(person.family_name_on(self.day)) or "x"
            return rng.choice((family, family, family[:4], family[:1]))
        if key == "d":
            return _digits(rng, person, young=self.young)
        if key == "w":
            return rng.choice(_WORDS["young" if self.young else "adult", person.sex])
        return pick(rng, _SEPARATORS, _SEPARATOR_CUMULATIVE)


def _name(rng: random.Random, person: Person, *, young: bool) -> str:
    """The name in a handle: the given name, a nickname, or for an offender a street name."""
    if not young and person.aliases and rng.random() < 0.5:
        return fold(rng.choice(person.aliases))
    given = fold(person.given)
    roll = rng.random()
    short = names.nickname(person.given, rng)
    if short and roll < 0.3:
        return fold(short)
    if len(given) > 5 and roll < 0.45:
        return given[: rng.randrange(3, 6)]  # "soph", "jess", "kay"
    return given


def _digits(rng: random.Random, person: Person, *, young: bool) -> str:
    """A birth year (two digits or four), a lucky number, or one digit repeated."""
    year = person.dob.year
    kind = pick(rng, _DIGIT_KINDS, _DIGIT_CUMULATIVE[young])
    if kind == "yy":
        return f"{year % 100:02d}"
    if kind == "yyyy":
        return str(year)
    if kind == "lucky":
        return str(rng.randrange(1, 100))
    return str(rng.randrange(1, 10)) * rng.randrange(2, 4)


class Handles:
    """Every handle dealt in the town: platforms keep them unique, and suggest another."""

    ELSEWHERE_FREE = 0.02  # chance a handle someone holds on one platform is free on another
    SHORT = 8  # plain handles shorter than this were mostly taken by the outside world
    SHORT_TAKEN = 0.7

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._holder: dict[str, str] = {}  # handle -> the first person who held it
        self._on: set[tuple[str, str]] = set()  # (platform, handle)

    def claim(self, person: Person, platform: Platform, wanted: str) -> str:
        """The handle `person` ends up with on `platform`, starting from the one wanted."""
        handle = wanted
        while not self._free(person, platform, handle):
            handle = self._another(handle, platform.longest)
        self._holder.setdefault(handle, person.pid)
        self._on.add((platform.name, handle))
        return handle

    def _free(self, person: Person, platform: Platform, handle: str) -> bool:
        if (platform.name, handle) in self._on:
            return False
        holder = self._holder.get(handle)
        if holder is None:
            return len(handle) >= self.SHORT or self.rng.random() > self.SHORT_TAKEN
        return holder == person.pid or self.rng.random() < self.ELSEWHERE_FREE

    def _another(self, handle: str, longest: int) -> str:
        """What people do when told a handle is taken: a digit, an x, a letter drawn out."""
        rng = self.rng
        last = handle[-1] if handle[-1].isalpha() else "x"
        suffix = rng.choice((str(rng.randrange(10)), str(rng.randrange(10, 100)), "x", last))
        return handle[: longest - len(suffix)] + suffix
