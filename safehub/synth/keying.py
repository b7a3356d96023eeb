"""What happens to a name as a clerk keys it and a system stores it.

Keying slips, a system's case and lost accents make one name many strings without
anyone meaning another name (those real differences are in `names.py`).
"""

from __future__ import annotations

import random
import unicodedata

# What a QWERTY keyboard puts next to each letter: the source of keying slips.
_KEYBOARD_NEIGHBOURS: dict[str, str] = {
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
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}


def ascii_fold(text: str) -> str:
    """What a system without accented letters stores: Wójcik → Wojcik, Łukasz → Lukasz."""
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(text: str, rng: random.Random) -> str:
    """One keying error: a transposition, a dropped or doubled letter, or a slip."""
    if len(text) < 3:
        return text
    at = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0 and text[at].isalpha() and text[at + 1].isalpha():
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if kind == 1:
        return text[:at] + text[at + 1 :]
    if kind == 2:
        return text[:at] + text[at] + text[at:]
    return _slip(text, at, rng)


def _slip(text: str, at: int, rng: random.Random) -> str:
    letter = text[at]
    near = _KEYBOARD_NEIGHBOURS.get(letter.lower())
    if not near:
        return text
    replacement = rng.choice(near)
    if letter.isupper():
        replacement = replacement.upper()
    return text[:at] + replacement + text[at + 1 :]


def case_style(text: str, style: str) -> str:
    """How a system stores case: `upper` (SMITH), `title` (Smith) or `as_is`."""
    if style == "upper":
        return text.upper()
    if style == "title":
        return "-".join(part[:1].upper() + part[1:].lower() for part in text.split("-"))
    return text
