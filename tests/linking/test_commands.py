"""`safehub link`, `safehub evaluate`, `safehub export links`, and linking after import."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safehub.agencies.models import Role
from safehub.ingest import services as ingest
from safehub.linking import decisions
from safehub.linking.models import LinkRun, PersonLink
from safehub.linking.services import runs
from safehub.records.models import PersonRecord
from tests import factories as f
from tests.extracts import person, write_extract

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_link_then_show_the_model(hub) -> None:
    said = _run("link", "--full", "--no-progress")
    assert said.startswith("Link run ")
    assert "records into" in said
    shown = json.loads(_run("link", "--show-model"))
    assert shown["version"]
    names = [c["name"] for c in shown["summary"]["comparisons"]]
    assert {"first_name", "surname", "date_of_birth", "nhs_number"} <= set(names)
    assert "term_frequencies" not in json.dumps(shown["summary"]["comparisons"])


def test_show_model_before_any_model_says_so(db) -> None:
    with pytest.raises(CommandError, match="No model"):
        _run("link", "--show-model")


def test_evaluate_against_the_ground_truth_and_the_reviewers_labels(
    hub, world, linkage_everywhere
) -> None:
    runs.link_run(full=True)
    reviewer = f.user(hub["police"], Role.ANALYST)
    a, b = PersonRecord.objects.order_by("pk")[:2]
    decisions.link_decision_record(actor=reviewer, left=a, right=b, verdict="different")
    runs.link_run(full=False)

    report = json.loads(
        _run("evaluate", "--truth", str(world / "ground_truth.json"), "--labels", "--json")
    )

    truth = report["truth"]
    assert truth["records"] == PersonRecord.objects.count()
    assert truth["truth_records_missing_from_hub"] == 0
    assert truth["pairwise_f1"] > 0.95
    assert truth["bcubed_f1"] > 0.95
    assert 0 < truth["pairwise_precision"] <= 1
    assert 0 < truth["pairwise_recall"] <= 1
    assert report["labels"] == {
        "labels": 1,
        "agree": 1,
        "same": 0,
        "different": 1,
        "agreement": 1.0,
    }


def test_export_links_reflects_the_clusters(hub, tmp_path: Path) -> None:
    runs.link_run(full=True)
    out = tmp_path / "links.csv"
    _run("export", "links", "--out", str(out))
    with out.open(encoding="utf-8") as handle:
        exported = {(r["agency"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}
    hub_view = {
        (agency, rid): str(person)
        for agency, rid, person in PersonRecord.objects.values_list(
            "agency__code", "record_id", "person_id"
        )
    }
    assert exported == hub_view
    assert len(set(exported.values())) < len(exported)  # records share Persons


def test_an_import_links_its_records_once_committed(
    trained, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    f.agency("police")
    folder = write_extract(
        tmp_path / "x",
        files={
            "persons": [
                person("P1", "Smyth", "Kayleigh", "2009-04-02", nhs_number="9434765919"),
                person("P2", "SMITH", "Kayleigh", "2009-04-02", nhs_number="9434765919"),
                person("P3", "Barker", "Dean", "1990-01-01"),
            ]
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        ingest.extract_import(path=folder)
    run = LinkRun.objects.get()
    assert (run.trigger, run.status) == ("import", LinkRun.Status.DONE)
    assert PersonLink.objects.count() == 3
    persons = dict(PersonRecord.objects.values_list("record_id", "person_id"))
    assert persons["P1"] == persons["P2"] != persons["P3"]
