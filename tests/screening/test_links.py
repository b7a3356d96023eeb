"""Facts from links between people: a girl seen with a suspect of exploitation (at the
same event, or through his car, phone or haunt), and a girl seen with another already
known to have been harmed — each counted from the day both halves were known."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from safehub.screening.core import scoring
from safehub.screening.core.facts import EVENT_THING_COLUMNS, PERSON_THING_COLUMNS
from tests.screening.factories import fact, facts, persons

ADULT = date(1985, 1, 1)
MARCH, JUNE = date(2025, 3, 1), date(2025, 6, 10)


def arrest(person: str = "S1", on: date = JUNE, summary: str = "") -> dict[str, Any]:
    return fact(
        person=person,
        event_type="arrest",
        role="suspect",
        occurred_on=on,
        summary=summary or "Arrested on suspicion of sexual offences against children",
    )


def stop(*people: tuple[str, str], on: date = MARCH, event: str = "STOP") -> list[dict[str, Any]]:
    return [
        fact(person=p, event=event, event_type="police_incident", role=role, occurred_on=on)
        for p, role in people
    ]


def links(
    rows: list[dict[str, Any]],
    event_things: list[tuple[str, str]] = (),  # type: ignore[assignment]
    person_things: list[tuple[str, str]] = (),  # type: ignore[assignment]
    **born: date,
) -> dict[tuple[str, str], date]:
    """(rule, person) → the day each link rule's fact counts."""
    con = scoring.connect(
        facts(*rows),
        persons(S1=ADULT, S2=ADULT, **born),
        pd.DataFrame(list(event_things), columns=list(EVENT_THING_COLUMNS)),
        pd.DataFrame(list(person_things), columns=list(PERSON_THING_COLUMNS)),
    )
    scoring.match(con)
    found = con.execute(
        "SELECT rule, person, occurred_on FROM matches "
        "WHERE rule IN ('linked-to-suspect', 'peer-of-victim')"
    ).fetchall()
    return {(rule, person): day for rule, person, day in found}


def test_a_girl_in_his_car_is_linked_from_the_day_he_is_a_suspect() -> None:
    found = links([*stop(("P1", "passenger"), ("S1", "driver")), arrest()])
    assert found == {("linked-to-suspect", "P1"): JUNE}


def test_a_man_arrested_for_burglary_makes_no_link() -> None:
    rows = [*stop(("P1", "passenger"), ("S1", "driver")), arrest(summary="Burglary of a shop")]
    assert links(rows) == {}


def test_his_car_seen_with_her_links_her_though_he_is_not_named() -> None:
    rows = [*stop(("P1", "passenger"), ("P2", "witness")), arrest()]
    found = links(
        rows,
        event_things=[("STOP", "vehicle:AB12CDE")],
        person_things=[("S1", "vehicle:AB12CDE")],
        P2=date(2011, 1, 1),
    )
    assert found == {("linked-to-suspect", "P1"): JUNE}  # a witness is not linked


def test_a_car_of_nobody_suspected_links_no_one() -> None:
    rows = [*stop(("P1", "passenger")), arrest()]
    found = links(
        rows,
        event_things=[("STOP", "vehicle:AB12CDE")],
        person_things=[("S2", "vehicle:AB12CDE")],
    )
    assert found == {}


def test_a_suspect_known_before_links_her_on_the_day_she_is_seen() -> None:
    rows = [arrest(on=date(2024, 1, 5)), *stop(("P1", "subject"), ("S1", "suspect"))]
    assert links(rows) == {("linked-to-suspect", "P1"): MARCH}


def test_a_girl_missing_with_a_harmed_girl_counts_from_the_harm() -> None:
    together = [
        fact(person=p, event="RUN", role="missing_person", occurred_on=MARCH) for p in ("P1", "P2")
    ]
    told = fact(person="P2", event_type="disclosure", role="subject", occurred_on=JUNE)
    found = links([*together, told], P2=date(2011, 5, 5))
    assert found == {("peer-of-victim", "P1"): JUNE}


def test_a_reporter_is_no_peer() -> None:
    rows = [
        fact(person="P1", event="RUN", role="reporter", occurred_on=MARCH),
        fact(person="P2", event="RUN", role="missing_person", occurred_on=MARCH),
        fact(person="P2", event_type="disclosure", role="subject", occurred_on=JUNE),
    ]
    assert links(rows, P2=date(2011, 5, 5)) == {}
