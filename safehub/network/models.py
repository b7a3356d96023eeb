"""What a network build keeps: each run, the networks it found with their members, and
the suspects in rank order. A build replaces the last one whole (one transaction)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safehub.records.models import Person


class NetworkRun(models.Model):
    """One build of the association graph and its analysis."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        SUPERSEDED = "superseded", "Superseded"  # a later run finished first

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField(max_length=20, blank=True, help_text="cli, link")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message = models.TextField(blank=True)
    counts = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True, help_text="seconds per stage")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"network run {self.pk} ({self.status})"


class NetworkMember(models.Model):
    """A node of one network: a Person, or a thing (`phone:…`, `vehicle:…`, `place:…`)."""

    run = models.ForeignKey(NetworkRun, on_delete=models.CASCADE, related_name="members")
    network = models.CharField(max_length=20, help_text="NET0001, …, stable within a run")
    node = models.CharField(max_length=400)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="networks"
    )
    suspect = models.BooleanField(default=False)
    last_seen = models.DateField(null=True, blank=True, help_text="its newest dated fact")

    class Meta:
        indexes = [models.Index(fields=["run", "network"])]

    def __str__(self) -> str:
        return f"{self.network}: {self.node}"


class SuspectRank(models.Model):
    """A suspect's place among all, by the young people they reach, then centrality."""

    run = models.ForeignKey(NetworkRun, on_delete=models.CASCADE, related_name="ranks")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="suspect_ranks")
    rank = models.PositiveIntegerField()
    young_people = models.PositiveIntegerField()
    pagerank = models.FloatField()

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.rank}: {self.person_id}"


class GatewayRank(models.Model):
    """A place, vehicle, phone, handle or person (no suspect) tying young people to
    suspects, most young people first (analysis.gateways)."""

    run = models.ForeignKey(NetworkRun, on_delete=models.CASCADE, related_name="gateways")
    rank = models.PositiveIntegerField()
    node = models.CharField(max_length=400)
    kind = models.CharField(max_length=20)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    young_people = models.PositiveIntegerField()
    suspects = models.PositiveIntegerField()

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.rank}: {self.kind}"


class NetworkAlert(models.Model):
    """New information touching a network the last build knew (core/alerts.py): kept
    across builds, raised once (its key)."""

    class Kind(models.TextChoices):
        YOUNG_PERSON = "young_person", "A young person newly tied to a known suspect"
        THING_SEEN_AGAIN = "thing_seen_again", "A known phone, vehicle or account seen again"

    key = models.CharField(max_length=64, unique=True, help_text="a digest of what it is about")
    run = models.ForeignKey(NetworkRun, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    network = models.CharField(max_length=20, help_text="as the raising build named it")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    suspect = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    thing = models.CharField(max_length=400, blank=True)
    on = models.DateField(null=True, blank=True, help_text="the newest fact behind it")
    legs = models.JSONField(default=list, help_text="the edge records of each leg of the tie")
    people = models.JSONField(default=list, help_text="the network's people (ids) when raised")
    raised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} in {self.network}"
