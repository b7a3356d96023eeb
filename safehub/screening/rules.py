"""The indicator rules: one class each, with its words, source, what it reads, window
and weight (docs/indicators.md cites the sources).

Three kinds, kept apart as the CSA Centre's guidance on risk tools asks:
- **harm**: evidence that abuse has happened (a disclosure, a sexual offence as victim,
  sexual activity under 13, exchanging sex). One is enough: it goes straight to review.
- **risk**: signs that it may (missing nights, an older "boyfriend", cars, gifts). They
  add up over their windows, each rule counting at most `cap` facts.
- **vulnerability**: context (being looked after, placement moves, a child protection
  plan, domestic abuse at home). They only raise risk: never a flag on their own.

A rule matches facts (facts.py) by event type, the person's role, the agency, the
premises, the person's age on the day, and words in the agency's free text. Weights are
set from practice (INDICATORS.md's moderate and significant indicators), not fitted.
Editing a rule changes `VERSION`, which every screening stores.
"""

from __future__ import annotations

import hashlib
import json
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


GATEWAYS = ("hotel", "takeaway", "taxi_rank", "vehicle_stop")
CARS = ("car", "vehicle", "taxi", "picked up", "lifts")
OLDER = ("older male", "older men", "adult male", "older boyfriend", "about 2", "with men")
GIFTS = ("new phone", "new expensive phone", "money", "gifts", "clothes", "sim card")

# ---------------------------------------------------------------------------- harm


class Disclosure(Rule):
    code = "disclosure"
    words = "Disclosed abuse"
    kind = HARM
    sources = ("csa-centre", "seraf")
    event_types = ("disclosure",)


class SexualOffenceVictim(Rule):
    code = "sexual-offence-victim"
    words = "Victim of a sexual offence"
    kind = HARM
    sources = ("csa-centre", "seraf")
    event_types = ("crime",)
    roles = ("victim",)
    phrases = ("sexual", "rape", "indecent", "grooming", "exploitation")


class UnderThirteenSexualActivity(Rule):
    code = "under-13-sexual-activity"
    words = "Sexual activity under 13 (sexual health, pregnancy)"
    kind = HARM
    sources = ("seraf",)
    event_types = ("sexual_health_attendance", "pregnancy")
    roles = ()
    under_age = 13.0


class ExchangingSex(Rule):
    code = "exchanging-sex"
    words = "Exchanging or 'selling' sex"
    kind = HARM
    sources = ("seraf",)
    event_types = ("intelligence_report", "safeguarding_referral", "return_home_interview")
    phrases = ("in exchange for", "in return for sex", "selling sex", "sex for")


# ---------------------------------------------------------------------------- risk


class MissingEpisodes(Rule):
    code = "missing-episodes"
    words = "Missing episodes in the last six months"
    kind = RISK
    weight = 1.5
    window_days = 182
    cap = 4
    sources = ("seraf", "philomena")
    event_types = ("missing_episode",)
    roles = ("missing_person",)


class MissingOvernight(Rule):
    code = "missing-overnight"
    words = "Missing overnight"
    kind = RISK
    weight = 1.5
    window_days = 365
    cap = 3
    sources = ("seraf",)
    event_types = ("missing_episode",)
    roles = ("missing_person",)
    overnight = True


class MissingFromCare(Rule):
    code = "missing-from-care"
    words = "Missing from a placement"
    kind = RISK
    weight = 1.0
    window_days = 365
    cap = 3
    sources = ("seraf",)
    event_types = ("missing_episode",)
    roles = ("missing_person",)
    phrases = ("placement", "care home", "from care")


class FoundAtAGateway(Rule):
    code = "found-at-gateway"
    words = "Missing and found at a hotel, takeaway, taxi rank or with adults"
    kind = RISK
    weight = 2.5
    window_days = 365
    cap = 2
    sources = ("seraf", "iicsa")
    event_types = ("missing_episode",)
    roles = ("missing_person",)
    phrases = ("hotel", "takeaway", "adult male", "older male", "an address with")


class Vehicles(Rule):
    code = "vehicles-unknown-adults"
    words = "Getting into or out of cars with unknown adults"
    kind = RISK
    weight = 2.5
    window_days = 365
    cap = 2
    sources = ("seraf",)
    event_types = ("missing_episode", "school_concern", "safeguarding_referral", "police_incident")
    phrases = CARS


class ReturnInterviewConcerns(Rule):
    code = "return-interview-concerns"
    words = "A return interview tells of older people, parties, alcohol or fear"
    kind = RISK
    weight = 2.0
    window_days = 365
    cap = 2
    sources = ("philomena", "missing-people")
    event_types = ("return_home_interview",)
    phrases = (
        "boyfriend",
        "older",
        "parties",
        "flat",
        "given alcohol",
        "frightened",
        "would not say",
    )


class OlderBoyfriend(Rule):
    code = "older-boyfriend"
    words = "A relationship with a much older 'boyfriend' or adults"
    kind = RISK
    weight = 2.5
    window_days = 365
    cap = 2
    sources = ("seraf", "cockbain")
    event_types = (
        "safeguarding_referral",
        "school_concern",
        "sexual_health_attendance",
        "intelligence_report",
    )
    roles = ()
    phrases = (*OLDER, "boyfriend", "age of partner", "partner described as older")


