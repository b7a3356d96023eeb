"""A screening run: every young person's facts through the rules, first flags kept.

The run reads the hub's facts (hub_facts.py), scores them set-based (core/scoring.py)
and replaces every Person's Screening in one transaction with its audit row, so a crash
leaves the last run's screenings whole and a re-run duplicates nothing.
"""

from __future__ import annotations

import pandas as pd

from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records import runs
from safehub.records.runs import Progress
from safehub.screening import flags, hub_facts
from safehub.screening.core import rules, scoring
from safehub.screening.models import Screening, ScreeningRun

SYSTEM = "system:screening"
STAGES = ("read", "score", "write")


def screen_run(
    *, trigger: str, actor: User | None = None, progress: Progress | None = None
) -> ScreeningRun:
    """Screen everyone now; returns the finished (or failed) run."""
    run = ScreeningRun.objects.create(
        rules_version=rules.VERSION, trigger=trigger, requested_by=actor
    )
    stages = runs.Stages(STAGES, progress)
    try:
        with stages.stage("read"):
            facts, persons = hub_facts.facts(), hub_facts.persons()
            things = hub_facts.event_things(), hub_facts.person_things()
        with stages.stage("score"):
            screened = scoring.screen_hub(facts, persons, *things)
        with stages.stage("write"):
            flagged = screened.flags
            counts = {"facts": len(facts), "persons": len(persons), "flagged": len(flagged)}
            counts["harm"] = int(flagged["harm"].sum())
            _write(run, screened, counts, trigger)
        stages.finished()
    except Exception as error:
        runs.failed(run, error, stages.timings)
        raise
    runs.keep_timings(run, stages.timings)
    return run


def _by_person(frame: pd.DataFrame) -> dict[str, list[dict[str, object]]]:
    by_person: dict[str, list[dict[str, object]]] = {}
    for row in frame.itertuples(index=False):
        by_person.setdefault(row.person, []).append(
            {
                "rule": row.rule,
                "kind": row.kind,
                "event": int(row.event),
                "occurred_on": pd.Timestamp(row.occurred_on).date().isoformat(),
            }
        )
    return by_person


def _write(
    run: ScreeningRun, screened: scoring.Screened, counts: dict[str, int], trigger: str
) -> None:
    evidence, matched = _by_person(screened.evidence), _by_person(screened.matched)
    latest = screened.latest.set_index("person")
    screenings = [
        Screening(
            person_id=row.person,
            run=run,
            rules_version=run.rules_version,
            first_flagged_on=row.first_flagged_on,
            score=float(row.score),
            harm=bool(row.harm),
            rules=list(row.rules),
            evidence=evidence.get(row.person, []),
            latest_on=latest.at[row.person, "latest_on"],
            latest_score=float(latest.at[row.person, "latest_score"]),
            latest_rules=list(latest.at[row.person, "latest_rules"]),
            matched=matched.get(row.person, []),
        )
        for row in screened.flags.itertuples(index=False)
    ]

    def replace() -> None:
        Screening.objects.all().delete()
        Screening.objects.bulk_create(screenings, batch_size=1_000)
        counts.update(flags.follow(screenings))

    def audited() -> None:
        audit.record(
            actor=None,
            username=audit.operator_name() if trigger == "cli" else SYSTEM,
            verb=Verb.SCREENING_RUN,
            target_type="screening_run",
            target_id=str(run.pk),
            detail={"rules_version": run.rules_version, "trigger": trigger, **counts},
        )

    runs.finish(
        run,
        counts=counts,
        message=f"{counts['flagged']:,} young people flagged ({counts['harm']:,} for harm)",
        superseded="A later run finished first; its screenings stand.",
        replace=replace,
        audited=audited,
    )
