"""What evaluation compares: the hub's Persons, a synthetic world's truth, reviewers'
decisions. Reads only identifiers (agency, record id, person id): no personal data."""

from __future__ import annotations

import json
from collections.abc import Hashable
from pathlib import Path

from safehub.linking.models import LinkDecision, Verdict
from safehub.records.models import PersonRecord
from safehub.records.queries.counts import record_person_links

RecordKey = Hashable  # (agency code, record id)


def truth_clusters(path: Path) -> dict[RecordKey, str]:
    """(agency, record id) -> true person, from `ground_truth.json` (docs/synthetic-world.md)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "records" not in data:
        raise ValueError("not a ground truth file (no `records`)")
    return {(str(r["agency"]), str(r["record_id"])): str(r["person"]) for r in data["records"]}


def hub_clusters() -> dict[RecordKey, str]:
    """(agency, record id) -> the hub's Person, for every person record."""
    return {(agency, record_id): person for agency, record_id, person in record_person_links()}


def label_agreement() -> dict[str, int | float]:
    """How many of the reviewers' latest same/different decisions the Persons agree with."""
    latest: dict[tuple[int, int], str] = {}
    for left, right, verdict in LinkDecision.objects.order_by("pk").values_list(
        "left_id", "right_id", "verdict"
    ):
        latest[(left, right)] = verdict
    decided = {pair: v for pair, v in latest.items() if v != Verdict.UNSURE}
    ids = {pk for pair in decided for pk in pair}
    person = dict(PersonRecord.objects.filter(pk__in=ids).values_list("pk", "person_id"))
    agree = sum(
        1
        for (left, right), verdict in decided.items()
        if (person[left] == person[right]) == (verdict == Verdict.SAME)
    )
    return {
        "labels": len(decided),
        "agree": agree,
        "same": sum(1 for v in decided.values() if v == Verdict.SAME),
        "different": sum(1 for v in decided.values() if v == Verdict.DIFFERENT),
        "agreement": round(agree / len(decided), 6) if decided else 1.0,
    }
