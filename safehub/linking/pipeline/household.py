"""One correction to the model's independence assumption: households.

Splink adds up the evidence of each comparison as if they were independent. Surname,
address and telephone are not: brothers, sisters, twins and parents share all three, so
for two members of one household the model counts the same fact ("they live together")
three times, and twins with the same birthday link. When the *person* differs (first
name or sex gives evidence against; or the date of birth does, and the first name does
not agree), the household's agreement is counted once: only the strongest of its three
comparisons is kept. When the first name differs, an agreeing date of birth counts as
the household's too (twins share it), unless an identifier agrees (twins have one each).
The same first name at the same address with another date of birth is a mistyped or
replaced date, not a sibling — unless the dates are a generation apart (a father and son
of one name), which the model weighs as strong evidence against.

The twin rule is learned from the data like the rest of the model: it holds where another
first name on a shared birthday at one address is about as rare as twins are
(`birthday_share`, measured on the training records and kept with the model).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

HOUSEHOLD = ("surname", "address", "phone")
# A person-level comparison "differs" below this weight. A first name found only among
# the other record's other names (a twin's middle name) or that merely sounds alike is
# not the same first name.
DIFFERS_BELOW = {"first_name": 2.0, "date_of_birth": 0.0, "sex": 0.0}
# Dates of birth this far apart (in match weight) are other people whatever the names say:
# the "years apart" level weighs about -8.7; "all other" (months apart) -5 to -7.
GENERATION_APART = -7.5
# An identifier held for one person only (NHS number, PNC id, UPN) that agrees rules out
# a twin: twins have one each. FEBRL4's duplicates replace whole first names, and lost
# 8% of their recall to the twin rule until it gave way to an agreeing identifier.
IDENTIFIERS = ("nhs_number", "pnc_id", "upn")
IDENTIFIER_AGREES = 4.0
# Twins are about one birth in sixty. Among records sharing a surname, a full date of
# birth and an address, another first name (by its canonical form) is a twin, a sibling's
# record or a mistyped name in about 3 pairs in 100 (3.2% in the synthetic world, seed
# 21). Where it is far commoner the source replaces first names (FEBRL's generator does:
# 31% of such pairs in FEBRL4, 39% in FEBRL3), so such a pair is most likely one person:
# the birthday is evidence of the person again, and the model's own first-name weights,
# learned from that data, decide. A shared birthday is then no proof of twins.
TWIN_SHARE_MAX = 0.10
LABEL = "household counted once: the person differs"


def birthday_share(features: pd.DataFrame) -> float:
    """Of the pairs of prepared records that share a surname, a full date of birth and an
    address, the share whose first names differ (0.0 when there are none)."""
    columns = ["surname", "dob", "address_key"]
    # Only the columns needed, as integer codes: a million records' strings copied whole
    # cost half a gigabyte and seconds.
    known = known_codes(features, [*columns, "first_canon"], features["dob_precision"] == 3)
    sizes = known.groupby(columns, sort=False).size()
    pairs = int((sizes * (sizes - 1) // 2).sum())
    if not pairs:
        return 0.0
    alike = known.groupby([*columns, "first_canon"], sort=False).size()
    return 1.0 - int((alike * (alike - 1) // 2).sum()) / pairs


def known_codes(features: pd.DataFrame, columns: list[str], keep: pd.Series) -> pd.DataFrame:
    """The rows `keep` selects with every column known, each column factorised (also
    `identifier_checks`)."""
    chosen = features.loc[keep.to_numpy(dtype=bool), columns]
    codes = pd.DataFrame({c: pd.factorize(chosen[c])[0] for c in columns})
    return codes[(codes >= 0).all(axis=1)]


def twins_apart(share: float | None) -> bool:
    """Whether a shared birthday under another first name counts as the household's."""
    return share is None or share <= TWIN_SHARE_MAX


def correction(weights: pd.DataFrame, *, twins: bool = True) -> np.ndarray:
    """Per pair, the weight (<= 0) to add; `weights` holds a column w_<comparison> each.
    `twins` (see `twins_apart`): a shared birthday under another first name is a twin's."""
    household = weights[[f"w_{name}" for name in HOUSEHOLD]].to_numpy(dtype="float64")
    person = weights[[f"w_{name}" for name in DIFFERS_BELOW]].to_numpy(dtype="float64")
    below = np.array(list(DIFFERS_BELOW.values()))
    # A missing comparison (weight 0, or NaN) is no evidence either way.
    person = np.nan_to_num(person)
    against = (person < below) & (person != 0)
    first, dob, sex = against[:, 0], against[:, 1], against[:, 2]
    same_first = person[:, 0] >= below[0]
    differs = first | sex | (dob & ~same_first) | (person[:, 1] < GENERATION_APART)
    agreeing = np.clip(np.nan_to_num(household), 0.0, None)
    # Another first name on the same birthday in one household is a twin: the birthday
    # is then the household's too.
    one_person = np.full(len(weights), not twins)
    for name in IDENTIFIERS:
        if f"w_{name}" in weights:
            column = weights[f"w_{name}"].to_numpy(dtype="float64")
            one_person |= np.nan_to_num(column) > IDENTIFIER_AGREES
    birthday = np.where(first & ~one_person, np.clip(person[:, 1], 0.0, None), 0.0)
    agreeing = np.column_stack([agreeing, birthday])
    redundant = agreeing.sum(axis=1) - agreeing.max(axis=1)
    return np.where(differs, -redundant, 0.0)


def pair_correction(weights: Mapping[str, float], *, twins: bool = True) -> float:
    """`correction` for one pair, from comparison name -> match weight."""
    frame = pd.DataFrame([{f"w_{k}": v for k, v in weights.items()}])
    return float(correction(frame, twins=twins)[0])
