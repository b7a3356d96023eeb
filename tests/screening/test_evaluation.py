"""How well screening finds a world's victims: figures worked out by hand on tiny worlds,
the fairness warning, and `safehub evaluate`'s screening section over the hub's flags."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.core.management import call_command

from safehub.agencies.models import Agency
from safehub.records.models import Person, PersonRecord
from safehub.screening.core import evaluation
from safehub.screening.models import Screening, ScreeningRun
from tests import factories as f


def young(person: str, **values: Any) -> dict[str, Any]:
    row = {
        "person": person,
        "kind": "young_person",
        "cohort": "current",
        "sex": "female",
        "ethnicity": "W1",
        "victim": False,
        "disclosure": None,
        "victim_crime_report": None,
    }
    row.update(values)
    return row


def flags(**first: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"person": list(first), "first_flagged_on": [date.fromisoformat(d) for d in first.values()]}
    )


def summary(people: list[dict[str, Any]], flagged: pd.DataFrame) -> dict[str, Any]:
    frame = pd.DataFrame(people)
    days = pd.Series([date(2024, 1, 1), date(2025, 12, 31)])
    truth = evaluation.truth_from(frame, evaluation.identity_holds(frame), days)
    return evaluation.report(truth, {"screening": flagged})


def test_figures_of_a_tiny_world_by_hand() -> None:
    people = [
        young("V1", victim=True, disclosure="2025-06-01"),
        young("V2", victim=True, victim_crime_report="2025-03-01", disclosure="2025-05-01"),
        young("V3", victim=True, disclosure="2025-01-01"),  # flagged after she told
        young("V4", victim=True),  # never told anyone: counts for "at all" only
        young("N1"),
        {**young("H1", victim=True), "cohort": "historic"},  # not the current cohort
    ]
    flagged = flags(
        V1="2025-02-01", V2="2025-01-01", V3="2025-02-01", N1="2025-01-01", H1="2003-01-01"
    )

    q = summary(people, flagged)["methods"]["screening"]

    assert q["victims"] == 4
    assert q["known"] == 3
    assert q["flagged_at_all"] == 0.75  # V1, V2, V3 of four
    assert q["flagged_before"] == pytest.approx(2 / 3, abs=1e-4)  # V1 and V2 of three told
    # V1: 1 Feb to 1 Jun = 120 days; V2: 1 Jan to the report on 1 Mar = 59 days.
    assert q["median_lead_days"] == 89.5
    assert q["precision"] == 0.75  # three victims among four flagged current children
    assert q["flagged"] == 4
    months = (date(2025, 12, 31) - date(2024, 1, 1)).days / 30.44
    assert q["per_thousand_month"] == pytest.approx(4 / 5 * 1000 / months, abs=1e-4)


def test_a_victim_split_across_persons_counts_from_her_earliest_flag() -> None:
    frame = pd.DataFrame([young("V1", victim=True, disclosure="2025-06-01"), young("N1")])
    holds = pd.DataFrame(
        {"truth": ["V1", "V1", "N1", "V1"], "unit": ["A", "B", "C", "C"], "records": 1}
    )
    truth = evaluation.truth_from(frame, holds, pd.Series([date(2025, 1, 1)]))
    # C holds one record of each: no one has a majority, so it is not a true victim.
    q = evaluation.quality(truth, flags(B="2025-03-01", A="2025-05-01", C="2025-01-01"))
    assert q.flagged_at_all == 1.0
    assert q.median_lead_days == (date(2025, 6, 1) - date(2025, 1, 1)).days
    assert q.precision == pytest.approx(2 / 3)


def _group(prefix: str, ethnicity: str, victims: int, flagged: int) -> tuple[list, dict]:
    people = [
        young(f"{prefix}{i}", ethnicity=ethnicity, victim=True, disclosure="2025-06-01")
        for i in range(victims)
    ]
    return people, {f"{prefix}{i}": "2025-01-01" for i in range(flagged)}


def test_a_group_found_30_points_less_often_is_warned_of() -> None:
    white, white_flags = _group("W", "W1", 60, 48)  # 0.80
    asian, asian_flags = _group("A", "A2", 20, 10)  # 0.50, 30 points below White
    black, black_flags = _group("B", "B1", 20, 15)  # 0.75
    mixed, mixed_flags = _group("M", "M3", 5, 4)  # 0.80, a small group
    flagged = flags(**white_flags, **asian_flags, **black_flags, **mixed_flags)

    result = summary(white + asian + black + mixed, flagged)

    by_ethnicity = result["methods"]["screening"]["by_ethnicity"]
    assert by_ethnicity["Asian"]["flagged_before"] == 0.5
    assert by_ethnicity["Mixed"]["small"] is True
    assert by_ethnicity["Asian"]["small"] is False
    warned = {(w["group"], w["measure"]) for w in result["warnings"]}
    assert warned == {("Asian", "flagged_before"), ("Asian", "flagged_at_all")}
    lines = evaluation.fairness_lines(result)
    assert any(line.startswith("WARNING") and "Asian" in line for line in lines)


def test_equal_recall_raises_no_warning_and_unknown_ethnicity_is_its_own_group() -> None:
    people = [young(f"V{i}", victim=True, disclosure="2025-06-01") for i in range(10)]
    people += [
        young(f"U{i}", ethnicity=None, victim=True, disclosure="2025-06-01") for i in range(10)
    ]
    flagged = flags(**{p["person"]: "2025-01-01" for p in people[::2]})
    result = summary(people, flagged)
    assert result["warnings"] == []
    assert set(result["methods"]["screening"]["by_ethnicity"]) == {"White", "Unknown"}


def test_criminally_exploited_boys_are_reported_apart_from_cse_victims() -> None:
    people = [
        young("V1", victim=True, disclosure="2025-06-01"),
        young("B1", sex="male", criminal_exploitation=True),
        young("B2", sex="male", criminal_exploitation=True),
    ]
    result = summary(people, flags(V1="2025-01-01", B1="2025-01-01"))
    q = result["methods"]["screening"]
    assert q["victims"] == 1
    assert q["precision"] == 0.5  # B1's flag is not a CSE victim's ...
    assert q["criminal_exploitation"] == {  # ... and this line says whose it is
        "children": 2,
        "flagged": 1,
        "flagged_at_all": 0.5,
        "flagged_not_cse_theirs": 1,
    }
    assert "criminally exploited" in "\n".join(evaluation.fairness_lines(result))


def test_no_flags_at_all_gives_zeros_not_errors() -> None:
    result = summary([young("V1", victim=True, disclosure="2025-06-01")], flags())
    q = result["methods"]["screening"]
    assert (q["flagged_at_all"], q["flagged"], q["precision"]) == (0.0, 0, 0.0)
    assert q["median_lead_days"] is None


# ------------------------------------------------------------ the hub: safehub evaluate


def _child(of: Agency) -> PersonRecord:
    return f.record(of, date_of_birth="2011-03-07")


def _screened(person: Person, run: ScreeningRun, on: date) -> None:
    Screening.objects.create(
        person=person, run=run, rules_version="test", first_flagged_on=on, score=9.0
    )


def _truth(folder: Path, records: dict[PersonRecord, str], people: list[dict[str, Any]]) -> Path:
    path = folder / "ground_truth.json"
    entries = [
        {"agency": r.agency.code, "record_id": r.record_id, "person": who}
        for r, who in records.items()
    ]
    path.write_text(json.dumps({"records": entries, "people": people}), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_evaluate_reports_the_hubs_stored_flags_against_the_truth(tmp_path: Path) -> None:
    police, school = f.agency("police"), f.agency("school", "education")
    v1_police, v1_school = _child(police), _child(school)  # one girl, two Persons
    v2, v3, n1 = _child(police), _child(police), _child(school)
    f.event(v3, "disclosure", occurred_on=date(2025, 1, 1))  # harm: the reactive baseline's
    f.event(n1, "school_concern", occurred_on=date(2024, 1, 1))
    f.event(v2, "missing_episode", occurred_on=date(2025, 12, 31))
    run = ScreeningRun.objects.create(
        rules_version="test", status=ScreeningRun.Status.DONE, trigger="cli"
    )
    _screened(v1_school.person, run, date(2025, 2, 1))
    _screened(v1_police.person, run, date(2025, 4, 1))
    _screened(v2.person, run, date(2025, 1, 1))
    _screened(n1.person, run, date(2025, 1, 1))
    truth = _truth(
        tmp_path,
        {v1_police: "V1", v1_school: "V1", v2: "V2", v3: "V3", n1: "N1"},
        [
            young("V1", victim=True, disclosure="2025-06-01"),
            young("V2", victim=True, victim_crime_report="2025-03-01", ethnicity="A1"),
            young("V3", victim=True, disclosure="2025-01-01", sex="male"),
            young("N1"),
            young("N2", sex="male", ethnicity="B1"),
        ],
    )

    out = StringIO()
    call_command("evaluate", "--truth", str(truth), "--json", stdout=out)
    section = json.loads(out.getvalue())["screening"]

    assert section["run"]["id"] == run.pk
    assert (section["young_people"], section["victims"], section["victims_known"]) == (5, 3, 3)
    q = section["methods"]["screening"]
    assert q["flagged_at_all"] == pytest.approx(2 / 3, abs=1e-4)
    assert q["flagged_before"] == pytest.approx(2 / 3, abs=1e-4)
    assert q["median_lead_days"] == 89.5  # V1 from 1 Feb (her school Person), V2 59 days
    assert q["precision"] == 0.75  # four flagged Persons, N1's is not a victim's
    months = (date(2025, 12, 31) - date(2024, 1, 1)).days / 30.44
    assert q["per_thousand_month"] == pytest.approx(4 / 5 * 1000 / months, abs=1e-4)
    reactive = section["methods"]["reactive"]
    assert (reactive["flagged_at_all"], reactive["flagged_before"]) == (
        pytest.approx(1 / 3, abs=1e-4),
        0.0,
    )
    assert section["methods"]["screening"]["by_sex"]["male"]["small"] is True
    assert any(w["group"] == "male" for w in section["warnings"])

    printed = StringIO()
    call_command("evaluate", "--truth", str(truth), stdout=printed)
    assert "WARNING screening: sex male" in printed.getvalue()
    assert "any two in 12 months" in printed.getvalue()
