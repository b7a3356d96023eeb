"""Changes made by linking: link runs (the system putting records into Persons) and
reviewers' decisions on pairs.

A link run reads every PersonRecord, trains the model when there is none (or when asked),
scores pairs (all of them, or only new and changed records against the rest), clusters
them with the reviewers' decisions and the current Persons, and writes the new assignment
in ONE transaction. Its stages are checkpointed (the model in the database, the scored
pairs in a parquet file under var/linking/), so a run that dies is resumed by the next
one; a death before the commit leaves the old assignment whole (docs/security.md #27).
"""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from safehub.access.actions import Action, PairTarget, RecordFacts, require
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.linking import writes
from safehub.linking.assignment import plan_assignment
from safehub.linking.models import (
    LinkDecision,
    LinkModelVersion,
    LinkRun,
    PersonLink,
    ReviewPair,
    Verdict,
)
from safehub.linking.pipeline import thresholds as pipeline_thresholds
from safehub.linking.pipeline.types import Decision
from safehub.linking.records_frame import HubRecords, hub_records, records_fingerprint
from safehub.records.models import PersonRecord

if TYPE_CHECKING:
    import pandas as pd

    from safehub.linking.pipeline.types import ClusterResult

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
SYSTEM = "system:linking"
# A run whose heartbeat is older than this is taken to be dead (its worker was killed).
STALE_AFTER = timedelta(minutes=30)


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
LINK_WEIGHT = pipeline_thresholds.LINK_WEIGHT
REVIEW_BAND = pipeline_thresholds.REVIEW_BAND
MIN_WEIGHT = pipeline_thresholds.MIN_WEIGHT  # weaker pairs are not kept: "no evidence"
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


def linking_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "linking"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---------------------------------------------------------------- run bookkeeping


class LinkRunBusy(Exception):
    """Another link run is under way."""


def _progress_key(run_id: int) -> str:
    return f"link-run-progress:{run_id}"


def link_run_progress(run: LinkRun) -> tuple[str, int, int]:
    """(stage, done, total) of a running run; written outside its transaction."""
    stage, done, total = cache.get(_progress_key(run.pk), (run.stage, 0, 0))
    return str(stage), int(done), int(total)


def _alive(run: LinkRun) -> bool:
    if run.heartbeat_at is not None and timezone.now() - run.heartbeat_at > STALE_AFTER:
        return False
    if run.host == socket.gethostname() and run.pid:
        try:
            os.kill(run.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return run.pid != os.getpid()  # this process starting again: the old one is gone
    return True


def _run_begin(*, kind: str, actor: User | None, trigger: str) -> LinkRun:
    """A new RUNNING run, or LinkRunBusy. A run whose worker died is marked failed first,
    and its checkpoints are offered to this one (see _resumable)."""
    with transaction.atomic():
        running = LinkRun.objects.select_for_update().filter(status=LinkRun.Status.RUNNING).first()
        if running is not None:
            if _alive(running):
                raise LinkRunBusy(f"link run {running.pk} is under way")
            running.status = LinkRun.Status.FAILED
            running.message = "Interrupted: its worker stopped before it finished."
            running.finished_at = timezone.now()
            running.save(update_fields=["status", "message", "finished_at"])
        try:
            with transaction.atomic():
                return LinkRun.objects.create(
                    kind=kind,
                    requested_by=actor,
                    trigger=trigger,
                    stage="start",
                    host=socket.gethostname(),
                    pid=os.getpid(),
                    heartbeat_at=timezone.now(),
                )
        except IntegrityError:
            raise LinkRunBusy("another link run started at the same moment") from None


def _run_stage(run: LinkRun, stage: str, **fields: Any) -> None:
    run.stage = stage
    run.heartbeat_at = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["stage", "heartbeat_at", *fields])
    cache.set(_progress_key(run.pk), (stage, 0, 0), timeout=24 * 3600)


def _run_end(run: LinkRun, status: str, message: str) -> None:
    run.status, run.message, run.finished_at = status, message, timezone.now()
    run.save(update_fields=["status", "message", "finished_at", "counts", "timings"])
    cache.delete(_progress_key(run.pk))


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
    run = _run_begin(kind=kind, actor=actor, trigger=trigger)
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
        _run_end(
            run,
            LinkRun.Status.FAILED,
            "".join(traceback.format_exception_only(error)).strip()[:2000],
        )
        raise
    return run


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
        cache.set(_progress_key(self.run.pk), (stage, done, total), timeout=24 * 3600)
        if self._progress is not None:
            self._progress(stage, done, total)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        _run_stage(self.run, name)
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
        from safehub.linking.pipeline import api as pipeline

        decisions = _decisions()
        if model_row is None:
            with self.stage("train"):
                model_row = _model_train(hub.frame, decisions=decisions, backend=self.backend)
        run.model = model_row
        model = pipeline.LinkModel.from_json(model_row.model_json)
        with self.stage("score"):
            pairs = self._pairs(pipeline, model, hub, fresh)
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
            )
        with self.stage("write"):
            self._write(hub, pairs, result, fresh)

    def _skip(self, message: str) -> None:
        self.run.counts, self.run.timings = self.counts, self.timings
        _run_end(self.run, LinkRun.Status.SKIPPED, message)

    def _pairs(self, pipeline: Any, model: Any, hub: HubRecords, fresh: set[int]) -> pd.DataFrame:
        """Scored pairs: resumed from a checkpoint, or scored (all, or fresh records
        against the rest on top of the last run's pairs), then checkpointed."""
        run = self.run
        resumed = _resumable(run)
        if resumed is not None:
            run.resumed_from = resumed
            pairs = _read_pairs(resumed.pairs_file)
            run.pairs_file = resumed.pairs_file
            run.save(update_fields=["resumed_from", "pairs_file", "fingerprint", "model"])
            return pairs
        base = None if run.kind == LinkRun.Kind.FULL else _last_pairs(run.model)
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
            import pandas as pd

            pairs = pd.concat([kept, new[list(kept.columns)]], ignore_index=True)
        run.pairs_file = _write_pairs(run, pairs)
        run.save(update_fields=["pairs_file", "fingerprint", "model"])
        return pairs

    def _write(
        self, hub: HubRecords, pairs: pd.DataFrame, result: ClusterResult, fresh: set[int]
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
            _run_end(self.run, LinkRun.Status.DONE, _summary(self.counts))
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
            transaction.on_commit(lambda: _after_commit(self.run))


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


def _after_commit(run: LinkRun) -> None:
    """Old checkpoints go; records imported while this run worked get a run of their own."""
    keep = Path(run.pairs_file).name if run.pairs_file else ""
    for old in linking_dir().glob("pairs-*.parquet"):
        if old.name != keep:
            old.unlink(missing_ok=True)
    if PersonRecord.objects.filter(link__isnull=True).exists():
        from safehub.linking.tasks import link_records

        link_records.enqueue(full=False, retrain=False, user_id=None, trigger="follow-up")


# ---------------------------------------------------------------- the model


def _model_train(
    frame: pd.DataFrame, *, decisions: Sequence[Decision], backend: Any
) -> LinkModelVersion:
    """Train, and keep the model as the active version (a checkpoint: a run that dies
    after this does not train again)."""
    from safehub.linking.pipeline import api as pipeline

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


# ---------------------------------------------------------------- checkpoints


def _pairs_path(name: str) -> Path:
    return linking_dir() / Path(name).name


def _write_pairs(run: LinkRun, pairs: pd.DataFrame) -> str:
    name = f"pairs-{run.pk}.parquet"
    temp = _pairs_path(f".{name}.tmp")
    pairs.to_parquet(temp, index=False)
    temp.replace(_pairs_path(name))
    return name


def _read_pairs(name: str) -> pd.DataFrame:
    import pandas as pd

    return pd.read_parquet(_pairs_path(name))


def _resumable(run: LinkRun) -> LinkRun | None:
    """The latest unfinished run of the same records and model whose scored pairs are
    still on disk: its scoring need not be done again."""
    last = (
        LinkRun.objects.exclude(pk=run.pk)
        .filter(
            kind=run.kind,
            status=LinkRun.Status.FAILED,
            fingerprint=run.fingerprint,
            model=run.model,
        )
        .exclude(pairs_file="")
        .order_by("-pk")
        .first()
    )
    if last is None or not _pairs_path(last.pairs_file).exists():
        return None
    later = LinkRun.objects.filter(pk__gt=last.pk, status=LinkRun.Status.DONE).exists()
    return None if later else last


def _last_pairs(model: LinkModelVersion | None) -> pd.DataFrame | None:
    """The pairs of the last finished run under this model, if its file is still there."""
    last = (
        LinkRun.objects.filter(status=LinkRun.Status.DONE)
        .exclude(pairs_file="")
        .order_by("-pk")
        .first()
    )
    if last is None or last.model_id != (model.pk if model else None):
        return None
    if not _pairs_path(last.pairs_file).exists():
        return None
    return _read_pairs(last.pairs_file)


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


def _decisions() -> list[Decision]:
    return [
        Decision(left, right, verdict)  # type: ignore[arg-type]
        for (left, right), verdict in sorted(_latest_decisions().items())
    ]


# ---------------------------------------------------------------- reviewers' decisions


def canonical(a: int, b: int) -> tuple[int, int]:
    if a == b:
        raise ValidationError("A record cannot be paired with itself.")
    return (a, b) if a < b else (b, a)


class DecidedMeanwhile(Exception):
    """Someone else decided the pair after the reviewer last saw it."""

    def __init__(self, latest: LinkDecision) -> None:
        super().__init__(f"pair {latest.left_id}-{latest.right_id} was decided meanwhile")
        self.latest = latest


class _Unseen:
    """`seen` not given: the caller does not say which decision it saw (older API
    clients); the new decision follows whatever is latest."""


UNSEEN = _Unseen()


def latest_decision(left_id: int, right_id: int) -> LinkDecision | None:
    low, high = canonical(left_id, right_id)
    return (
        LinkDecision.objects.filter(left_id=low, right_id=high)
        .select_related("decided_by")
        .order_by("-pk")
        .first()
    )


def record_facts(record: PersonRecord) -> RecordFacts:
    return RecordFacts(
        record.agency_id, record.sensitivity, record.person_id, record.person.protected_details
    )


def pair_target(left: PersonRecord, right: PersonRecord, pair_id: int = 0) -> PairTarget:
    """Two records as the target of a link decision."""
    return PairTarget(pair_id, record_facts(left), record_facts(right))


def link_decision_record(
    *,
    actor: User,
    left: PersonRecord,
    right: PersonRecord,
    verdict: str,
    note: str = "",
    pair: ReviewPair | None = None,
    seen: int | _Unseen | None = UNSEEN,
) -> LinkDecision:
    """A reviewer says whether two records are one person. The decision outlives every
    re-link and overrides the model; the next run (queued now) applies it. Only a
    reviewer who may see every compared field of both records decides (the rule for
    actions, `Action.LINK_DECIDE`).

    `seen` is the pair's latest decision when the reviewer looked (None: there was none).
    If another was made since, nothing is saved and DecidedMeanwhile says which: the
    reviewer reads it and decides again. Nothing is lost either way: every decision is
    kept, in a chain the database keeps linear."""
    require(
        actor,
        Action.LINK_DECIDE,
        pair_target(left, right, pair.pk if pair else 0),
        route="link_decide",
    )
    if verdict not in Verdict.values:
        raise ValidationError(f"{verdict!r} is not one of {', '.join(Verdict.values)}.")
    with transaction.atomic():  # the decision and its audit row commit together
        return _decision_record(
            actor, left, right, verdict=verdict, note=note, pair=pair, seen=seen
        )


def _decision_record(
    actor: User,
    left: PersonRecord,
    right: PersonRecord,
    *,
    verdict: str,
    note: str,
    pair: ReviewPair | None,
    seen: int | _Unseen | None,
) -> LinkDecision:
    low, high = canonical(left.pk, right.pk)
    for _attempt in range(3):
        latest = latest_decision(low, high)
        if not isinstance(seen, _Unseen) and (latest.pk if latest else None) != seen:
            assert latest is not None  # a decision the caller saw is never deleted
            raise DecidedMeanwhile(latest)
        decision = LinkDecision(
            left_id=low,
            right_id=high,
            verdict=verdict,
            note=note.strip(),
            decided_by=actor,
            supersedes=latest,
        )
        # Uniqueness is the database's to enforce, at the moment of the write.
        decision.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                decision.save()
            break
        except IntegrityError:
            # Another decision on the pair was saved between our read and our write.
            if not isinstance(seen, _Unseen):
                newest = latest_decision(low, high)
                assert newest is not None
                raise DecidedMeanwhile(newest) from None
    else:  # three writes in a row overtaken: tell the caller rather than keep trying
        newest = latest_decision(low, high)
        assert newest is not None
        raise DecidedMeanwhile(newest)
    ReviewPair.objects.filter(left_id=low, right_id=high).update(state=ReviewPair.State.DECIDED)
    audit.record(
        actor=actor,
        verb=Verb.LINK_DECISION,
        target_type="record_pair",
        target_id=f"{low}-{high}",
        justification=note.strip(),
        detail={
            "decision": verdict,
            "records": [low, high],
            "pair": pair.pk if pair is not None else None,
            "persons": sorted({str(left.person_id), str(right.person_id)}),
        },
    )

    def relink() -> None:
        from safehub.linking.tasks import link_records

        link_records.enqueue(full=False, retrain=False, user_id=None, trigger="decision")

    transaction.on_commit(relink)
    return decision


def link_run_request(*, actor: User, full: bool, retrain: bool) -> None:
    """A hub manager asks for a link run from the web; a background task runs it."""
    require(actor, Action.LINK_RUN_START, route="link_run_start")
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb=Verb.LINK_RUN_REQUESTED,
            target_type="link_run",
            detail={"full": full, "retrain": retrain},
        )

        def enqueue() -> None:
            from safehub.linking.tasks import link_records

            link_records.enqueue(full=full, retrain=retrain, user_id=actor.pk, trigger="web")

        transaction.on_commit(enqueue)
