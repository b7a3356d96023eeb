"""Scores as of any date, for every young person at once, in DuckDB.

A fact counts for a rule on a day when it happened on or before that day, inside the
rule's window, and the person was under 18 when it happened. Risk on a day is each risk
rule's weight times its matching facts in the window (at most its cap); vulnerabilities
add up the same way but raise the score by at most the risk itself, so they never flag
on their own; a harm fact flags on its day. A score only rises on a day a fact happens,
so the days to score are the days of the person's own matching facts: the first of them
that reaches `REVIEW_AT` (or holds harm) is the day they would first have been flagged.
Nothing here loops over people in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from safehub.screening.core import links
from safehub.screening.core.facts import (
    EVENT_THING_COLUMNS,
    FACT_COLUMNS,
    PERSON_COLUMNS,
    PERSON_THING_COLUMNS,
    checked,
)
from safehub.screening.core.rule import PEER_OF_VICTIM, Rule
from safehub.screening.core.rules import RULES

# Points that send a young person to the hub's review: two significant indicators in a
# year (a night missing found at a hotel and a car), or a run of moderate ones.
REVIEW_AT = 8.0
ADULT = 18.0
MATCH_COLUMNS = ("rule", "kind", "person", "event", "occurred_on")
FLAG_COLUMNS = ("person", "first_flagged_on", "score", "harm", "rules")


def connect(
    facts: pd.DataFrame,
    persons: pd.DataFrame,
    event_things: pd.DataFrame | None = None,
    person_things: pd.DataFrame | None = None,
) -> duckdb.DuckDBPyConnection:
    """A session holding `facts` with each person's age on the day (children only), and
    the things (phones, vehicles, accounts, places) events and people are linked to."""
    con = duckdb.connect()
    con.register("facts_in", checked(facts, FACT_COLUMNS, "facts"))
    con.register("persons_in", checked(persons, PERSON_COLUMNS, "persons"))
    con.register("event_things", _things(event_things, EVENT_THING_COLUMNS, "event things"))
    con.register("person_things", _things(person_things, PERSON_THING_COLUMNS, "person things"))
    bad = con.execute(
        "SELECT event, occurred_on FROM facts_in "
        "WHERE TRY_CAST(occurred_on AS DATE) IS NULL "
        "OR (ended_on IS NOT NULL AND TRY_CAST(ended_on AS DATE) IS NULL) LIMIT 1"
    ).fetchone()
    if bad is not None:
        raise ValueError(f"fact {bad[0]}: a date that is not one ({bad[1]!r} or its end)")
    # Dates as DATE whatever the frame held (date objects or ISO text), age once.
    con.execute(
        """
        CREATE TABLE facts AS
        SELECT * FROM (
            SELECT f.* REPLACE (CAST(f.occurred_on AS DATE) AS occurred_on,
                                CAST(f.ended_on AS DATE) AS ended_on),
                   date_diff('day', CAST(p.date_of_birth AS DATE),
                             CAST(f.occurred_on AS DATE)) / 365.25 AS age
            FROM facts_in f JOIN persons_in p USING (person)
            WHERE p.date_of_birth IS NOT NULL
        ) WHERE age < ?
        """,
        [ADULT],
    )
    return con


def _things(frame: pd.DataFrame | None, columns: tuple[str, ...], name: str) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    return checked(frame, columns, name).astype(str)


def _select(rule: type[Rule]) -> str:
    head = (
        f"SELECT DISTINCT '{rule.code}' AS rule, '{rule.kind}' AS kind, "
        f"{float(rule.weight)} AS weight, {int(rule.window_days)} AS window_days, "
        f"{int(rule.cap)} AS cap, f.person, f.event, f.occurred_on"
    )
    return f"{head} FROM facts f WHERE {rule.condition()}"


def match(con: duckdb.DuckDBPyConnection, rules: Sequence[type[Rule]] = RULES) -> None:
    """Table `matches`: one row per rule per person per event it fires on. Links to
    suspects are derived first; links to harmed peers need the harm matches, so they
    are derived and matched after the rest."""
    # The SQL is the rules' own class constants, never user input.
    links.add_suspect_links(con)
    later = [r for r in rules if PEER_OF_VICTIM in r.event_types]
    first = [r for r in rules if r not in later]
    con.execute("CREATE OR REPLACE TABLE matches AS " + " UNION ALL ".join(map(_select, first)))
    if later:
        links.add_peer_links(con)
        con.execute("INSERT INTO matches " + " UNION ALL ".join(map(_select, later)))


_EVERY_DAY = (
    "CREATE OR REPLACE TEMP TABLE days AS SELECT DISTINCT person, occurred_on AS day FROM matches"
)
_COUNTED = """
    SELECT d.person, d.day, m.rule, any_value(m.kind) AS kind,
           any_value(m.weight) * least(count(*), any_value(m.cap)) AS points
    FROM days d JOIN matches m
      ON m.person = d.person AND m.occurred_on <= d.day
     AND m.occurred_on > d.day - m.window_days
    GROUP BY d.person, d.day, m.rule
"""
_SCORED = f"""
    SELECT person, day,
           coalesce(sum(points) FILTER (WHERE kind = 'risk'), 0) AS risk,
           coalesce(sum(points) FILTER (WHERE kind = 'vulnerability'), 0) AS vulnerability,
           bool_or(kind = 'harm') AS harm,
           list(rule ORDER BY rule) AS rules
    FROM ({_COUNTED}) GROUP BY person, day
