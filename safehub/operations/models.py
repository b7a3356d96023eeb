"""An operation: a case team of kind `operation` (membership is what opens case access
under the policy) with its name, scope and senior officer; and each nominal's statuses,
appended, never changed (the newest is where they are now)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safehub.access.models import CaseTeam


class Operation(models.Model):
    case = models.OneToOneField(CaseTeam, on_delete=models.PROTECT, related_name="operation")
    name = models.CharField(max_length=200)
    scope = models.TextField(help_text="what the operation looks into, and its time span")
    senior_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class NominalStatus(models.Model):
    """A nominal's status from a date: appended on every change (lifecycles.py)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="statuses")
    person_id = models.UUIDField(db_index=True)
    role = models.CharField(max_length=10)
    status = models.CharField(max_length=20)
    on = models.DateField(help_text="when it happened")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["operation", "person_id"])]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.status}"
