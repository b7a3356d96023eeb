"""The dashboard's period and its columns: weeks (Monday to Sunday) for up to half a year,
calendar months beyond, each clipped to the period so a column never counts a day
outside it. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

WEEKS_DEFAULT = 12
WEEKLY_UP_TO = timedelta(weeks=26)
LONGEST = timedelta(days=3 * 366)  # three years: beyond, the figures stop being a dashboard


@dataclass(frozen=True)
class Column:
    """One column of a chart over time: the days it covers (both included)."""

    start: date
    end: date
    label: str

    @property
    def key(self) -> str:
        return self.start.isoformat()


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def last_weeks(cls, today: date, weeks: int = WEEKS_DEFAULT) -> Period:
        """The last `weeks` weeks to today, from a Monday."""
        monday = today - timedelta(days=today.weekday())
        return cls(monday - timedelta(weeks=weeks - 1), today)

    @property
    def weekly(self) -> bool:
        return self.end - self.start <= WEEKLY_UP_TO

    def columns(self) -> list[Column]:
        return self._weeks() if self.weekly else self._months()

    def column_of(self, day: date) -> str:
        """The key of the column holding `day` (a day of the period)."""
        if self.weekly:
            return max(self.start, day - timedelta(days=day.weekday())).isoformat()
        return max(self.start, day.replace(day=1)).isoformat()

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    def _weeks(self) -> list[Column]:
        columns = []
        start = self.start
        while start <= self.end:
            sunday = start + timedelta(days=6 - start.weekday())
            end = min(sunday, self.end)
            monday = start - timedelta(days=start.weekday())
            columns.append(Column(start, end, f"w/c {monday:%-d %b %Y}"))
            start = end + timedelta(days=1)
        return columns

    def _months(self) -> list[Column]:
        columns = []
        start = self.start
        while start <= self.end:
            following = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
            end = min(following - timedelta(days=1), self.end)
            columns.append(Column(start, end, f"{start:%b %Y}"))
            start = following
        return columns
