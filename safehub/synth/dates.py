"""Date arithmetic the world needs: birthdays, ages, random days in a span."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def day_between(rng: random.Random, start: date, end: date) -> date:
    """A uniformly random day in [start, end]; `start` when the span is empty."""
    span = (end - start).days
    return start if span <= 0 else start + timedelta(days=rng.randrange(span + 1))


def days(n: int) -> timedelta:
    return timedelta(days=n)


def at_time(day: date, rng: random.Random, *, night: bool = False) -> str:
    """An ISO local datetime on `day`, in the evening or night when `night`."""
    hour = rng.choice((19, 20, 21, 22, 23)) if night else rng.randrange(8, 22)
    moment = datetime.combine(day, time(hour, rng.randrange(60)))
    return moment.isoformat(timespec="seconds")


def school_year_start(day: date) -> date:
    """1 September of the school year that `day` falls in."""
    year = day.year if day.month >= 9 else day.year - 1
    return date(year, 9, 1)


def term_of(day: date) -> tuple[date, date]:
    """The school term around `day` (autumn, spring, summer), as first and last day."""
    year = day.year
    if day.month >= 9:
        return date(year, 9, 3), date(year, 12, 19)
    if day.month <= 3:
        return date(year, 1, 6), date(year, 3, 31)
    return date(year, 4, 15), date(year, 7, 21)
