"""A quick concern: a small thing someone in the partnership saw, as they wrote it.

The concern is kept here as its author gave it (what they may see again: their own
submissions), and becomes records like any agency's — an extract of the author's agency
holding a `community_concern` event graded as intelligence, the person, place, vehicle,
phone or handle it names — which linking, screening and the network read.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from safehub.agencies.models import Agency
from safehub.records.models import Extract


class Concern(models.Model):
    class Source(models.TextChoices):
        """How the author knows: seen themselves, or told (the grading's assessment)."""

        SEEN = "seen", "I saw or heard it myself"
        TOLD = "told", "Someone told me"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="concerns")
    submitted_at = models.DateTimeField(auto_now_add=True)
    # Who
    name_as_known = models.CharField(max_length=200, blank=True)
    nickname = models.CharField(max_length=100, blank=True)
    age_guess = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    # Where and when
    place_name = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    premises_type = models.CharField(max_length=20, blank=True)
    seen_on = models.DateField()
    seen_at = models.TimeField(null=True, blank=True)
    # Things
    vehicle_registration = models.CharField(max_length=10, blank=True)
    vehicle_make = models.CharField(max_length=60, blank=True)
    vehicle_colour = models.CharField(max_length=30, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    handle = models.CharField(max_length=100, blank=True)
    # What
    what_seen = models.TextField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SEEN)
    # The records it became (the author's agency's extract `concern-<reference>`).
    extract = models.OneToOneField(
        Extract, on_delete=models.PROTECT, null=True, blank=True, related_name="concern"
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["author", "submitted_at"], name="concern_author_time")]

    def __str__(self) -> str:
        return self.reference
