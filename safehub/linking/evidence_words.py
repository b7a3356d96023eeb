"""The link model's evidence in words a practitioner uses: "Same date of birth", "First
names alike (Becky / Rebecca)", "Same NHS number" — from a comparison and the level it
reached (pipeline/comparisons.py names the levels for reviewers, not for everyone)."""

from __future__ import annotations

# (comparison, level) -> the words; {a} and {b} are the two records' values, where
# seeing them side by side helps ("Jon / John"). Levels not named here fall back to
# the comparison's name and the model's own label.
_SWAPPED = "given and family names the wrong way round"
_OTHER = "all other"
WORDS: dict[tuple[str, str], str] = {
    ("first_name", "exact"): "Same first name ({a})",
    ("first_name", "same name: spelling or nickname"): "First names alike ({a} / {b})",
    ("first_name", "typing error"): "First names differ by a typing slip ({a} / {b})",
    ("first_name", _SWAPPED): "First and family names written the wrong way round",
    (
        "first_name",
        "a rare name the other record also gives (alias, known-as)",
    ): "An uncommon first name the other record gives as an alias or known-as ({a} / {b})",
    (
        "first_name",
        "a name the other record also gives (alias, known-as)",
    ): "First name the other record gives as an alias or known-as ({a} / {b})",
    (
        "first_name",
        "among the other record's names (middle name)",
    ): "First name among the other record's names, as a middle name ({a} / {b})",
    ("first_name", "sounds the same"): "First names sound alike ({a} / {b})",
    ("first_name", _OTHER): "Different first names ({a} / {b})",
    ("surname", "exact"): "Same family name ({a})",
    (
        "surname",
        "same name, another spelling or form (Smyth, Kowalska)",
    ): "Family names alike ({a} / {b})",
    ("surname", "typing error"): "Family names differ by a typing slip ({a} / {b})",
    ("surname", _SWAPPED): "First and family names written the wrong way round",
    (
        "surname",
        "among the other record's names (previous name, alias)",
    ): "Family name among the other record's names, as a previous name or alias ({a} / {b})",
    ("surname", "sounds the same"): "Family names sound alike ({a} / {b})",
    ("surname", _OTHER): "Different family names ({a} / {b})",
    ("date_of_birth", "exact"): "Same date of birth",
    (
        "date_of_birth",
        "partial date (year and month) agrees",
    ): "Same year and month of birth (one date is incomplete)",
    (
        "date_of_birth",
        "partial date (year only) agrees",
    ): "Same year of birth (one date is incomplete)",
    ("date_of_birth", "a year only, one off the other's (an age guessed)"): (
        "Years of birth one apart, one of them only a year (an age guessed) ({a} / {b})"
    ),
    ("date_of_birth", "day and month transposed"): (
        "Dates of birth alike: day and month swapped ({a} / {b})"
    ),
    (
        "date_of_birth",
        "year one off",
    ): "Dates of birth a year apart, same day and month ({a} / {b})",
    ("date_of_birth", "same day and month, two to four years apart (an older age given)"): (
        "Same day and month of birth, two to four years apart (an older age given) ({a} / {b})"
    ),
    ("date_of_birth", "one part differs"): "Dates of birth differ in one part ({a} / {b})",
    ("date_of_birth", "a stand-in date (1 January or the 1st) near the other"): (
        "A stand-in date of birth (1 January or the 1st) close to the other ({a} / {b})"
    ),
    ("date_of_birth", "years apart (another generation)"): "Dates of birth years apart ({a} / {b})",
    ("date_of_birth", _OTHER): "Different dates of birth ({a} / {b})",
    ("sex", "same"): "Same sex recorded",
    ("sex", _OTHER): "Different sex recorded",
    ("address", "same address"): "Same address",
    (
        "address",
        "same house, the street spelt or set out differently",
    ): "Same house, the street written differently",
    (
        "address",
        "same house and street, a slip in the postcode",
    ): "Same house, a slip in the postcode",
    ("address", "same postcode"): "Same postcode",
    ("address", "same postcode sector"): "Postcodes close by (the same sector)",
    ("address", "same postcode district"): "Postcodes in the same district",
    ("address", _OTHER): "Different addresses (people move, so this counts little)",
    ("phone", "a number in common that few records hold (their own)"): (
        "A phone number in common, held by few records (the person's own)"
    ),
    ("phone", "a number in common that many records hold (a family's, a parent's)"): (
        "A phone number in common that many records hold (a family's or a parent's)"
    ),
    ("phone", _OTHER): "No phone number in common",
    ("handles", "a handle in common"): "A social-media handle in common",
    ("handles", _OTHER): "Different social-media handles (people keep several)",
    ("email", "same"): "Same e-mail address",
    ("email", _OTHER): "Different e-mail addresses",
    ("nhs_number", "same"): "Same NHS number",
    ("nhs_number", "nearly the same (two digits swapped)"): (
        "NHS numbers nearly the same (two digits swapped)"
    ),
    ("nhs_number", _OTHER): "Different NHS numbers",
    ("pnc_id", "same"): "Same police (PNC) id",
    ("pnc_id", _OTHER): "Different police (PNC) ids",
    ("upn", "same"): "Same Unique Pupil Number",
    ("upn", _OTHER): "Different Unique Pupil Numbers",
}
HOUSEHOLD = "Same household details counted once (the person differs)"
# A level that says nothing either way ("missing on either record") is left out.
SILENT_LEVELS = frozenset({"missing on either record"})


def _value(shown: str) -> str:
    """The record's own value of the comparison: the first of the values the model shows
    (given names before other names; a date; a surname)."""
    return shown.split(" · ", 1)[0].strip()


def evidence_words(comparison: str, level: str, left_value: str, right_value: str) -> str:
    """One comparison's result in plain words ("" for one that says nothing)."""
    if comparison == "household":
        return HOUSEHOLD
    if level in SILENT_LEVELS or not level:
        return ""
    template = WORDS.get((comparison, level))
    if template is None:
        return f"{comparison.replace('_', ' ').capitalize()}: {level}"
    a, b = _value(left_value), _value(right_value)
    if not (a and b):
        template = template.replace(" ({a} / {b})", "").replace(" ({a})", "")
    elif a == b:
        template = template.replace("({a} / {b})", "({a})")
    return template.format(a=a, b=b)


def likelihood_words(probability: float) -> str:
    """The model's probability that two records are one person, in words."""
    if probability >= 0.99:
        return "Very likely the same person"
    if probability >= 0.8:
        return "Likely the same person"
    if probability >= 0.5:
        return "Possibly the same person"
    return "Unlikely to be the same person on this evidence alone"
