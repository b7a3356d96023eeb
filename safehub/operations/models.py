"""An operation: a case team of kind `operation` (membership is what opens case access
under the policy) with its name, scope and senior officer; and each nominal's statuses,
appended, never changed (the newest is where they are now)."""

from __future__ import annotations

import hashlib
import json
from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from safehub.access.models import CaseTeam


class Operation(models.Model):
    class Institution(models.TextChoices):
        NONE = "", "None"
        CARE = "care", "Children's home or care setting"
        EDUCATION = "education", "School or college"
        RELIGIOUS = "religious", "Religious organisation"
        SPORT = "sport", "Sport or leisure"
        HEALTH = "health", "Health service"
        OTHER = "other", "Other institution"

    case = models.OneToOneField(CaseTeam, on_delete=models.PROTECT, related_name="operation")
    institution = models.CharField(
        max_length=12,
        choices=Institution.choices,
        blank=True,
        default="",
        help_text="the institution the abuse happened in, for the non-recent abuse return",
    )
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


class _AppendOnly(models.QuerySet["Decision"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("the decision log is append-only")

    def delete(self) -> NoReturn:
        raise TypeError("the decision log is append-only")


class Decision(models.Model):
    """One decision of an operation — a change of scope, a prioritisation, no further
    action, the closure — with its author, rationale and time: appended, never changed.
    Each entry is chained to the one before it in its operation and anchored in the
    audit chain (its hash in the audit row of its recording): `safehub audit verify`
    finds any change, removal or insertion."""

    class Kind(models.TextChoices):
        SCOPE = "scope", "Scope changed"
        PRIORITY = "priority", "Prioritised"
        NFA = "nfa", "No further action"
        CLOSURE = "closure", "Closed"
        OTHER = "other", "Decision"

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="decisions")
    seq = models.PositiveIntegerField(help_text="1, 2, 3, … within the operation")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject_person = models.UUIDField(null=True, blank=True, help_text="a nominal it is about")
    rationale = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_username = models.TextField(help_text="as it was when the decision was made")
    author_agency = models.TextField()
    at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = _AppendOnly.as_manager()

    class Meta:
        ordering = ["operation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "seq"], name="decision_once_per_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.operation_id}#{self.seq} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("the decision log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("the decision log is append-only")

    def computed_hash(self) -> str:
        """The SHA-256 (hex) of the entry's contents and the hash before it."""
        body = {
            "operation": self.operation_id,
            "seq": self.seq,
            "kind": self.kind,
            "subject_person": str(self.subject_person or ""),
            "rationale": self.rationale,
            "author": self.author_username,
            "agency": self.author_agency,
            "at": self.at.isoformat(),
            "prev": self.prev_hash,
        }
        text = json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("ascii")).hexdigest()


class ContactPlan(models.Model):
    """A survivor's pre-contact review: what each agency checked, the risks and needs,
    how contact will be made and the support offered — approved by a supervisor who is
    not its author before anyone makes contact."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="plans")
    person_id = models.UUIDField()
    risks_and_needs = models.TextField(
        help_text="own children, health, housing, living near or with a suspect, trauma"
    )
    contact_by = models.TextField(help_text="who makes contact")
    contact_how = models.TextField(help_text="how and when; safe times")
    name_to_use = models.CharField(max_length=200, blank=True)
    trusted_person = models.TextField(blank=True)
    avoid = models.TextField(blank=True, help_text="what not to do")
    support_offer = models.JSONField(default=list, help_text="ISVA, counselling, …")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"plan for {self.person_id}"


class AgencyCheck(models.Model):
    """One agency's check of what it holds on a survivor before contact, by that agency."""

    plan = models.ForeignKey(ContactPlan, on_delete=models.CASCADE, related_name="checks")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finding = models.TextField(help_text='"nothing relevant", or what the team should know')
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="one_check_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} checked"


class SurvivorDecision(models.Model):
    """After a contact: what the survivor decided, in their words where they want them
    kept, and a date to come back only when they agreed to one."""

    class Choice(models.TextChoices):
        ENGAGED = "engaged", "Engage now"
        UNSURE = "unsure", "Unsure"
        NOT_NOW = "not_now", "Not now"
        DECLINED = "declined", "Declined"

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="choices")
    person_id = models.UUIDField(db_index=True)
    contact_on = models.DateField()
    contact_how = models.CharField(max_length=200)
    decision = models.CharField(max_length=10, choices=Choice.choices)
    their_words = models.TextField(blank=True)
    come_back_on = models.DateField(
        null=True, blank=True, help_text="only a date the survivor agreed to"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.decision}"


class SuspectFacts(models.Model):
    """What the national return asks of a suspect beyond their records: whether they
    have died and whether they are publicly prominent (the team records it)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="suspects")
    person_id = models.UUIDField()
    deceased = models.BooleanField(default=False)
    public_prominence = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "person_id"], name="suspect_facts_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.operation_id}"


class Disruption(models.Model):
    """An order or notice that disrupts a suspect of the operation — a child abduction
    warning notice, a sexual risk order, a closure order — with its dates."""

    class Kind(models.TextChoices):
        CAWN = "cawn", "Child abduction warning notice"
        SRO = "sro", "Sexual risk order"
        SHPO = "shpo", "Sexual harm prevention order"
        CLOSURE = "closure", "Closure order (premises)"
        LICENSING = "licensing", "Licensing review or condition"
        INJUNCTION = "injunction", "Injunction"
        OTHER = "other", "Other order or notice"

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="disruptions")
    person_id = models.UUIDField(help_text="the suspect it is against")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    served_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["served_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} against {self.person_id}"
