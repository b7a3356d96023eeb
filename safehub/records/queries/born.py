"""Each Person's best-known date of birth and sex, for the hub's own processing
(screening, the network): the full date most of their records give, set-based."""

from __future__ import annotations

from datetime import date

import pandas as pd

from safehub.records.models import PersonRecord

CHUNK = 5_000


def births() -> pd.DataFrame:
    """person (text), date_of_birth (a date, or None when no record gives a full one),
    sex ('' when none does) — the most common value of each among the Person's records
    (the smallest on a tie)."""
    rows = PersonRecord.objects.values_list("person_id", "date_of_birth", "sex")
    columns = ["person", "date_of_birth", "sex"]
    frame = pd.DataFrame(list(rows.iterator(chunk_size=CHUNK)), columns=columns)
    frame["person"] = frame["person"].astype(str)
    full = frame[frame["date_of_birth"].str.fullmatch(r"\d{4}-\d{2}-\d{2}", na=False)]
    born = _modal(full, "date_of_birth")
    sex = _modal(frame[frame["sex"] != ""], "sex")
    out = pd.DataFrame({"person": frame["person"].unique()})
    out["date_of_birth"] = out["person"].map(born).map(_date, na_action="ignore")
    out["sex"] = out["person"].map(sex).fillna("")
    return out[columns]


def _modal(frame: pd.DataFrame, column: str) -> pd.Series:
    """Each person's most common value of `column` (the smallest on a tie), counted in
    one grouping rather than a function per person."""
    counts = frame.groupby(["person", column]).size().reset_index(name="n")
    counts = counts.sort_values(["person", "n", column], ascending=[True, False, True])
    return counts.drop_duplicates("person").set_index("person")[column]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
