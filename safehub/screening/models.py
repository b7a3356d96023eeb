"""What screening keeps: each run, and each young person's first flag with its evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safehub.records.models import Person


class ScreeningRun(models.Model):
    """One screening of every young person's facts with one version of the rules."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        # A later run finished first (runs may overlap): its screenings are the newer.
        SUPERSEDED = "superseded", "Superseded"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    rules_version = models.CharField(max_length=40)
    trigger = models.CharField(max_length=20, blank=True, help_text="cli, import, link")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message = models.TextField(blank=True)
    counts = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True, help_text="seconds per stage")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"screening run {self.pk} ({self.status}, rules {self.rules_version})"


class Screening(models.Model):
    """A young person's first flag under the rules of `run`: the day their score first
    reached review (or harm was recorded), the score then, and the facts that counted.
    One row per Person: a re-run replaces it, so nothing is duplicated."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="screening")
    run = models.ForeignKey(ScreeningRun, on_delete=models.PROTECT, related_name="screenings")
    rules_version = models.CharField(max_length=40)
    first_flagged_on = models.DateField()
    score = models.FloatField()
    harm = models.BooleanField(default=False)
    rules = models.JSONField(default=list, help_text="the rules counting on that day")
    evidence = models.JSONField(
        default=list, help_text="[{rule, kind, event (pk), occurred_on}] counting on that day"
    )
    # The newest day one of their facts matched: the score then (as the queue orders
    # by), and every fact any rule ever matched (to tell new evidence from old).
    latest_on = models.DateField(null=True, blank=True)
    latest_score = models.FloatField(default=0.0)
    latest_rules = models.JSONField(default=list)
    matched = models.JSONField(
        default=list, help_text="[{rule, kind, event (pk), occurred_on}] every match, any day"
    )
    screened_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["first_flagged_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} flagged {self.first_flagged_on}"


class Flag(models.Model):
    """A young person brought to the hub's triage by screening, and what people decided.

    Screenings are replaced by every run; a flag is the people's side and persists: it
    is raised once, decided at the daily meeting, and re-opens only when screening finds
    evidence that was not there at the last decision (`new_evidence` says what)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ESCALATED = "escalated", "New evidence"
        NFA = "nfa", "No further action"
        MONITOR = "monitor", "Monitor"
        REFERRED = "referred", "Referred"
        OPEN_TO_CST = "cst", "Open to the complex safeguarding team"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="flag")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    raised_on = models.DateField(help_text="the day screening first reached review")
    raised_at = models.DateTimeField(auto_now_add=True)
    harm = models.BooleanField(default=False)
    score = models.FloatField(help_text="the score on the day of the newest evidence")
    rules = models.JSONField(default=list, help_text="the rules counting on that day")
    seen = models.JSONField(
        default=list, help_text="event pks screening had matched at the last decision"
    )
    new_evidence = models.JSONField(
        default=list, help_text="[{rule, event, occurred_on}] matched since the last decision"
    )
    review_on = models.DateField(null=True, blank=True, help_text="monitor: when to look again")
    case = models.ForeignKey(
        "access.CaseTeam", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    OPEN = (Status.NEW, Status.ESCALATED)

    class Meta:
        indexes = [models.Index(fields=["status", "harm", "score"])]

    def __str__(self) -> str:
        return f"flag {self.pk} ({self.status})"


class FlagDecision(models.Model):
    """One outcome of one flag, with its author and reason: never edited or deleted."""

    class Outcome(models.TextChoices):
        NFA = "nfa", "No further action"
        MONITOR = "monitor", "Monitor"
        STRATEGY = "strategy", "Refer to a strategy meeting"
        MACE = "mace", "Refer to MACE"
        OPEN_TO_CST = "cst", "Open to the complex safeguarding team"

    flag = models.ForeignKey(Flag, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField()
    review_on = models.DateField(null=True, blank=True)
    case = models.ForeignKey(
        "access.CaseTeam", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.FloatField()
    evidence = models.JSONField(default=list, help_text="event pks matched when decided")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.flag_id}: {self.outcome}"
