"""The linkage model's design as data: comparisons and their levels, blocking, training.

Backend-neutral: conditions are SQL (DuckDB's dialect) over the feature columns of
`features.py`, suffixed `_l` / `_r` for the two records of a pair. The Splink adapter
turns this into Splink's settings; nothing here imports Splink. Each level carries a
prior m and u, used where training sees too few pairs to estimate one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    label: str
    sql: str
    m: float  # prior P(level | same person)
    u: float  # prior P(level | different people)
    null: bool = False  # "no evidence": Bayes factor 1
    tf_column: str | None = None  # term-frequency adjusted on this column


@dataclass(frozen=True)
class Comparison:
    name: str
    description: str
    shows: tuple[str, ...]  # record columns a reviewer sees for this comparison
    levels: tuple[Level, ...]
    # The strongest evidence *against* this comparison may give, in match weight (log2 of
    # the Bayes factor). Every comparison has one: no single field is infallible.
    floor_weight: float = -10.0
    # m kept at the priors: for identifiers one agency alone holds, no pair of records
    # of one person ever shows both, so the data cannot teach how often they disagree.
    fixed_m: bool = False
    # u kept at the priors: the random pairs that estimate u are drawn from the records
    # at hand, and where few records hold a value (handles), the same person's records
    # are a good share of them: u would say a shared handle is common when platforms
    # make each one unique.
    fixed_u: bool = False
    # The feature column of an identifier: where `learnable` looks for who holds it.
    identifier: str = ""
    # Levels run from the strongest evidence down: a level's trained weight may not
    # exceed the one above it (a rare level's estimate is noise: a handful of pairs).
    ordered: bool = False


def _null(*columns: str) -> Level:
    sql = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return Level("missing on either record", sql, 1.0, 1.0, null=True)


def _else(m: float, u: float) -> Level:
    return Level("all other", "ELSE", m, u)


def _typo(column: str) -> str:
    """One slip of the keyboard (Damerau-Levenshtein 1) or a close spelling (Jaro-Winkler
    0.92). The cheap tests go first: Damerau-Levenshtein is the costliest function the
    model calls, and most pairs that reach this level are different names."""
    left, right = f"{column}_l", f"{column}_r"
    return (
        f"jaro_winkler_similarity({left}, {right}) >= 0.92 OR "
        f"(abs(length({left}) - length({right})) <= 1 "
        f"AND left({left}, 1) = left({right}, 1) "
        f"AND damerau_levenshtein({left}, {right}) <= 1)"
    )


def _either_in_other(column: str, array: str) -> str:
    return f"list_contains({array}_r, {column}_l) OR list_contains({array}_l, {column}_r)"


_SWAPPED = "first_meta_l = surname_meta_r AND surname_meta_l = first_meta_r"

FIRST_NAME = Comparison(
    "first_name",
    "first given name: exact, spelling or nickname, typo, alias, sound",
    ("given_names", "other_names"),
    (
        _null("first_name"),
        Level("exact", "first_name_l = first_name_r", 0.80, 0.01, tf_column="first_name"),
        Level(
            "same name: spelling or nickname",
            "first_rep_l = first_rep_r OR list_has_any(first_keys_l, first_keys_r)",
            0.07,
            0.004,
        ),
        Level("typing error", _typo("first_name"), 0.04, 0.004),
        Level("given and family names the wrong way round", _SWAPPED, 0.01, 0.0001),
        Level(
            "a rare name the other record also gives (alias, known-as)",
            "(list_contains(aliases_r, first_rep_l) AND first_rare_l = 1) OR "
            "(list_contains(aliases_l, first_rep_r) AND first_rare_r = 1)",
            0.02,
            0.00005,
        ),
        Level(
            "a name the other record also gives (alias, known-as)",
            _either_in_other("first_rep", "aliases"),
            0.02,
            0.0005,
        ),
        Level(
            "among the other record's names (middle name)",
            _either_in_other("first_rep", "names_all"),
            0.03,
            0.002,
        ),
        Level("sounds the same", "first_meta_l = first_meta_r", 0.02, 0.005),
        _else(0.04, 0.975),
    ),
)

SURNAME = Comparison(
    "surname",
    "family name: exact, spelling, typo, previous name or alias, sound",
    ("family_name", "other_names"),
    (
        _null("surname"),
        Level("exact", "surname_l = surname_r", 0.80, 0.005, tf_column="surname"),
        Level(
            "same name, another spelling or form (Smyth, Kowalska)",
            "surname_rep_l = surname_rep_r",
            0.04,
            0.001,
        ),
        Level("typing error", _typo("surname"), 0.04, 0.003),
        Level("given and family names the wrong way round", _SWAPPED, 0.01, 0.0001),
        Level(
            "among the other record's names (previous name, alias)",
            _either_in_other("surname_rep", "names_all"),
            0.05,
            0.002,
        ),
        Level("sounds the same", "surname_meta_l = surname_meta_r", 0.01, 0.004),
        _else(0.06, 0.985),
    ),
)

_BOTH_FULL = "dob_precision_l = 3 AND dob_precision_r = 3"
_PARTIAL = "least(dob_precision_l, dob_precision_r)"
DATE_OF_BIRTH = Comparison(
    "date_of_birth",
    "date of birth: exact, partial, day and month swapped, year slip",
    ("date_of_birth",),
    (
        _null("dob_year"),
        Level("exact", "dob_l = dob_r", 0.88, 0.0003),
        Level(
            "partial date (year and month) agrees",
            f"{_PARTIAL} = 2 AND dob_year_l = dob_year_r AND dob_month_l = dob_month_r",
            0.03,
            0.003,
        ),
        Level(
            "partial date (year only) agrees",
            f"{_PARTIAL} = 1 AND dob_year_l = dob_year_r",
            0.03,
            0.05,
        ),
        Level(
            "a year only, one off the other's (an age guessed)",
            f"{_PARTIAL} = 1 AND abs(dob_year_l - dob_year_r) = 1",
            0.02,
            0.05,
        ),
        Level(
            "day and month transposed",
            f"{_BOTH_FULL} AND dob_year_l = dob_year_r AND dob_month_l = dob_day_r "
            "AND dob_day_l = dob_month_r",
            0.01,
            0.0001,
        ),
        Level(
            "year one off",
            f"{_BOTH_FULL} AND abs(dob_year_l - dob_year_r) = 1 AND "
            "dob_month_l = dob_month_r AND dob_day_l = dob_day_r",
            0.01,
            0.0003,
        ),
        Level(
            "same day and month, two to four years apart (an older age given)",
            f"{_BOTH_FULL} AND abs(dob_year_l - dob_year_r) BETWEEN 2 AND 4 AND "
            "dob_month_l = dob_month_r AND dob_day_l = dob_day_r",
            0.01,
            0.0005,
        ),
        Level(
            "one part differs",
            f"{_BOTH_FULL} AND (CAST(dob_year_l = dob_year_r AS INTEGER) + "
            "CAST(dob_month_l = dob_month_r AS INTEGER) + "
            "CAST(dob_day_l = dob_day_r AS INTEGER)) = 2",
            0.01,
            0.01,
        ),
        Level(
            "a stand-in date (1 January or the 1st) near the other",
            f"{_BOTH_FULL} AND abs(dob_year_l - dob_year_r) <= 1 AND "
            "((dob_month_l = 1 AND dob_day_l = 1) OR (dob_month_r = 1 AND dob_day_r = 1) "
            "OR dob_day_l = 1 OR dob_day_r = 1)",
            0.01,
            0.01,
        ),
        Level("years apart (another generation)", "abs(dob_year_l - dob_year_r) >= 5", 0.002, 0.5),
        _else(0.02, 0.45),
    ),
)

SEX = Comparison(
    "sex",
    "recorded sex",
    ("sex",),
    (_null("sex"), Level("same", "sex_l = sex_r", 0.99, 0.5), _else(0.01, 0.5)),
)

ADDRESS = Comparison(
    "address",
    "address and postcode: people move, so a difference is weak evidence",
    ("address", "postcode"),
    (
        Level(
            "missing on either record",
            "(postcode_l IS NULL AND address_key_l IS NULL) OR "
            "(postcode_r IS NULL AND address_key_r IS NULL)",
            1.0,
            1.0,
            null=True,
        ),
        Level(
            "same address",
            "address_key_l = address_key_r AND (postcode_l = postcode_r OR "
            "postcode_l IS NULL OR postcode_r IS NULL)",
            0.6,
            0.001,
        ),
        Level(
            "same house, the street spelt or set out differently",
            "address_stem_l = address_stem_r AND postcode_l = postcode_r",
            0.05,
            0.0005,
        ),
        Level(
            "same house and street, a slip in the postcode",
            "(address_key_l = address_key_r OR address_stem_l = address_stem_r) AND "
            "damerau_levenshtein(postcode_l, postcode_r) <= 1",
            0.03,
            0.0001,
        ),
        Level("same postcode", "postcode_l = postcode_r", 0.05, 0.002),
        Level("same postcode sector", "postcode_sector_l = postcode_sector_r", 0.03, 0.02),
        Level("same postcode district", "postcode_district_l = postcode_district_r", 0.05, 0.1),
        _else(0.27, 0.877),
    ),
    floor_weight=-3.0,  # an old address is weak evidence against: people move
    ordered=True,
)

PHONE = Comparison(
    "phone",
    "any telephone number in common, weighed by how many records hold it",
    ("phone",),
    (
        _null("phones"),
        Level(
            "a number in common that few records hold (their own)",
            "list_has_any(phones_rare_l, phones_rare_r)",
            0.5,
            0.0002,
        ),
        Level(
            "a number in common that many records hold (a family's, a parent's)",
            "list_has_any(phones_l, phones_r)",
            0.1,
            0.001,
        ),
        _else(0.4, 0.999),
    ),
    floor_weight=-5.0,  # numbers change; a family landline is on several records
)

EMAIL = Comparison(
    "email",
    "e-mail address",
    ("email",),
    (_null("email"), Level("same", "email_l = email_r", 0.8, 0.0001), _else(0.2, 0.9999)),
)


HANDLES = Comparison(
    "handles",
    "a social-media handle in common (the agency's objects linked to the record)",
    ("handles",),
    (
        _null("handles"),
        Level("a handle in common", "list_has_any(handles_l, handles_r)", 0.5, 0.00005),
        _else(0.5, 0.99995),
    ),
    floor_weight=-2.0,  # people keep several accounts and open new ones
    fixed_u=True,
)


def _identifier(name: str, column: str, description: str, *, near_miss: bool) -> Comparison:
    """A strong identifier: agreement is near proof; a mismatch counts against, capped,
    since a mis-keyed number is not a different person.

    NHS numbers are random, so two that differ by a swapped pair of digits are one number
    mis-keyed. UPNs and PNC ids are serial (siblings at one school differ in the last
    digit), so a near miss there says nothing.
    """
    levels = [_null(column), Level("same", f"{column}_l = {column}_r", 0.97, 0.00001)]
    if near_miss:
        # Two digits swapped keep the same digits: compare those (cheap) before the
        # edit distance (costly), which allows for the recomputed check digit.
        levels.append(
            Level(
                "nearly the same (two digits swapped)",
                f"{column}_digits_l = {column}_digits_r AND "
                f"damerau_levenshtein({column}_l, {column}_r) <= 2",
                0.015,
                0.000001,
            )
        )
    levels.append(_else(0.015 if near_miss else 0.03, 0.99999))
    return Comparison(
        name,
        description,
        (name,),
        tuple(levels),
        floor_weight=-8.0,
        fixed_m=True,
        identifier=column,
    )


NHS_NUMBER = _identifier("nhs_number", "nhs", "NHS number", near_miss=True)
PNC_ID = _identifier("pnc_id", "pnc", "Police National Computer id", near_miss=False)
UPN = _identifier("upn", "upn", "Unique Pupil Number", near_miss=False)

COMPARISONS: tuple[Comparison, ...] = (
    FIRST_NAME,
    SURNAME,
    DATE_OF_BIRTH,
    SEX,
    ADDRESS,
    PHONE,
    EMAIL,
    HANDLES,
    NHS_NUMBER,
    PNC_ID,
    UPN,
)

# Candidate pairs: wide enough for movers, changed surnames, nicknames and wrong dates of
# birth; each rule an equi-join, so none is a cartesian product even at millions.
BLOCKING_RULES: tuple[str, ...] = (
    "l.nhs = r.nhs",
    "l.upn = r.upn",
    "l.pnc = r.pnc",
    # Date of birth (day and month in either order) and first name: a changed surname.
    "l.dob_sorted = r.dob_sorted AND l.first_canon = r.first_canon",
    # Date of birth and surname: a nickname the tables do not know, a first-name typo.
    "l.dob = r.dob AND l.surname_meta = r.surname_meta",
    # Year and both names in either order: a partial or mistyped date, names swapped.
    "l.dob_year = r.dob_year AND l.name_pair = r.name_pair",
    # Day, month and names: the year keyed one off.
    "l.dob_month = r.dob_month AND l.dob_day = r.dob_day AND l.first_canon = r.first_canon "
    "AND l.surname_meta = r.surname_meta",
    # A record without a full date of birth meets every record of the same name.
    "l.name_key_nodob = r.name_key",
    "l.name_key = r.name_key_nodob",
    # The same address and first name: a changed surname with the date of birth wrong.
    "l.address_key = r.address_key AND l.first_canon = r.first_canon",
    # Both names changed or mistyped (a new surname and a nickname): birth and postcode.
    "l.dob = r.dob AND l.postcode = r.postcode",
    # The same house, whatever the names and dates say (a household is a handful).
    "l.address_stem = r.address_stem AND l.postcode = r.postcode",
    # Born the same day in the same house: the names mistyped beyond the other rules.
    "l.dob = r.dob AND l.address_stem = r.address_stem",
    # The same first name in one postcode (a few dozen people): surname and date wrong.
    "l.postcode = r.postcode AND l.first_canon = r.first_canon",
    "l.phone1 = r.phone1",
    "l.email = r.email",
    "l.handle1 = r.handle1",
)

# Expectation maximisation: each session estimates m for the comparisons its blocking
# rule does not use, so together they cover every comparison.
EM_TRAINING_RULES: tuple[str, ...] = (
    "l.dob = r.dob",
    "l.first_name = r.first_name AND l.surname = r.surname",
)

# Rules nearly free of false matches, and the share of true pairs they are thought to
# find, for estimating the probability that two random records are the same person.
DETERMINISTIC_RULES: tuple[str, ...] = (
    "l.nhs = r.nhs",
    "l.upn = r.upn",
    "l.dob = r.dob AND l.first_name = r.first_name AND l.surname = r.surname",
)
DETERMINISTIC_RECALL = 0.7
