"""The indicator rules: one class each, with its words, source, what it reads, window
and weight (docs/indicators.md cites the sources).

Three kinds, kept apart as the CSA Centre's guidance on risk tools asks:
- **harm**: evidence that abuse has happened (a disclosure, a sexual offence as victim,
  sexual activity under 13, exchanging sex). One is enough: it goes straight to review.
- **risk**: signs that it may (missing nights, an older "boyfriend", cars, gifts). They
  add up over their windows, each rule counting at most `cap` facts.
- **vulnerability**: context (being looked after, placement moves, a child protection
  plan, domestic abuse at home; their classes are in vulnerabilities.py). They only
  raise risk: never a flag on their own.

A rule matches facts (facts.py) by event type, the person's role, the agency, the
premises, the person's age on the day, and words in the agency's free text. Weights are
set from practice (SERAF's moderate and significant indicators; docs/indicators.md),
not fitted.
Editing a rule changes `VERSION`, which every screening stores.
"""

from __future__ import annotations

import hashlib
import json

from safehub.screening.core.rule import (
    ABOUT_THEM,
    HARM,
    LINKED_TO_SUSPECT,
    PEER_OF_VICTIM,
    RISK,
    Rule,
)
from safehub.screening.core.vulnerabilities import (
    DomesticAbuse,
    LookedAfter,
    PlacementMoves,
    ProtectionPlan,
)

GATEWAYS = ("hotel", "takeaway", "taxi_rank", "vehicle_stop")
CARS = ("car", "cars", "vehicle", "taxi", "taxis", "picked up", "lifts")
OLDER = (
    "older male",
    "older males",
    "older men",
    "adult male",
    "adult males",
    "older boyfriend",
    "about 2",
    "with men",
)
GIFTS = (
    "new phone",
    "new expensive phone",
    "second phone",
    "two phones",
    "money",
    "cash",
    "gifts",
    "clothes",
    "sim card",
)

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
    # "Child criminal exploitation" is not sexual: the words name the sexual kind.
    phrases = ("sexual", "rape", "indecent", "grooming", "sexually exploited")


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
    premises = GATEWAYS
    premises_or_phrases = True
    phrases = ("hotel", "takeaway", "adult male", "adult males", "older male", "older males")


class Vehicles(Rule):
    code = "vehicles-unknown-adults"
    words = "Getting into or out of cars with unknown adults"
    kind = RISK
    weight = 2.5
    window_days = 365
    cap = 2
    sources = ("seraf",)
    event_types = ("missing_episode", "school_concern", "safeguarding_referral", "police_incident")
    roles = (*ABOUT_THEM, "passenger")
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
        "older men",
        "older males",
        "adult males",
        "introduced her to",
        "about 2",
        "parties",
        "given alcohol",
        "frightened",
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
        "ae_attendance",
    )
    roles = ()
    phrases = (*OLDER, "boyfriend", "age of partner", "partner described as older")
    # A boyfriend a year or two older is a teenager's life; four or more is not.
    partner_older_by = 4.0


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
    phrases = ("positive", "pregnant", "pregnancy", "termination", "chlamydia", "gonorrhoea")
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


class ExploitationConcern(Rule):
    code = "cse-concern"
    words = "A professional's concern of sexual exploitation (a referral, school, police)"
    kind = RISK
    weight = 4.0
    window_days = 365
    cap = 1
    sources = ("seraf", "csa-centre")
    event_types = (
        "safeguarding_referral",
        "school_concern",
        "police_incident",
        "intelligence_report",
        "community_concern",
    )
    roles = ()
    phrases = ("cse", "sexual exploitation", "sexually exploited", "child sexual")


# ---------------------------------------------------------------- links (core/links.py)


class LinkedToSuspect(Rule):
    code = "linked-to-suspect"
    words = "Seen with a suspect of exploitation, or with their phone, car, account or haunt"
    kind = RISK
    weight = 3.0
    cap = 2
    sources = ("iicsa", "cockbain")
    event_types = (LINKED_TO_SUSPECT,)
    roles = ("subject",)


class PeerOfVictim(Rule):
    code = "peer-of-victim"
    words = "Seen with a young person already known to have been harmed"
    kind = RISK
    weight = 2.0
    cap = 2
    sources = ("cockbain", "seraf")
    event_types = (PEER_OF_VICTIM,)
    roles = ("subject",)


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
    ExploitationConcern,
    LinkedToSuspect,
    PeerOfVictim,
)
BY_CODE = {rule.code: rule for rule in RULES}
# "1-<digest>": the number moves when the scoring changes, the digest with any rule.
VERSION = (
    "1-"
    + hashlib.sha256(json.dumps([r.spec() for r in RULES], sort_keys=True).encode()).hexdigest()[
        :10
    ]
)
