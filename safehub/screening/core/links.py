"""Facts that come from links, not from one event alone: a child seen with a suspect of
child sexual exploitation — at the same event, or through the suspect's phone, vehicle,
account or haunt — and a child seen with another child already known to have been
harmed (peer recruitment).

Each link becomes a fact of its own type on the child's side of the event that made it
(`linked_to_suspect`, `peer_of_victim`), dated when both halves were known: the later
of the event and the day the other person was first recorded as a suspect (or
harmed). So the scores stay time-respecting: a girl in a car in March is not linked to
its driver's arrest in June until June. The evidence is the event the child was in.
"""

from __future__ import annotations

import duckdb

from safehub.screening.core.rule import ABOUT_THEM, LINKED_TO_SUSPECT, PEER_OF_VICTIM

# A child's part in an event that ties them to whoever else it names.
IN_IT = (*ABOUT_THEM, "passenger", "associate")
# What makes someone a suspect of child sexual exploitation in the hub's records.
SUSPECT_EVENTS = ("crime", "intelligence_report", "arrest", "charge", "conviction")
SUSPECT_WORDS = (
    "sexual",
    "exploit",
    "groom",
    "indecent",
    "rape",
    "cse",
    "with a child",
    "girls",
    "underage",
    "under age",
)


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


_WORDS = " OR ".join(f"contains(lower(summary), '{w}')" for w in SUSPECT_WORDS)
_SUSPECTS = f"""
    CREATE OR REPLACE TEMP TABLE suspects AS
    SELECT person, min(CAST(occurred_on AS DATE)) AS since FROM facts_in
    WHERE role = 'suspect' AND event_type IN ({_listed(SUSPECT_EVENTS)}) AND ({_WORDS})
    GROUP BY person
"""  # noqa: S608 (module constants)
# The day each thing (phone, vehicle, account, place) was first tied to a suspect: one
# they own or use, or one seen in an event naming them as suspect.
_SUSPECT_THINGS = """
    CREATE OR REPLACE TEMP TABLE suspect_things AS
    SELECT key, min(since) AS since FROM (
        SELECT t.key, s.since FROM person_things t JOIN suspects s USING (person)
        UNION ALL
        SELECT t.key, greatest(CAST(f.occurred_on AS DATE), s.since)
        FROM event_things t JOIN facts_in f ON f.event = t.event AND f.role = 'suspect'
        JOIN suspects s ON s.person = f.person
    ) WHERE key <> '' GROUP BY key
"""
_CHILD_IN = f"c.role IN ({_listed(IN_IT)})"


def _derived(kind: str, ties: str) -> str:
    """Rows for `facts` of `kind`: one per child per event, on the day the tie held."""
    return f"""
        INSERT INTO facts
        SELECT person, event, any_value(agency), '{kind}', 'subject', min(day), NULL,
               NULL, '', any_value(age)
        FROM ({ties}) GROUP BY person, event
    """  # noqa: S608 (module constants)


_WITH_SUSPECT = f"""
    SELECT c.person, c.event, c.agency, c.age, greatest(c.occurred_on, s.since) AS day
    FROM facts c JOIN facts_in o ON o.event = c.event AND o.person <> c.person
    JOIN suspects s ON s.person = o.person
    WHERE {_CHILD_IN} AND c.event_type NOT IN ('{LINKED_TO_SUSPECT}', '{PEER_OF_VICTIM}')
    UNION ALL
    SELECT c.person, c.event, c.agency, c.age, greatest(c.occurred_on, k.since)
    FROM facts c JOIN event_things t ON t.event = c.event
    JOIN suspect_things k ON k.key = t.key
    WHERE {_CHILD_IN} AND c.event_type NOT IN ('{LINKED_TO_SUSPECT}', '{PEER_OF_VICTIM}')
"""  # noqa: S608 (module constants)
_WITH_VICTIM = f"""
    SELECT c.person, c.event, c.agency, c.age, greatest(c.occurred_on, h.since) AS day
    FROM facts c JOIN facts o ON o.event = c.event AND o.person <> c.person
    JOIN (SELECT person, min(occurred_on) AS since FROM matches WHERE kind = 'harm'
          GROUP BY person) h ON h.person = o.person
    WHERE {_CHILD_IN} AND o.role IN ({_listed(IN_IT)})
      AND c.event_type NOT IN ('{LINKED_TO_SUSPECT}', '{PEER_OF_VICTIM}')
"""  # noqa: S608 (module constants)


def add_suspect_links(con: duckdb.DuckDBPyConnection) -> None:
    """Add `linked_to_suspect` facts (needs `facts`, `facts_in`, `event_things`,
    `person_things`); derived facts from an earlier call are replaced, not doubled."""
    con.execute(
        f"DELETE FROM facts WHERE event_type IN ('{LINKED_TO_SUSPECT}', '{PEER_OF_VICTIM}')"  # noqa: S608
    )
    con.execute(_SUSPECTS)
    con.execute(_SUSPECT_THINGS)
    con.execute(_derived(LINKED_TO_SUSPECT, _WITH_SUSPECT))


def add_peer_links(con: duckdb.DuckDBPyConnection) -> None:
    """Add `peer_of_victim` facts (needs `matches` of the harm rules)."""
    con.execute(_derived(PEER_OF_VICTIM, _WITH_VICTIM))
