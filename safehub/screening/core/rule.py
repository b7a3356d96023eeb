"""What every indicator rule is: its attributes, and the SQL they make (rules.py holds
the catalogue)."""

from __future__ import annotations

import re
from typing import ClassVar, Literal

Kind = Literal["harm", "risk", "vulnerability"]
HARM: Kind = "harm"
RISK: Kind = "risk"
VULNERABILITY: Kind = "vulnerability"

# The person's roles that make an event about them (not the reporter or a witness).
ABOUT_THEM = ("subject", "victim", "missing_person")
# The types of the facts core/links.py derives from links between people.
LINKED_TO_SUSPECT = "linked_to_suspect"
PEER_OF_VICTIM = "peer_of_victim"


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
    # Premises or words: a place of the listed premises, or one of the phrases, is enough.
    premises_or_phrases: ClassVar[bool] = False
    # When the text gives a partner's age ("boyfriend is 17"), it must be at least this
    # many years above the child's own, or the fact does not count.
    partner_older_by: ClassVar[float | None] = None

    @classmethod
    def condition(cls) -> str:
        """SQL over a fact `f` (facts.FACT_COLUMNS plus `age`, years on the day)."""
        parts = [f"f.event_type IN ({_listed(cls.event_types)})"]
        if cls.roles:
            parts.append(f"f.role IN ({_listed(cls.roles)})")
        if cls.agencies:
            parts.append(f"f.agency IN ({_listed(cls.agencies)})")
        place = f"f.premises IN ({_listed(cls.premises)})" if cls.premises else ""
        words = f"regexp_matches(lower(f.summary), {_quoted(cls.pattern())})" if cls.phrases else ""
        if place and words and cls.premises_or_phrases:
            parts.append(f"({place} OR {words})")
        else:
            parts += [p for p in (place, words) if p]
        if cls.partner_older_by is not None:
            age = f"regexp_extract(lower(f.summary), {_quoted(PARTNER_AGE)}, 2)"
            stated = f"TRY_CAST({age} AS INTEGER)"
            parts.append(f"({stated} IS NULL OR {stated} - f.age >= {float(cls.partner_older_by)})")
        if cls.under_age is not None:
            parts.append(f"f.age < {float(cls.under_age)}")
        if cls.overnight:
            parts.append("f.ended_on > f.occurred_on")
        return " AND ".join(parts)

    @classmethod
    def pattern(cls) -> str:
        """The phrases as one regular expression, each as whole words: "car" is not in
        "care", though "about 2" is in "about 24" (a phrase ending in a digit or a
        space may run on)."""
        return "|".join(_whole(p) for p in cls.phrases)

    @classmethod
    def matched_words(cls, summary: str) -> list[str]:
        """The rule's phrases found in an agency's text, for the screening page."""
        text = summary.lower()
        return [p for p in cls.phrases if re.search(_whole(p), text)]

    @classmethod
    def spec(cls) -> dict[str, object]:
        names: tuple[str, ...] = ("code", "kind", "weight", "window_days", "cap")
        names = (*names, "event_types", "roles", "agencies", "premises", "phrases")
        names = (*names, "under_age", "overnight", "premises_or_phrases", "partner_older_by")
        return {name: getattr(cls, name) for name in names}


# "boyfriend is 19", "partner aged 20", "older boyfriend (17)", "boyfriend who is 'about 24'"
PARTNER_AGE = r"(boyfriend|partner)[^0-9.;]{0,20}?([1-9][0-9])"


def _whole(phrase: str) -> str:
    head = r"(^|[^a-z0-9])" if phrase[:1].isalnum() else ""
    tail = r"([^a-z0-9]|$)" if phrase[-1:].isalpha() else ""
    return f"{head}{re.escape(phrase)}{tail}"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(_quoted(v) for v in values)
