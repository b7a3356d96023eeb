"""Small numbers: what a count may say to a viewer who may not see everyone behind it
(docs/security.md #30: no count under 5 that could point at someone) — the dashboard's
figures, the missing children's overview.

A count is shown exactly when the viewer may see every person (or concern, or action)
behind it — they could list them all anyway — and 0 is always exact: nothing is behind
it, so nothing is withheld. Otherwise a count of 1 to 4 is "fewer than 5", and a larger
one is rounded to the nearest 5 (never below 5), so that the columns, the totals and the
"more you may not see" of a list cannot be subtracted from one another to recover a
small number exactly. A median is shown when it is exact, or when at least 5 are behind
it. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass

SMALL = 5
ROUND_TO = 5
FEWER = f"fewer than {SMALL}"


@dataclass(frozen=True)
class Shown:
    """A figure as the viewer is told it: `value` is what a chart may plot (None: not
    shown), `words` what a table says, and whether it is the exact figure."""

    value: float | None
    words: str
    exact: bool

    @property
    def state(self) -> str:
        if self.exact:
            return "exact"
        return "suppressed" if self.value is None else "rounded"


def count_shown(count: int, *, complete: bool) -> Shown:
    """`count` as a viewer may be told it; `complete`: they may see everyone behind it."""
    if complete or count == 0:
        return Shown(count, f"{count:,}", True)
    if count < SMALL:
        return Shown(None, FEWER, False)
    rounded = max(SMALL, ROUND_TO * round(count / ROUND_TO))
    return Shown(rounded, f"about {rounded:,}", False)


def more_words(hidden: int) -> str:
    """How many more are behind a list than the viewer may see, by the same rule."""
    return count_shown(hidden, complete=False).words


def median_shown(values: list[float], *, complete: bool, unit: str = "days") -> Shown:
    """The median of `values`, when exact or over at least SMALL of them."""
    if not values:
        return Shown(None, "none", True)
    if not complete and len(values) < SMALL:
        return Shown(None, f"not shown ({FEWER})", False)
    ordered = sorted(values)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return Shown(median, f"{median:g} {unit}", True)


def share_words(part: Shown, whole: Shown) -> str:
    """`part` as a percentage of `whole`, from the figures as shown (so it tells nothing
    they do not): empty when either is not a number; "about" when either is rounded."""
    if part.value is None or whole.value is None or not whole.value:
        return ""
    percent = round(100 * part.value / whole.value)
    return f"{percent}%" if part.exact and whole.exact else f"about {percent}%"
