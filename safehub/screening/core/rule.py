"""What every indicator rule is: its attributes, and the SQL they make (rules.py holds
the catalogue)."""

from __future__ import annotations

from typing import ClassVar, Literal

Kind = Literal["harm", "risk", "vulnerability"]
HARM: Kind = "harm"
RISK: Kind = "risk"
VULNERABILITY: Kind = "vulnerability"

# The person's roles that make an event about them (not the reporter or a witness).
ABOUT_THEM = ("subject", "victim", "missing_person")


class Rule:
    """One indicator. Subclasses set the class attributes; `condition` is their SQL."""

    code: ClassVar[str]
    words: ClassVar[str]  # what the screening page says when the rule fires
    kind: ClassVar[Kind]
    weight: ClassVar[float] = 0.0  # per matching fact (harm: none, it flags at once)
    window_days: ClassVar[int] = 365  # facts older than this on the day count no more
    cap: ClassVar[int] = 1  # at most this many facts counted in the window
    sources: ClassVar[tuple[str, ...]]  # keys of docs/indicators.md's sources
    event_types: ClassVar[tuple[str, ...]]
    roles: ClassVar[tuple[str, ...]] = ABOUT_THEM
    agencies: ClassVar[tuple[str, ...]] = ()  # () any agency
    premises: ClassVar[tuple[str, ...]] = ()  # () any place (or none)
    phrases: ClassVar[tuple[str, ...]] = ()  # () any text; else one must appear
    under_age: ClassVar[float | None] = None  # the person's age on the day below this
    overnight: ClassVar[bool] = False  # an episode that ended on a later day

    @classmethod
    def condition(cls) -> str:
        """SQL over a fact `f` (facts.FACT_COLUMNS plus `age`, years on the day)."""
        parts = [f"f.event_type IN ({_listed(cls.event_types)})"]
        if cls.roles:
            parts.append(f"f.role IN ({_listed(cls.roles)})")
        if cls.agencies:
            parts.append(f"f.agency IN ({_listed(cls.agencies)})")
        if cls.premises:
            parts.append(f"f.premises IN ({_listed(cls.premises)})")
        if cls.phrases:
            found = " OR ".join(f"contains(lower(f.summary), {_quoted(p)})" for p in cls.phrases)
            parts.append(f"({found})")
        if cls.under_age is not None:
            parts.append(f"f.age < {float(cls.under_age)}")
        if cls.overnight:
            parts.append("f.ended_on > f.occurred_on")
        return " AND ".join(parts)

    @classmethod
    def matched_words(cls, summary: str) -> list[str]:
        """The rule's phrases found in an agency's text, for the screening page."""
        text = summary.lower()
        return [p for p in cls.phrases if p in text]

    @classmethod
    def spec(cls) -> dict[str, object]:
        names: tuple[str, ...] = ("code", "kind", "weight", "window_days", "cap")
        names = (*names, "event_types", "roles", "agencies", "premises", "phrases")
        names = (*names, "under_age", "overnight")
        return {name: getattr(cls, name) for name in names}


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(_quoted(v) for v in values)
