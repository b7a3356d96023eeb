"""One correction to the model's independence assumption: households.

Splink adds up the evidence of each comparison as if they were independent. Surname,
address and telephone are not: brothers, sisters, twins and parents share all three, so
for two members of one household the model counts the same fact ("they live together")
three times, and twins with the same birthday link. When the *person* differs (first
name, date of birth or sex gives evidence against), the household's agreement is
counted once: only the strongest of its three comparisons is kept.
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
LABEL = "household counted once: the person differs"


def correction(weights: pd.DataFrame) -> np.ndarray:
    """Per pair, the weight (<= 0) to add; `weights` holds a column w_<comparison> each."""
    household = weights[[f"w_{name}" for name in HOUSEHOLD]].to_numpy(dtype="float64")
    person = weights[[f"w_{name}" for name in DIFFERS_BELOW]].to_numpy(dtype="float64")
    below = np.array(list(DIFFERS_BELOW.values()))
    agreeing = np.clip(np.nan_to_num(household), 0.0, None)
    redundant = agreeing.sum(axis=1) - agreeing.max(axis=1)
    # A missing comparison (weight 0, or NaN) is no evidence either way.
    differs = ((np.nan_to_num(person) < below) & (np.nan_to_num(person) != 0)).any(axis=1)
    return np.where(differs, -redundant, 0.0)


def pair_correction(weights: Mapping[str, float]) -> float:
    """`correction` for one pair, from comparison name -> match weight."""
    frame = pd.DataFrame([{f"w_{k}": v for k, v in weights.items()}])
    return float(correction(frame)[0])
