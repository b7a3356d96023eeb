"""How one cell of the exchange format is read: dates, identifiers, codes, numbers.

Each parser takes the trimmed text of a cell and returns its clean value or raises
ValueError with a message fit to show the agency; the file specs pick one per column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from nhs_number.validate import is_valid as nhs_number_is_valid

LOCAL_TZ = ZoneInfo("Europe/London")

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_POSTCODE_SPACE = re.compile(r"\s+")


def parse_partial_date(value: str) -> tuple[str, int]:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY`: returns it unchanged and its year, or raises."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = match.groups()
    if not 1850 <= int(year) <= 2200:
        raise ValueError(f"{value!r}: year {year} is out of range")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{value!r}: month {month} does not exist")
    if day is not None:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
    return value, int(year)


def parse_date(value: str) -> date:
    """A full ISO date, `YYYY-MM-DD`."""
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date (YYYY-MM-DD)") from None


def parse_when(value: str) -> tuple[date, datetime | None]:
    """A date or an ISO datetime: the date, and the instant when a time was given.

    A time without an offset is read as UK local time, where the agencies record it.
    """
    if len(value) == 10:
        return parse_date(value), None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date or ISO date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(LOCAL_TZ).date(), moment.astimezone(UTC)


def parse_instant(value: str) -> datetime:
    """A date (read as midnight UK time) or an ISO datetime, as an aware UTC instant."""
    day, moment = parse_when(value)
    if moment is not None:
        return moment
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


def normalise_nhs_number(value: str) -> str:
    digits = value.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        raise ValueError(f"{value!r} is not 10 digits")
    if not nhs_number_is_valid(digits):
        raise ValueError(f"{value!r} fails the NHS number check digit (modulus 11)")
    return digits


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code (`m12 4ab` → `M12 4AB`)."""
    compact = _POSTCODE_SPACE.sub("", value).upper()
    if len(compact) >= 5:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact  # a partial postcode (an outward code) from an old record


def matching(pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(f"{value!r} is not {what}")
        return value

    return check


def one_of(values: tuple[str, ...]) -> Callable[[str], str]:
    allowed = frozenset(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of: {', '.join(values)}")
        return value

    return check


def limited(length: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > length:
            raise ValueError(f"longer than {length} characters")
        return value

    return check


def coordinate(low: float, high: float) -> Callable[[str], float]:
    def check(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if not low <= number <= high:
            raise ValueError(f"{value!r} is outside {low}..{high}")
        return number

    return check


def email_list(value: str) -> str:
    for part in value.split(";"):
        if part.strip() and "@" not in part:
            raise ValueError(f"{part.strip()!r} is not an e-mail address")
    return value
