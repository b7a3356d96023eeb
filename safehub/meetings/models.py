"""A meeting of the hub, who came, the people discussed with what was decided for each,
and the actions agreed: an owner (a user, so an agency), a due date and a status."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safehub.agencies.models import Agency, Hub


class Meeting(models.Model):
    class Kind(models.TextChoices):
        TRIAGE = "triage", "Daily triage"
        STRATEGY = "strategy", "Strategy meeting"
        MACE = "mace", "MACE"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    held_on = models.DateField()
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="meetings")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


class Discussed(models.Model):
    """A person the meeting discussed, and its decision for them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussed")
    person_id = models.UUIDField()
    decision = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person_id"], name="discussed_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.meeting_id}"


class MeetingAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    person_id = models.UUIDField(null=True, blank=True, help_text="whom it is for, if anyone")
    text = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"action {self.pk} ({self.status})"
