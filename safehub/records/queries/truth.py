"""Which of the hub's Persons holds each true person's records (a synthetic world's
ground truth): what `safehub evaluate` measures screening and the network against.
Identifiers only, no personal data."""

from __future__ import annotations

from typing import Any

import pandas as pd

from safehub.records.queries.counts import record_person_links


def holds(truth: dict[str, Any]) -> pd.DataFrame:
    """truth, unit (the hub's Person), records: how many of each true person's records
    each Person holds. Records the truth does not know are left out."""
    person_of = {
        (str(r["agency"]), str(r["record_id"])): str(r["person"]) for r in truth["records"]
    }
    rows = [
        (person_of[(agency, record_id)], person)
        for agency, record_id, person in record_person_links()
        if (agency, record_id) in person_of
    ]
    frame = pd.DataFrame(rows, columns=["truth", "unit"])
    return frame.groupby(["truth", "unit"]).size().rename("records").reset_index()
