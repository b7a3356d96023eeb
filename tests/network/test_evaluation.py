"""`safehub evaluate`'s network section: the hub's stored networks against the truth's,
beside the connected components of the same graph, and the ranked suspects."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from safehub.network.evaluation import network_report
from safehub.records.models import PersonRecord
from tests.network.test_build import build, hub

pytestmark = pytest.mark.django_db


def truth_of(people: dict[str, Any]) -> dict[str, Any]:
    """A ground truth naming the hub's own records: the two men and the two girls are
    one organised network; the brother is nobody's."""
    names = {person.pk: name for name, person in people.items()}
    records = [
        {"agency": r.agency.code, "record_id": r.record_id, "person": f"T-{names[r.person_id]}"}
        for r in PersonRecord.objects.select_related("agency")
    ]
    return {
        "records": records,
        "people": [
            {
                "person": f"T-{name}",
                "offender": name in ("dean", "wayne"),
                "kind": "adult" if name in ("dean", "wayne") else "young_person",
                "cohort": "current",
                "victim": name in ("girl", "other"),
                "sex": "male" if name in ("dean", "wayne", "brother") else "female",
                "ethnicity": "W1",
                "date_of_birth": "2011-03-07",
                "disclosure": None,
                "victim_crime_report": None,
            }
            for name in people
        ],
        "networks": [
            {
                "network": "N001",
                "kind": "group",
                "offenders": ["T-dean", "T-wayne"],
                "victims": ["T-girl", "T-other"],
            }
        ],
    }


def test_the_network_found_is_the_true_one_and_its_men_rank_first() -> None:
    people = hub()
    build()
    report = network_report(truth_of(people))
    assert report["networks"] == {"networks": 1, "at_0_5": 1.0, "at_0_8": 1.0}
    assert report["top_50_true_offenders"] == 1.0


def test_evaluate_prints_the_network_section(tmp_path: Any) -> None:
    people = hub()
    build()
    path = tmp_path / "ground_truth.json"
    path.write_text(json.dumps(truth_of(people)), encoding="utf-8")
    out = StringIO()
    call_command("evaluate", "--truth", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["network"]["networks"]["at_0_5"] == 1.0
