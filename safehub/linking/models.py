"""What linking keeps: the model, each run, each record's link, the review queue and the
reviewers' decisions (which outlive every re-link and override the model)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safehub.records.models import PersonRecord


class LinkModelVersion(models.Model):
    """A trained linkage model (the pipeline's LinkModel as JSON); one is active."""

    version = models.CharField(max_length=64, unique=True)
    model_json = models.TextField(help_text="pipeline LinkModel.to_json()")
    summary = models.JSONField(default=dict, help_text="m/u per comparison level; no data")
    trained_on_records = models.PositiveIntegerField(default=0)
    trained_on_labels = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="one_active_link_model"
            ),
        ]

    def __str__(self) -> str:
        return self.version


class LinkRun(models.Model):
    """One linking of the hub's records: full, or incremental (new and changed records
    scored against the rest). Its stages are checkpointed so a re-run resumes."""

    class Kind(models.TextChoices):
        FULL = "full", "Full"
        INCREMENTAL = "incremental", "Incremental"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Nothing to do"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    stage = models.CharField(max_length=20, blank=True)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trigger = models.CharField(max_length=20, blank=True, help_text="cli, web, import, decision")
    model = models.ForeignKey(
        LinkModelVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    # What was linked, so a re-run can tell whether a checkpoint still applies.
    fingerprint = models.CharField(max_length=64, blank=True)
    pairs_file = models.CharField(
        max_length=300, blank=True, help_text="scored pairs (parquet) under var/linking/"
    )
    resumed_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counts = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True, help_text="seconds per stage")
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            # One run at a time: a second insert while one runs fails.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="running"), name="one_link_run_running"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} link run {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status != self.Status.RUNNING


class LinkStatus(models.TextChoices):
    AUTO = "auto", "Linked by the model"
    CONFIRMED = "confirmed", "Confirmed by a reviewer"
    REJECTED = "rejected", "Kept apart by a reviewer"


class PersonLink(models.Model):
    """How one PersonRecord came to be in its Person: its strongest link into the cluster
    (the record it matched, the match weight), the link's status and the run that set it.
    A record alone in its Person has no partner and no weight."""

    record = models.OneToOneField(
        PersonRecord, on_delete=models.CASCADE, primary_key=True, related_name="link"
    )
    partner = models.ForeignKey(
        PersonRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    match_weight = models.FloatField(null=True, blank=True)
    match_probability = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.AUTO)
    record_version = models.PositiveIntegerField(help_text="the record's version when linked")
    run = models.ForeignKey(LinkRun, on_delete=models.PROTECT, related_name="+", db_index=False)

    def __str__(self) -> str:
        return f"{self.record_id} ({self.status}, {self.match_weight})"


class Verdict(models.TextChoices):
    SAME = "same", "The same person"
    DIFFERENT = "different", "Different people"
    UNSURE = "unsure", "Not sure"


class ReviewPair(models.Model):
    """Two records a person should look at: a match weight in the review band, a link
    that would join two large clusters, or a join someone who may open the person
    challenged (who, why and when kept here; every challenge is also in the audit log).
    A challenged pair stays open through link runs until a reviewer decides it."""

    class Reason(models.TextChoices):
        BAND = "band", "Match weight between the thresholds"
        LARGE_MERGE = "large_merge", "Would join two large clusters"
        CHALLENGED = "challenged", "A join someone challenged"

    class State(models.TextChoices):
        OPEN = "open", "To review"
        DECIDED = "decided", "Decided"

    left = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    match_weight = models.FloatField()
    match_probability = models.FloatField()
    reason = models.CharField(max_length=12, choices=Reason.choices, default=Reason.BAND)
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    run = models.ForeignKey(
        LinkRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The latest challenge of the join (reason CHALLENGED); the reviewer reads the reason.
    challenged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # db_default: the link run inserts review pairs with raw SQL, naming no challenge.
    challenge_reason = models.TextField(blank=True, default="", db_default="")
    challenged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state", "-match_weight", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="unique_review_pair"),
            models.CheckConstraint(condition=Q(left__lt=F("right")), name="review_pair_canonical"),
        ]
        indexes = [models.Index(fields=["state", "match_weight"], name="review_pair_state")]

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id} ({self.reason}, {self.match_weight:.1f})"


class LinkDecision(models.Model):
    """A reviewer's judgement on two records, kept as (lower pk, higher pk). Every
    decision is kept; the latest for a pair is the one that counts."""

    left = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    # The decision this one was made after (None: the pair's first). One decision can be
    # superseded once, so two reviewers deciding at the same moment cannot both win: the
    # database refuses the second, who is told and decides again (docs/security.md #26).
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left__lt=F("right")), name="link_decision_canonical"
            ),
            models.UniqueConstraint(
                fields=["left", "right"],
                condition=Q(supersedes__isnull=True),
                name="link_decision_one_first_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["left", "right", "decided_at"], name="link_decision_pair")]

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id}: {self.verdict}"


class RecordKey(models.Model):
    """Search keys of a record for trace search (normalised surname, its sound, given
    name and nickname group, birth year, postcode district), so candidates come from one
    indexed lookup instead of a scan."""

    record = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "key"], name="unique_record_key"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.key}"
