"""Missing children: the Philomena profile kept before a child goes missing, each missing
episode, and the return home interview offered after it.

An episode and an interview are also written as records of the recording agency (a
`missing_episode` or `return_home_interview` event, with the places, people and vehicles
it names), so screening and the network read them like any agency's extract; `extract`
says which.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.deletion import ProtectedError

from safehub.agencies.models import Agency
from safehub.records.models import Extract, Person, PersonRecord

# The statutory guidance: a return home interview within 72 hours of the child's return.
RHI_DUE_WITHIN = timedelta(hours=72)


def follow_the_records(collector: Any, field: Any, sub_objs: Any, using: str) -> None:
    """A link run deletes a Person only once it has moved every record of theirs to
    another: a profile or an episode then follows the Person now holding most of the
    records the child had when it was written (as linking hands a case to the Person that
    took most of the records). With none to follow, the deletion is refused."""
    for row in sub_objs:
        holders = Counter(
            PersonRecord.objects.filter(pk__in=row.child_records).values_list(
                "person_id", flat=True
            )
        )
        holders.pop(row.person_id, None)
        if not holders:
            raise ProtectedError("A missing child's rows have no Person to follow.", {row})
        heir = sorted(holders.items(), key=lambda held: (-held[1], str(held[0])))[0][0]
        collector.add_field_update(field, Person(pk=heir), [row])


def _records_field() -> models.JSONField:
    return models.JSONField(
        default=list,
        blank=True,
        help_text="pks of the child's records when written (see follow_the_records)",
    )


class PhilomenaProfile(models.Model):
    """One version of a child's profile; the newest for a person is the profile. Versions
    are appended, never changed, so what the police were shown on a night is kept."""

    person = models.ForeignKey(Person, on_delete=follow_the_records, related_name="philomena")
    child_records = _records_field()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    written_at = models.DateTimeField(auto_now_add=True)
    description = models.TextField(blank=True, help_text="height, build, hair, clothing")
    photo_reference = models.CharField(max_length=200, blank=True)
    associates = models.TextField(blank=True)
    places_frequented = models.TextField(blank=True)
    previous_episodes = models.TextField(blank=True)
    phones = models.TextField(blank=True)
    social_media = models.TextField(blank=True)
    transport = models.TextField(blank=True)
    other_information = models.TextField(blank=True)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["person", "-written_at"], name="philomena_person_time")]

    def __str__(self) -> str:
        return f"Philomena profile {self.pk}"


class MissingEpisode(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=follow_the_records, related_name="missing_episodes"
    )
    child_records = _records_field()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # The agency's record of the child that the episode's event names (re-sent on return).
    record_id = models.CharField(max_length=100)
    # Who is to offer the return home interview: the child's social care (or carer's)
    # agency when one holds them, else the agency that recorded the episode.
    rhi_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField()
    missing_from = models.CharField(max_length=300, blank=True)
    from_placement = models.BooleanField(default=False)
    # Set when the child is back: where found, with whom, how they came back.
    returned_at = models.DateTimeField(null=True, blank=True)
    found_where = models.CharField(max_length=300, blank=True)
    found_postcode = models.CharField(max_length=10, blank=True)
    found_premises_type = models.CharField(max_length=20, blank=True)
    found_with = models.TextField(blank=True)
    how_returned = models.CharField(max_length=300, blank=True)
    extract = models.ForeignKey(
        Extract, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["returned_at"], name="episode_returned")]

    def __str__(self) -> str:
        return f"Missing episode {self.pk}"

    @property
    def rhi_due_by(self) -> datetime | None:
        """When the return home interview is due: 72 hours after the child came back."""
        return self.returned_at + RHI_DUE_WITHIN if self.returned_at else None


class ReturnInterview(models.Model):
    """The return home interview of one episode: offered, then held or declined."""

    class Outcome(models.TextChoices):
        HELD = "held", "Held"
        DECLINED = "declined", "Offered, declined by the child"

    episode = models.OneToOneField(
        MissingEpisode, on_delete=models.PROTECT, related_name="interview"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    offered_at = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # What the child said, in structured fields that screening and the network read.
    where_been = models.CharField(max_length=300, blank=True)
    where_postcode = models.CharField(max_length=10, blank=True)
    where_premises_type = models.CharField(max_length=20, blank=True)
    with_whom = models.TextField(blank=True)
    how_travelled = models.CharField(max_length=300, blank=True)
    vehicle_registration = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    harm = models.TextField(blank=True)
    account = models.TextField(blank=True, help_text="the child's account, in their words")
    extract = models.ForeignKey(
        Extract, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Return home interview {self.pk}"
