"""The closed vocabularies of the hub exchange format, version 1 (pure Python)."""

SEXES = ("female", "male", "other", "unknown")
PREMISES_TYPES = (
    "home",
    "care_home",
    "hotel",
    "takeaway",
    "shop",
    "park",
    "school",
    "taxi_rank",
    "vehicle_stop",
    "other",
)
OBJECT_TYPES = ("vehicle", "phone", "social_media", "email", "bank_account")
EVENT_TYPES = (
    "missing_episode",
    "return_home_interview",
    "police_incident",
    "crime",
    "intelligence_report",
    "arrest",
    "charge",
    "conviction",
    "safeguarding_referral",
    "child_protection_plan",
    "child_in_need",
    "looked_after",
    "placement_move",
    "sexual_health_attendance",
    "ae_attendance",
    "pregnancy",
    "substance_misuse_contact",
    "mental_health_contact",
    "school_absence",
    "school_exclusion",
    "school_concern",
    "community_concern",
    "disclosure",
)
SENSITIVITIES = ("general", "health", "sexual_health", "intelligence", "restricted")
EVENT_ROLES = (
    "subject",
    "victim",
    "suspect",
    "witness",
    "missing_person",
    "associate",
    "reporter",
    "driver",
    "passenger",
)
EVENT_OBJECT_RELATIONS = ("used", "seen", "seized")
PERSON_OBJECT_RELATIONS = ("owns", "uses")
PERSON_LOCATION_RELATIONS = ("home", "placement", "frequents", "school")
PERSON_PERSON_RELATIONS = ("associate", "sibling", "parent", "partner", "boyfriend")
# A person_people row reads "other_record is the <relation> of record": the synthetic
# world writes (child, parent, "parent") and (girl, her boyfriend, "boyfriend"). Seen
# from other_record's side the relation is this inverse; None: it depends on the sex of
# record's person (`relation_seen_from_other`).
RELATION_INVERSES: dict[str, str | None] = {
    "associate": "associate",
    "sibling": "sibling",
    "partner": "partner",
    "parent": "child",
    "boyfriend": None,
}
# Keyed by the sex of record's person; "" for not known, or not the viewer's to see.
_INVERSES_BY_SEX = {
    "boyfriend": {"female": "girlfriend", "male": "boyfriend", "": "girlfriend or boyfriend"}
}


def as_choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """Model-field choices for a vocabulary: the stored value and a readable label."""
    return [(v, v.replace("_", " ")) for v in values]


def relation_seen_from_other(relation: str, sex: str | None) -> str:
    """What record's person is to other_record's (the row read backwards): a parent's
    page says "child". `sex` of record's person, or None when the viewer may not see it
    (the word then does not give it away)."""
    inverse = RELATION_INVERSES.get(relation, relation)
    if inverse is not None:
        return inverse
    by_sex = _INVERSES_BY_SEX[relation]
    return by_sex.get(sex or "", by_sex[""])
