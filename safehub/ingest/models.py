"""Import jobs: an extract uploaded in the web, imported by a background worker."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from safehub.agencies.models import Agency
from safehub.records.models import Extract


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        IMPORTED = "imported", "Imported"
        ALREADY = "already", "Already imported"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    FINISHED = (Status.IMPORTED, Status.ALREADY, Status.REJECTED, Status.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="import_jobs")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    original_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    size_bytes = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    issues = models.JSONField(default=list, blank=True)
    issues_truncated = models.BooleanField(default=False)
    message = models.TextField(blank=True)
    extract = models.ForeignKey(Extract, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED
