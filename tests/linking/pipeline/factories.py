"""Hand-made person records, in the synthetic world's style, for the pipeline's tests."""

from __future__ import annotations

from itertools import count
from typing import Any

import pandas as pd

from safehub.linking.pipeline import facade
from safehub.linking.pipeline.types import RECORD_COLUMNS

_ids = count(1_000_000)


def record(**values: Any) -> dict[str, str]:
    """One RECORD_COLUMNS row: a girl known to health, unless told otherwise."""
    row = {
        "unique_id": str(next(_ids)),
        "agency": "health",
        "record_id": "",
        "family_name": "Hargreaves",
        "given_names": "Rebecca Louise",
        "other_names": "",
        "date_of_birth": "2011-03-07",
        "sex": "female",
        "postcode": "NV3 6RQ",
        "address": "58 Wheatley Street, Northvale",
        "phone": "",
        "email": "",
        "nhs_number": "",
        "pnc_id": "",
        "upn": "",
    }
    row.update({k: str(v) for k, v in values.items()})
    row["record_id"] = row["record_id"] or f"R{row['unique_id']}"
    return row


def frame(*rows: dict[str, str]) -> pd.DataFrame:
    """The rows as the pipeline takes them; with a handles column if any row has one."""
    extra = [facade.HANDLES] if any(facade.HANDLES in row for row in rows) else []
    out = pd.DataFrame(list(rows), columns=[*RECORD_COLUMNS, *extra]).fillna("")
    out["unique_id"] = out["unique_id"].astype("int64")
    return out


def pairs(*rows: tuple[int, int, float]) -> pd.DataFrame:
    """Scored pairs as `score` returns them."""
    return pd.DataFrame(
        {
            "left_id": [min(a, b) for a, b, _ in rows],
            "right_id": [max(a, b) for a, b, _ in rows],
            "match_weight": [w for _, _, w in rows],
            "match_probability": [1 / (1 + 2**-w) for _, _, w in rows],
        }
    )
