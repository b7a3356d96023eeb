"""Whether two records of one agency with different identifiers are two people.

An agency that gives two records two NHS numbers, UPNs or PNC ids usually knows they are
two people (twins at one school, a brother's nominal), and the clustering keeps them
apart whatever their names say. That holds while the agency's identifiers are keyed with
care. Where the data shows otherwise — records of one agency that agree on first name,
surname, full date of birth and address, yet carry different numbers of one kind, in more
than 1 pair in 20 — the numbers are mistyped, and a difference there is only the
comparison's own evidence against (its weight), not a veto. In the synthetic world such
pairs are too few to judge (the veto holds); in FEBRL3, whose duplicates mistype
`soc_sec_id`, 121 of 652 differ.
"""

from __future__ import annotations

import pandas as pd

from safehub.linking.pipeline.household import known_codes

# The feature column -> the record column the clustering reads it from.
IDENTIFIERS = {"nhs": "nhs_number", "pnc": "pnc_id", "upn": "upn"}
SAME_DETAILS = ("agency", "first_canon", "surname", "dob", "address_key")
MIN_PAIRS = 20  # fewer pairs than this say nothing either way: the veto holds
MISTYPED_SHARE = 0.05


def mistyped_identifiers(features: pd.DataFrame) -> tuple[str, ...]:
    """The record columns whose identifiers differ too often between an agency's records
    of identical details to tell two people apart (see the module's docstring)."""
    keys = list(SAME_DETAILS)
    full = features["dob_precision"] == 3
    out = []
    for feature, column in IDENTIFIERS.items():
        known = known_codes(features, [*keys, feature], full & features[feature].notna())
        pairs = _pairs(known.groupby(keys, sort=False).size())
        if pairs < MIN_PAIRS:
            continue
        agreeing = _pairs(known.groupby([*keys, feature], sort=False).size())
        if (pairs - agreeing) / pairs > MISTYPED_SHARE:
            out.append(column)
    return tuple(out)


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())
