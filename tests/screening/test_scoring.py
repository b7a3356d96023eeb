"""Scores as of a date: only earlier facts, only while a child, harm at once,
vulnerabilities never alone, windows and caps."""

from __future__ import annotations

from datetime import date

import pytest

from safehub.screening.core import baselines, scoring
from tests.screening.factories import fact, facts, persons

CAR = "Missing; seen getting into a car"
HOTEL = "Missing from placement; found at a hotel"


def flags(*rows: dict[str, object], review_at: float = scoring.REVIEW_AT) -> dict[str, date]:
    result = scoring.screen(facts(*rows), persons(P2=date(2011, 1, 1)), review_at=review_at)
    return dict(zip(result["person"], result["first_flagged_on"], strict=True))


def night(day: date, summary: str) -> dict[str, object]:
    return fact(occurred_on=day, ended_on=date.fromordinal(day.toordinal() + 1), summary=summary)


def test_signs_that_add_up_flag_on_the_day_the_last_one_happened() -> None:
    first, second = date(2025, 3, 1), date(2025, 5, 10)
    assert flags(night(first, CAR)) == {}
    assert flags(night(first, CAR), night(second, HOTEL)) == {"P1": second}


def test_the_score_as_of_a_date_uses_nothing_dated_later() -> None:
    con = scoring.connect(
        facts(night(date(2025, 3, 1), CAR), night(date(2025, 5, 10), HOTEL)), persons()
    )
    scoring.match(con)
    before = scoring.scores_on(con, date(2025, 4, 1)).set_index("person")
    after = scoring.scores_on(con, date(2025, 6, 1)).set_index("person")
    assert before.loc["P1", "score"] < after.loc["P1", "score"]
    assert set(before.loc["P1", "rules"]) == {
        "missing-episodes",
        "missing-overnight",
        "vehicles-unknown-adults",
    }


def test_harm_flags_at_once() -> None:
    disclosure = fact(event_type="disclosure", role="subject", occurred_on=date(2024, 2, 2))
    assert flags(disclosure) == {"P1": date(2024, 2, 2)}


def test_vulnerabilities_alone_never_flag_however_many() -> None:
    moves = [
        fact(event_type="placement_move", role="subject", occurred_on=date(2025, m, 1))
        for m in range(1, 9)
    ]
    care = fact(event_type="looked_after", role="subject", occurred_on=date(2025, 1, 1))
    assert flags(care, *moves, review_at=0.1) == {}
    # With one risk sign they double it at most.
    missing = fact(occurred_on=date(2025, 9, 1))
    con = scoring.connect(facts(care, *moves, missing), persons())
    scoring.match(con)
    score = scoring.scores_on(con, date(2025, 9, 1)).set_index("person").loc["P1"]
    assert score["score"] == pytest.approx(2 * score["risk"])


def test_old_facts_leave_the_window_and_a_cap_stops_one_rule_running_away() -> None:
    old = [fact(occurred_on=date(2024, 1, d)) for d in range(1, 8)]
    con = scoring.connect(facts(*old), persons())
    scoring.match(con)
    then = scoring.scores_on(con, date(2024, 1, 31)).set_index("person").loc["P1"]
    assert then["risk"] == pytest.approx(1.5 * 4)  # seven episodes, four counted
    # A year on, every episode has left its window: nothing counts for her.
    assert "P1" not in set(scoring.scores_on(con, date(2024, 12, 31))["person"])


def test_facts_from_after_eighteen_are_not_screened() -> None:
    adult = [night(date(2030, m, 1), CAR) for m in range(1, 5)]
    assert flags(*adult) == {}
    unknown_age = [night(date(2025, m, 1), CAR) | {"person": "P9"} for m in range(1, 5)]
    assert flags(*unknown_age) == {}


def test_two_children_are_scored_apart() -> None:
    hers = [night(date(2025, 3, 1), CAR), night(date(2025, 5, 10), HOTEL)]
    his = [night(date(2025, 3, 1), CAR) | {"person": "P2"}]
    assert flags(*hers, *his) == {"P1": date(2025, 5, 10)}


def test_dates_given_as_text_count_as_dates() -> None:
    as_text = [
        night(date(2025, 3, 1), CAR) | {"occurred_on": "2025-03-01", "ended_on": "2025-03-02"},
        night(date(2025, 5, 10), HOTEL) | {"occurred_on": "2025-05-10", "ended_on": "2025-05-11"},
    ]
    assert flags(*as_text) == {"P1": date(2025, 5, 10)}


def test_a_date_that_is_not_one_is_named_with_its_event() -> None:
    broken = fact(event="police:OCC9", occurred_on="31/02/2025")
    with pytest.raises(ValueError, match="fact police:OCC9: a date that is not one"):
        scoring.screen(facts(broken), persons())


def test_a_missing_column_is_named() -> None:
    broken = facts(fact()).drop(columns=["role"])
    with pytest.raises(ValueError, match="facts lacks the column"):
        scoring.screen(broken, persons())


def test_the_baselines_flag_at_harm_and_at_any_two_indicators() -> None:
    absence = fact(event_type="school_absence", role="subject", occurred_on=date(2024, 1, 10))
    care = fact(event_type="looked_after", role="subject", occurred_on=date(2024, 6, 1))
    told = fact(event_type="disclosure", role="subject", occurred_on=date(2025, 2, 1))
    con = scoring.connect(facts(absence, care, told), persons())
    scoring.match(con)
    assert dict(baselines.reactive(con).values.tolist()) == {"P1": date(2025, 2, 1)}
    # Absence and being looked after: two indicators in a year, on the checklist.
    assert dict(baselines.checklist(con).values.tolist()) == {"P1": date(2024, 6, 1)}
