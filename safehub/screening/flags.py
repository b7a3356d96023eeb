"""Flags follow screenings: a young person who first reaches review gets a flag for the
hub's triage; a flag that people closed re-opens only when screening matches evidence
that was not there when they decided, and says what is new.

Called inside the screening run's transaction, after the run's screenings are written,
so a run either updates every flag or none.
"""

from __future__ import annotations

from collections.abc import Iterable

from safehub.screening.models import Flag, Screening

CLOSED = frozenset(
    {Flag.Status.NFA, Flag.Status.MONITOR, Flag.Status.REFERRED, Flag.Status.OPEN_TO_CST}
)
FIELDS = ["status", "harm", "score", "rules", "new_evidence"]


def new_since(screening: Screening, seen: Iterable[int]) -> list[dict[str, object]]:
    """The screening's matches whose event was not among `seen`, as {rule, event, occurred_on}."""
    known = set(seen)
    return [
        {"rule": m["rule"], "event": m["event"], "occurred_on": m["occurred_on"]}
        for m in screening.matched
        if m["event"] not in known
    ]


def follow(screenings: list[Screening]) -> dict[str, int]:
    """Raise a flag for each newly flagged person, refresh the rest, re-open closed flags
    with new evidence; returns how many were raised and re-opened."""
    # Keyed by text: the run's person ids come from DuckDB as text, the database's as UUIDs.
    flags = {
        str(flag.person_id): flag
        for flag in Flag.objects.filter(person_id__in=[s.person_id for s in screenings])
    }
    raised: list[Flag] = []
    changed: list[Flag] = []
    reopened = 0
    for screening in screenings:
        flag = flags.get(str(screening.person_id))
        if flag is None:
            raised.append(
                Flag(
                    person_id=screening.person_id,
                    raised_on=screening.first_flagged_on,
                    harm=screening.harm,
                    score=screening.latest_score,
                    rules=screening.latest_rules,
                )
            )
            continue
        flag.harm, flag.score, flag.rules = (
            screening.harm,
            screening.latest_score,
            screening.latest_rules,
        )
        if flag.status in CLOSED or flag.status == Flag.Status.ESCALATED:
            new = new_since(screening, flag.seen)
            if new and flag.status in CLOSED:
                flag.status = Flag.Status.ESCALATED
                reopened += 1
            flag.new_evidence = new if flag.status == Flag.Status.ESCALATED else []
        changed.append(flag)
    Flag.objects.bulk_create(raised, batch_size=1_000)
    Flag.objects.bulk_update(changed, FIELDS, batch_size=1_000)
    return {"raised": len(raised), "reopened": reopened}
