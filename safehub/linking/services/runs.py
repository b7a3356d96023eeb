"""Link runs: the system putting records into Persons.

A link run reads every PersonRecord, trains the model when there is none (or when asked),
scores pairs (all of them, or only new and changed records against the rest), clusters
them with the reviewers' decisions and the current Persons, and writes the new assignment
in ONE transaction. Its stages are checkpointed (the model in the database, the scored
pairs in a parquet file under var/linking/, checkpoints.py), so a run that dies is resumed
by the next one; a death before the commit leaves the old assignment whole
(docs/security.md #27). The background tasks that run it are in tasks.py.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.linking import writes
from safehub.linking.assignment import plan_assignment
from safehub.linking.models import LinkDecision, LinkModelVersion, LinkRun, PersonLink
from safehub.linking.pipeline import facade as pipeline
from safehub.linking.records_frame import HubRecords, hub_records, records_fingerprint
from safehub.linking.services import checkpoints
from safehub.linking.services.run_state import progress_set, run_begin, run_end, run_stage
from safehub.records.models import PersonRecord

Progress = Callable[[str, int, int], None]
SYSTEM = "system:linking"


# ---------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Thresholds:
    """Match weights (log2 Bayes factors): pairs at or above `link_weight` are linked;
    pairs in `review_band` go to a reviewer; pairs below `min_weight` are not kept."""

    link_weight: float
    review_low: float
    review_high: float
    min_weight: float
    min_records: int  # fewer records than this, and no model yet: nothing to train on


# Defaults are the pipeline's thresholds, tuned on synthetic worlds (never on the worlds
# the figures are measured on); a deployment may set SAFEHUB_LINK_WEIGHT,
# SAFEHUB_LINK_REVIEW_BAND (low, high), SAFEHUB_LINK_MIN_WEIGHT and
# SAFEHUB_LINK_MIN_RECORDS in its settings.
LINK_WEIGHT = pipeline.LINK_WEIGHT
REVIEW_BAND = pipeline.REVIEW_BAND
MIN_WEIGHT = pipeline.MIN_WEIGHT  # weaker pairs are not kept: "no evidence"
MIN_RECORDS = 200


def thresholds() -> Thresholds:
    link_weight = float(getattr(settings, "SAFEHUB_LINK_WEIGHT", LINK_WEIGHT))
    low, high = getattr(settings, "SAFEHUB_LINK_REVIEW_BAND", REVIEW_BAND)
    return Thresholds(
        link_weight=link_weight,
        review_low=float(low),
        review_high=float(high),
        min_weight=float(getattr(settings, "SAFEHUB_LINK_MIN_WEIGHT", MIN_WEIGHT)),
        min_records=int(getattr(settings, "SAFEHUB_LINK_MIN_RECORDS", MIN_RECORDS)),
    )


# ---------------------------------------------------------------- the run


def link_run(
    *,
    full: bool,
    retrain: bool = False,
    progress: Progress | None = None,
    actor: User | None = None,
    trigger: str = "cli",
    backend: Any = None,
    min_records: int | None = None,
) -> LinkRun:
    """Link the hub's records into Persons; see the module's docstring.

    `full`: score every pair again (otherwise only new and changed records are scored
    against the rest, and an incremental run with nothing new does nothing). `retrain`:
    train a new model first (a full run). Raises LinkRunBusy when another run is under
    way; any other failure marks the run failed and is raised again.
    """
    kind = LinkRun.Kind.FULL if full or retrain else LinkRun.Kind.INCREMENTAL
    run = run_begin(kind=kind, actor=actor, trigger=trigger)
    job = _LinkJob(
        run,
        retrain=retrain,
        progress=progress,
        backend=backend,
        limits=thresholds(),
        min_records=min_records,
    )
    try:
        job.execute()
    except BaseException as error:
        run.counts, run.timings = job.counts, job.timings
        run_end(
            run,
            LinkRun.Status.FAILED,
            "".join(traceback.format_exception_only(error)).strip()[:2000],
        )
        raise
    return run


def unlinked_records_remain() -> bool:
    """Records no run has linked yet: imported while the last run worked."""
    return PersonRecord.objects.filter(link__isnull=True).exists()


class _LinkJob:
    def __init__(
        self,
        run: LinkRun,
        *,
        retrain: bool,
        progress: Progress | None,
        backend: Any,
        limits: Thresholds,
        min_records: int | None,
    ) -> None:
        self.run, self.retrain, self.backend, self.limits = run, retrain, backend, limits
        self.min_records = limits.min_records if min_records is None else min_records
        self._progress = progress
        self.counts: dict[str, int] = {}
        self.timings: dict[str, float] = {}

    # -- plumbing

    def progress(self, stage: str, done: int, total: int) -> None:
        progress_set(self.run, stage, done, total)
        if self._progress is not None:
            self._progress(stage, done, total)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        run_stage(self.run, name)
        self.progress(name, 0, 0)
        started = time.perf_counter()
        yield
        self.timings[name] = round(time.perf_counter() - started, 3)

    # -- the stages

    def execute(self) -> None:
        run = self.run
        with self.stage("read"):
            hub = hub_records(progress=self.progress)
            run.fingerprint = records_fingerprint()
        self.counts["records"] = len(hub)
        model_row = None if self.retrain else LinkModelVersion.objects.filter(active=True).first()
        if model_row is None and len(hub) < self.min_records:
            self._skip(
                f"Too few records to train a model ({len(hub)} of the "
                f"{self.min_records} needed); every record keeps its own Person."
            )
            return
        fresh = _fresh_records(hub)
        if (
            run.kind == LinkRun.Kind.INCREMENTAL
            and model_row is not None
            and not fresh
            and not _decisions_since_last_run()
        ):
            self._skip("No new or changed records and no new decisions since the last run.")
            return
        decisions = _decisions()
        if model_row is None:
            with self.stage("train"):
                model_row = _model_train(hub.frame, decisions=decisions, backend=self.backend)
        run.model = model_row
        model = pipeline.LinkModel.from_json(model_row.model_json)
        with self.stage("score"):
            pairs = self._pairs(model, hub, fresh)
        self.counts["pairs"] = len(pairs)
        self.counts["fresh_records"] = len(fresh)
        with self.stage("cluster"):
            result = pipeline.cluster(
                hub.frame,
                pairs,
                link_weight=self.limits.link_weight,
                review_band=(self.limits.review_low, self.limits.review_high),
                decisions=decisions,
                previous={pk: str(person) for pk, person in hub.person_of.items()},
                model=model,
            )
        with self.stage("write"):
            self._write(hub, pairs, result, fresh)

    def _skip(self, message: str) -> None:
        self.run.counts, self.run.timings = self.counts, self.timings
        run_end(self.run, LinkRun.Status.SKIPPED, message)

    def _pairs(self, model: pipeline.LinkModel, hub: HubRecords, fresh: set[int]) -> pd.DataFrame:
        """Scored pairs: resumed from a checkpoint, or scored (all, or fresh records
        against the rest on top of the last run's pairs), then checkpointed."""
        run = self.run
        resumed = checkpoints.resumable(run)
        if resumed is not None:
            run.resumed_from = resumed
            pairs = checkpoints.pairs_read(resumed.pairs_file)
            run.pairs_file = resumed.pairs_file
            run.save(update_fields=["resumed_from", "pairs_file", "fingerprint", "model"])
            return pairs
        base = None if run.kind == LinkRun.Kind.FULL else checkpoints.last_pairs(run.model)
        if base is None:
            pairs = pipeline.score(
                model, hub.frame, min_weight=self.limits.min_weight, backend=self.backend
            )
        elif not fresh:
            pairs = base  # only decisions changed: the scores stand
        else:
            is_fresh = hub.frame["unique_id"].isin(sorted(fresh))
            kept = base[
                ~(base["left_id"].isin(sorted(fresh)) | base["right_id"].isin(sorted(fresh)))
            ]
            new = pipeline.score_new(
                model,
                hub.frame[~is_fresh],
                hub.frame[is_fresh],
                min_weight=self.limits.min_weight,
                backend=self.backend,
            )
            pairs = pd.concat([kept, new[list(kept.columns)]], ignore_index=True)
        run.pairs_file = checkpoints.pairs_write(run, pairs)
        run.save(update_fields=["pairs_file", "fingerprint", "model"])
        return pairs

    def _write(
        self, hub: HubRecords, pairs: pd.DataFrame, result: pipeline.ClusterResult, fresh: set[int]
    ) -> None:
        plan = plan_assignment(hub.person_of, result.assignment)
        decisions = _latest_decisions()
        started = time.perf_counter()
        with transaction.atomic():
            writes.persons_create(plan)
            writes.records_move(plan, progress=self.progress)
            writes.access_rows_follow(plan)
            writes.persons_delete_empty(plan)
            writes.links_replace(
                self.run, hub, pairs, plan, decisions, link_weight=self.limits.link_weight
            )
            review = writes.review_pairs_replace(
                self.run, result.review, decisions, review_high=self.limits.review_high
            )
            writes.record_keys_refresh(
                hub, fresh if self.run.kind == LinkRun.Kind.INCREMENTAL else None
            )
            self.counts.update(
                {
                    "persons_created": len(plan.new_persons),
                    "records_moved": plan.records_moved,
                    "persons_removed": len(plan.emptied),
                    "review_pairs": review,
                    "clusters": len(set(plan.target.values())),
                    "split_clusters": int(getattr(result, "split_clusters", 0)),
                }
            )
            self.timings["write"] = round(time.perf_counter() - started, 3)
            self.run.counts, self.run.timings = self.counts, self.timings
            run_end(self.run, LinkRun.Status.DONE, _summary(self.counts))
            audit.record(
                actor=None,
                username=_operator(self.run),
                verb=Verb.LINK_RUN_APPLIED,
                target_type="link_run",
                target_id=str(self.run.pk),
                detail={
                    "kind": self.run.kind,
                    "trigger": self.run.trigger,
                    "model": self.run.model.version if self.run.model else "",
                    **self.counts,
                },
            )
            # Old checkpoints go only once the new assignment is committed.
            transaction.on_commit(lambda: checkpoints.pairs_keep_only(self.run))


def _operator(run: LinkRun) -> str:
    if run.trigger == "cli":
        return audit.operator_name() or SYSTEM
    return SYSTEM


def _summary(counts: dict[str, int]) -> str:
    return (
        f"Linked {counts.get('records', 0):,} records into "
        f"{counts.get('clusters', 0):,} people; {counts.get('records_moved', 0):,} "
        f"records moved, {counts.get('review_pairs', 0):,} pairs to review."
    )


# ---------------------------------------------------------------- the model


def _model_train(
    frame: pd.DataFrame, *, decisions: Sequence[pipeline.Decision], backend: Any
) -> LinkModelVersion:
    """Train, and keep the model as the active version (a checkpoint: a run that dies
    after this does not train again)."""
    model = pipeline.train(frame, seed=1, backend=backend, labels=decisions)
    with transaction.atomic():
        LinkModelVersion.objects.filter(active=True).update(active=False)
        return LinkModelVersion.objects.create(
            version=_unique_version(model.version),
            model_json=model.to_json(),
            summary=model.summary,
            trained_on_records=len(frame),
            trained_on_labels=sum(1 for d in decisions if d.verdict != "unsure"),
            active=True,
        )


def _unique_version(version: str) -> str:
    if not LinkModelVersion.objects.filter(version=version).exists():
        return version
    return f"{version}-{timezone.now():%Y%m%d%H%M%S%f}"


# ---------------------------------------------------------------- what is new


def _fresh_records(hub: HubRecords) -> set[int]:
    """Records never linked, or changed since they were linked."""
    linked = dict(PersonLink.objects.values_list("record_id", "record_version"))
    return {pk for pk, version in hub.version_of.items() if linked.get(pk) != version}


def _decisions_since_last_run() -> bool:
    last = LinkRun.objects.filter(status=LinkRun.Status.DONE).order_by("-pk").first()
    if last is None:
        return True
    return LinkDecision.objects.filter(decided_at__gt=last.started_at).exists()


def _latest_decisions() -> dict[tuple[int, int], str]:
    """The verdict that counts for each decided pair: the latest."""
    latest = LinkDecision.objects.values("left_id", "right_id").annotate(last=Max("pk"))
    ids = [row["last"] for row in latest]
    return {
        (left, right): verdict
        for left, right, verdict in LinkDecision.objects.filter(pk__in=ids).values_list(
            "left_id", "right_id", "verdict"
        )
    }


def _decisions() -> list[pipeline.Decision]:
    return [
        pipeline.Decision(left, right, verdict)  # type: ignore[arg-type]
        for (left, right), verdict in sorted(_latest_decisions().items())
    ]
