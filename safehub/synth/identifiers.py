"""Identifiers that pass their real checks but belong to nobody.

NHS numbers come from the 9xx range kept for test data; phone numbers from Ofcom's
ranges reserved for drama; postcodes from an area code (NV) that does not exist; e-mail
addresses from example.org. UPNs and PNC ids carry their real check characters.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from nhs_number.validate import calculate_checksum


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit of nine digits (the nhs-number package's arithmetic, as
    the import's validation uses), or None when no valid one exists."""
    check = calculate_checksum(first_nine)
    return None if check is None or check == 10 else check


def new_nhs_number(rng: random.Random, taken: set[str]) -> str:
    """A fresh synthetic NHS number (first digit 9), ten digits without spaces."""
    while True:
        first_nine = "9" + "".join(str(rng.randrange(10)) for _ in range(8))
        check = nhs_check_digit(first_nine)
        number = f"{first_nine}{check}"
        if check is not None and number not in taken:
            taken.add(number)
            return number


def mis_keyed_nhs_number(number: str, rng: random.Random) -> str:
    """Two neighbouring digits swapped and the check digit made to fit again.

    A real mis-keying usually fails the check and is caught on entry; the ones that reach
    an extract are those that still pass, which is what this makes.
    """
    for _ in range(20):
        at = rng.randrange(1, 8)
        digits = list(number[:9])
        digits[at], digits[at + 1] = digits[at + 1], digits[at]
        first_nine = "".join(digits)
        check = nhs_check_digit(first_nine)
        if check is not None and first_nine != number[:9]:
            return f"{first_nine}{check}"
    return number


def spaced_nhs_number(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}"


_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
LOCAL_AUTHORITY_CODE = "951"  # not an English local authority number


def upn_check_letter(body: str) -> str:
    """The DfE check letter over the 12 characters that follow it (weights 2..13)."""
    total = sum(int(ch) * weight for ch, weight in zip(body, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23]


def new_upn(establishment: int, year: int, serial: int) -> str:
    """Letter, LA code, DfE establishment number, two-digit year of issue, serial."""
    body = f"{LOCAL_AUTHORITY_CODE}{establishment:04d}{year % 100:02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


_PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def new_pnc_id(year: int, serial: int) -> str:
    """A PNC id `YYYY/NNNNNNNX`: the check letter is (yy + serial) mod 23."""
    yy = year % 100
    check = _PNC_LETTERS[int(f"{yy:02d}{serial:07d}") % 23]
    return f"{year}/{serial:07d}{check}"


# Ofcom keeps these 1,000-number blocks for drama; none will ever ring anyone.
_DRAMA_BLOCKS = (
    "07700 900{:03d}",
    "0113 496 0{:03d}",
    "0114 496 0{:03d}",
    "0115 496 0{:03d}",
    "0116 496 0{:03d}",
    "0117 496 0{:03d}",
    "0118 496 0{:03d}",
    "0121 496 0{:03d}",
    "0131 496 0{:03d}",
    "0141 496 0{:03d}",
    "0151 496 0{:03d}",
    "0161 496 0{:03d}",
    "0191 498 0{:03d}",
    "020 7946 0{:03d}",
    "01632 960{:03d}",
)


class PhonePool:
    """Hands out distinct phone numbers: drama-range mobiles first, then landlines.

    When the reserved blocks run out (only in very large worlds) numbers continue in the
    07700 9xxxxx pattern; the documentation says so.
    """

    def __init__(self, rng: random.Random) -> None:
        mobiles = [_DRAMA_BLOCKS[0].format(n) for n in range(1000)]
        landlines = [block.format(n) for block in _DRAMA_BLOCKS[1:] for n in range(1000)]
        rng.shuffle(mobiles)
        rng.shuffle(landlines)
        self._mobiles: Iterator[str] = iter(mobiles)
        self._landlines: Iterator[str] = iter(landlines)
        self._overflow = 901000

    def mobile(self) -> str:
        return next(self._mobiles, None) or self._spill()

    def landline(self) -> str:
        return next(self._landlines, None) or self.mobile()

    def _spill(self) -> str:
        self._overflow += 1
        digits = f"{self._overflow:06d}"
        return f"07700 {digits}"


_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_VRM_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"


def new_postcode(rng: random.Random) -> str:
    district = rng.randrange(1, 10)
    unit = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
    return f"NV{district} {rng.randrange(1, 10)}{unit}"


def new_vrm(rng: random.Random, registered_year: int) -> str:
    """A current-format registration mark: area letters, age identifier, three letters."""
    half = 0 if rng.random() < 0.5 else 50
    age = (registered_year % 100) + half
    area = "Y" + rng.choice("ABCDEFGHJKLMNOPRSTUVX")
    tail = "".join(rng.choice(_VRM_LETTERS) for _ in range(3))
    return f"{area}{age:02d} {tail}"


def new_email(given: str, family: str, rng: random.Random) -> str:
    local = f"{given}.{family}".lower().replace("'", "").replace(" ", "")
    return f"{local}{rng.randrange(1, 99)}@example.org"
