"""How well the hub's own screening finds a synthetic world's victims (`safehub evaluate`).

Reads the stored Screenings (what the hub actually flagged), the hub's facts for the
baselines, and which Person holds each record; the figures are core/evaluation.py's, as
the benchmark computes them. Reads identifiers and dates only: no personal data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from safehub.records.queries.truth import holds
from safehub.screening import hub_facts
from safehub.screening.core import baselines, evaluation, scoring
from safehub.screening.models import Screening, ScreeningRun

MAPPING = (
    "a victim counts as flagged on the earliest first flag among the Persons holding any "
    "of her records; a Person is a true victim when more than half of its records are one "
    "true victim's"
)
NO_FLAGS = pd.DataFrame({"person": pd.Series(dtype=str), "first_flagged_on": pd.Series()})


def read_truth(path: Path) -> dict[str, Any]:
    """The ground truth file, or ValueError saying why it is not one screening can use."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "records" not in data or "people" not in data:
        raise ValueError("not a ground truth file (no `records` or `people`)")
    return data


def stored_flags() -> pd.DataFrame:
    """person, first_flagged_on: every stored Screening (the newest finished run's)."""
    rows = list(Screening.objects.values_list("person_id", "first_flagged_on"))
    if not rows:
        return NO_FLAGS.copy()
    frame = pd.DataFrame(rows, columns=["person", "first_flagged_on"])
    frame["person"] = frame["person"].astype(str)
    return frame


def baseline_flags(facts: pd.DataFrame, persons: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The reactive baseline and the naive checklist on the hub's own facts."""
    if facts.empty:
        return {"reactive": NO_FLAGS.copy(), "checklist": NO_FLAGS.copy()}
    con = scoring.connect(facts, persons, hub_facts.event_things(), hub_facts.person_things())
    try:
        scoring.match(con)
        return {"reactive": baselines.reactive(con), "checklist": baselines.checklist(con)}
    finally:
        con.close()


def _run() -> dict[str, object] | None:
    run = ScreeningRun.objects.filter(status=ScreeningRun.Status.DONE).order_by("-pk").first()
    if run is None:
        return None
    return {
        "id": run.pk,
        "rules_version": run.rules_version,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
    }


def screening_report(truth: dict[str, Any]) -> dict[str, object]:
    """The `screening` section of `safehub evaluate`: screening (the stored flags), the
    reactive baseline and the checklist, overall and by sex and ethnicity group."""
    facts = hub_facts.facts()
    held = holds(truth)
    world = evaluation.truth_from(pd.DataFrame(truth["people"]), held, facts["occurred_on"])
    methods = {"screening": stored_flags(), **baseline_flags(facts, hub_facts.persons())}
    summary = evaluation.report(world, methods)
    victims = world.young.index[world.young["victim"]]
    return {
        "run": _run(),
        "mapping": MAPPING,
        "victims_not_in_hub": int((~victims.isin(held["truth"])).sum()),
        **summary,
    }