class UnexplainedGifts(Rule):
    code = "unexplained-gifts"
    words = "Unexplained phones, SIM cards, money, clothes or gifts"
    kind = RISK
    weight = 2.0
    window_days = 365
    cap = 2
    sources = ("seraf",)
    event_types = (
        "missing_episode",
        "school_concern",
        "intelligence_report",
        "safeguarding_referral",
    )
    roles = ()
    phrases = GIFTS


class SexualHealthUnderSixteen(Rule):
    code = "sexual-health-under-16"
    words = "Sexual-health attendance under 16"
    kind = RISK
    weight = 1.0
    window_days = 365
    cap = 2
    sources = ("seraf",)
    event_types = ("sexual_health_attendance",)
    roles = ()
    under_age = 16.0


class InfectionOrPregnancy(Rule):
    code = "sti-pregnancy"
    words = "STI, pregnancy or termination under 18"
    kind = RISK
    weight = 2.5
    window_days = 365
    cap = 2
    sources = ("seraf",)
    event_types = ("sexual_health_attendance", "pregnancy")
    roles = ()
    phrases = ("positive", "pregnan", "termination", "chlamydia", "gonorrhoea")
    under_age = 18.0


class SubstanceMisuse(Rule):
    code = "substance-misuse"
    words = "Drug or alcohol misuse, or returning intoxicated"
    kind = RISK
    weight = 1.0
    window_days = 182
    cap = 2
    sources = ("seraf",)
    event_types = ("substance_misuse_contact", "ae_attendance")
    roles = ()
    phrases = ("alcohol", "intoxicated", "cannabis", "ketamine", "drug")


class SelfHarm(Rule):
    code = "self-harm"
    words = "Self-harm or overdose"
    kind = RISK
    weight = 1.0
    window_days = 182
    cap = 2
    sources = ("seraf",)
    event_types = ("mental_health_contact", "ae_attendance")
    roles = ()
    phrases = ("self-harm", "overdose", "crisis")


class SchoolAbsence(Rule):
    code = "school-absence"
    words = "Persistent absence from school"
    kind = RISK
    weight = 0.5
    window_days = 365
    cap = 3
    sources = ("seraf",)
    event_types = ("school_absence",)
    roles = ()


class SchoolExclusion(Rule):
    code = "school-exclusion"
    words = "Suspended or excluded from school"
    kind = RISK
    weight = 0.5
    window_days = 365
    cap = 2
    sources = ("seraf",)
    event_types = ("school_exclusion",)
    roles = ()


class CommunityConcern(Rule):
    code = "community-concern"
    words = "Seen at a hotel, takeaway, taxi rank or car park, or named in community intelligence"
    kind = RISK
    weight = 2.0
    window_days = 365
    cap = 2
    sources = ("seraf", "iicsa")
    event_types = ("community_concern", "intelligence_report")
    roles = ()
    phrases = ("hotel", "takeaway", "taxi", "car park", "flat", "cars", "adult males")


# ---------------------------------------------------------------------- vulnerability


class LookedAfter(Rule):
    code = "looked-after"
    words = "Looked after"
    kind = VULNERABILITY
    weight = 1.0
    window_days = 730
    sources = ("seraf",)
    event_types = ("looked_after",)
    roles = ()


class PlacementMoves(Rule):
    code = "placement-moves"
    words = "Placement moves"
    kind = VULNERABILITY
    weight = 0.5
    window_days = 730
    cap = 4
    sources = ("seraf",)
    event_types = ("placement_move",)
    roles = ()


class ProtectionPlan(Rule):
    code = "protection-plan"
    words = "A child protection plan or child in need"
    kind = VULNERABILITY
    weight = 0.5
    window_days = 730
    sources = ("seraf",)
    event_types = ("child_protection_plan", "child_in_need")
    roles = ()


class DomesticAbuse(Rule):
    code = "domestic-abuse"
    words = "Domestic abuse at home"
    kind = VULNERABILITY
    weight = 0.5
    window_days = 730
    sources = ("seraf",)
    event_types = ("police_incident", "safeguarding_referral")
    roles = ()
    phrases = ("domestic",)


RULES: tuple[type[Rule], ...] = (
    Disclosure,
    SexualOffenceVictim,
    UnderThirteenSexualActivity,
    ExchangingSex,
    MissingEpisodes,
    MissingOvernight,
    MissingFromCare,
    FoundAtAGateway,
    Vehicles,
    ReturnInterviewConcerns,
    OlderBoyfriend,
    UnexplainedGifts,
    SexualHealthUnderSixteen,
    InfectionOrPregnancy,
    SubstanceMisuse,
    SelfHarm,
    SchoolAbsence,
    SchoolExclusion,
    CommunityConcern,
    LookedAfter,
    PlacementMoves,
    ProtectionPlan,
    DomesticAbuse,
)
BY_CODE = {rule.code: rule for rule in RULES}
# "1-<digest>": the number moves when the scoring changes, the digest with any rule.
VERSION = (
    "1-"
    + hashlib.sha256(json.dumps([r.spec() for r in RULES], sort_keys=True).encode()).hexdigest()[
        :10
    ]
)