"""  # noqa: S608 (module constants)
_WITH_SCORE = f"SELECT *, risk + least(vulnerability, risk) AS score FROM ({_SCORED})"  # noqa: S608


def scores(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every person's score on each day one of their facts matched: person, day, risk,
    vulnerability, score, harm, rules (the rules counting that day)."""
    con.execute(_EVERY_DAY)
    return con.execute(_WITH_SCORE + " ORDER BY person, day").df()


def scores_on(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """Every person's score as of `day`, from facts on or before it only."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE days AS "
        "SELECT DISTINCT person, CAST(? AS DATE) AS day FROM matches WHERE occurred_on <= ?",
        [day, day],
    )
    return con.execute(_WITH_SCORE + " ORDER BY person").df()


def first_flags(con: duckdb.DuckDBPyConnection, review_at: float = REVIEW_AT) -> pd.DataFrame:
    """Each person who would ever have been flagged: the first day (harm, or a score of at
    least `review_at`), the score then and the rules behind it."""
    con.execute(_EVERY_DAY)
    flagged = con.execute(
        f"""
        SELECT person, min(day) AS first_flagged_on,
               arg_min(risk + least(vulnerability, risk), day) AS score,
               arg_min(harm, day) AS harm, arg_min(rules, day) AS rules
        FROM ({_SCORED})
        WHERE harm OR risk + least(vulnerability, risk) >= ?
        GROUP BY person ORDER BY person
        """,  # noqa: S608 (module constants)
        [review_at],
    ).df()[list(FLAG_COLUMNS)]
    flagged["first_flagged_on"] = flagged["first_flagged_on"].dt.date
    return flagged


EVIDENCE_COLUMNS = ("person", "rule", "kind", "event", "occurred_on")


def evidence(con: duckdb.DuckDBPyConnection, flags: pd.DataFrame) -> pd.DataFrame:
    """The facts that counted on each person's first-flag day: person, rule, kind,
    event, occurred_on (a rule's facts beyond its cap included: all are shown)."""
    con.register("flags_in", flags[["person", "first_flagged_on"]])
    return con.execute(
        """
        SELECT m.person, m.rule, m.kind, m.event, m.occurred_on
        FROM matches m JOIN flags_in f ON m.person = f.person
         AND m.occurred_on <= CAST(f.first_flagged_on AS DATE)
         AND m.occurred_on > CAST(f.first_flagged_on AS DATE) - m.window_days
        ORDER BY m.person, m.occurred_on, m.rule, m.event
        """
    ).df()[list(EVIDENCE_COLUMNS)]


LATEST_COLUMNS = ("person", "latest_on", "latest_score", "latest_rules")
_LATEST = f"SELECT person, day AS latest_on, score AS latest_score, rules AS latest_rules FROM ({_WITH_SCORE}) ORDER BY person"  # noqa: S608, E501 (module constants)


def latest(con: duckdb.DuckDBPyConnection, people: pd.DataFrame) -> pd.DataFrame:
    """Each of `people`'s score on the newest day one of their facts matched (what the
    triage queue orders by: a historic flag keeps the score its evidence gave)."""
    con.register("latest_in", people[["person"]])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE days AS SELECT m.person, max(m.occurred_on) AS day "
        "FROM matches m JOIN latest_in USING (person) GROUP BY m.person"
    )
    frame = con.execute(_LATEST).df()[list(LATEST_COLUMNS)]
    frame["latest_on"] = frame["latest_on"].dt.date
    return frame


def matched(con: duckdb.DuckDBPyConnection, people: pd.DataFrame) -> pd.DataFrame:
    """Every match of `people`, any day: person, rule, kind, event, occurred_on."""
    con.register("matched_in", people[["person"]])
    return con.execute(
        "SELECT m.person, m.rule, m.kind, m.event, m.occurred_on FROM matches m "
        "JOIN matched_in USING (person) ORDER BY m.person, m.occurred_on, m.rule, m.event"
    ).df()[list(EVIDENCE_COLUMNS)]


@dataclass(frozen=True)
class Screened:
    """One session's results for the hub: first flags, the evidence then, the newest
    score and every match of the flagged."""

    flags: pd.DataFrame
    evidence: pd.DataFrame
    latest: pd.DataFrame
    matched: pd.DataFrame


def screen_hub(
    facts: pd.DataFrame,
    persons: pd.DataFrame,
    event_things: pd.DataFrame | None = None,
    person_things: pd.DataFrame | None = None,
) -> Screened:
    """Everything a screening run keeps, in one session."""
    con = connect(facts, persons, event_things, person_things)
    try:
        match(con)
        flags = first_flags(con)
        return Screened(flags, evidence(con, flags), latest(con, flags), matched(con, flags))
    finally:
        con.close()


def screen(
    facts: pd.DataFrame,
    persons: pd.DataFrame,
    review_at: float = REVIEW_AT,
    event_things: pd.DataFrame | None = None,
    person_things: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`first_flags` of everyone in `facts`, in one session."""
    return screen_with_evidence(facts, persons, review_at, event_things, person_things)[0]


def screen_with_evidence(
    facts: pd.DataFrame,
    persons: pd.DataFrame,
    review_at: float = REVIEW_AT,
    event_things: pd.DataFrame | None = None,
    person_things: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(`first_flags`, their `evidence`) of everyone in `facts`, in one session."""
    con = connect(facts, persons, event_things, person_things)
    try:
        match(con)
        flags = first_flags(con, review_at)
        return flags, evidence(con, flags)
    finally:
        con.close()
