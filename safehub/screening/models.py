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
    screened_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["first_flagged_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} flagged {self.first_flagged_on}"
