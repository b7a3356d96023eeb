"""What opens data beyond a user's own agency: case teams, consents, grants, break-glass.

People are named by their Person id (a UUID), not by foreign key: the policy sits below
the records it protects and must not depend on them.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

from safehub.agencies.models import Agency, Hub


class CaseKind(models.TextChoices):
    REVIEW = "review", "Screening review"
    OPERATION = "operation", "Operation"
    ENGAGEMENT = "engagement", "Engagement plan"


class CaseRole(models.TextChoices):
    SUBJECT = "subject", "Subject"
    VICTIM = "victim", "Victim or survivor"
    SUSPECT = "suspect", "Suspect"
    WITNESS = "witness", "Witness"


class CaseTeam(models.Model):
    """A review, operation or engagement plan: its members may see, for its people only,
    what the sharing agreements allow inside a case."""

    kind = models.CharField(max_length=12, choices=CaseKind.choices)
    reference = models.CharField(max_length=100)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="case_teams", blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="unique_case_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def active(self) -> bool:
        return self.closed_at is None


class CasePerson(models.Model):
    case = models.ForeignKey(CaseTeam, on_delete=models.CASCADE, related_name="people")
    person_id = models.UUIDField(db_index=True)
    role = models.CharField(max_length=10, choices=CaseRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person_id"], name="unique_case_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.role}) in {self.case}"


class SharingBasis(models.Model):
    """Consent, or a recorded safeguarding exception, that lets a case see one provider's
    data about one person where the agreement asks for it (sexual health, say)."""

    class Basis(models.TextChoices):
        CONSENT = "consent", "Consent"
        SAFEGUARDING_EXCEPTION = "safeguarding_exception", "Safeguarding exception"
        # Recorded so the team knows, and so a later entry can withdraw consent: the
        # newest entry for a person and provider in a case is the one that holds.
        REFUSED = "refused", "Consent refused or withdrawn"

    class LawfulBasis(models.TextChoices):
        """The law relied on when sharing without consent (a safeguarding exception)."""

        NONE = "", "None"
        CHILDREN_ACT_S47 = "children_act_s47", "Children Act 1989, section 47 enquiries"
        CHILDREN_ACT_S17 = "children_act_s17", "Children Act 1989, section 17 (child in need)"
        CRIME_DISORDER_S115 = "crime_disorder_s115", "Crime and Disorder Act 1998, section 115"
        DPA_SAFEGUARDING = (
            "dpa_safeguarding",
            "Data Protection Act 2018, Schedule 1 paragraph 18 (safeguarding)",
        )
        VITAL_INTERESTS = "vital_interests", "UK GDPR Article 6(1)(d), vital interests"

    case = models.ForeignKey(CaseTeam, on_delete=models.CASCADE, related_name="bases")
    person_id = models.UUIDField()
    provider = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=25, choices=Basis.choices)
    lawful_basis = models.CharField(
        max_length=25, choices=LawfulBasis.choices, blank=True, default=""
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.basis} for {self.person_id} from {self.provider.code}"


class CaseNoteQuerySet(models.QuerySet["CaseNote"]):
    """Bulk update and delete are refused: notes are the case's record, append-only."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("case notes are append-only")

    def delete(self) -> NoReturn:
        raise TypeError("case notes are append-only")


class CaseNote(models.Model):
    """What a member told the case team, and when: added, never edited or deleted."""

    case = models.ForeignKey(CaseTeam, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.case}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("case notes are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("case notes are append-only")


class BreakGlass(models.Model):
    """Time-limited access to one person beyond the agreements, with a stated reason."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass"
    )
    person_id = models.UUIDField()
    reason = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="break_glass_live")]

    def __str__(self) -> str:
        return f"{self.user} → {self.person_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class AccessRequest(models.Model):
    """A practitioner asks the owning agency for one record; a supervisor decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_requests"
    )
    owner = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person_id = models.UUIDField()
    record_pk = models.BigIntegerField(help_text="the PersonRecord asked for")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Asked from a trace search's "possible match held elsewhere": the requester was not
    # told which agencies hold it, so each of them got its own request.
    via_trace = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.requester} asks {self.owner.code} for record {self.record_pk}"


class SetUpCode(models.Model):
    """A one-time code a hub manager or an administrator gives a user out of band, so that
    the password alone cannot set up an authenticator app (when
    SAFEHUB_SECOND_FACTOR_SET_UP is "issued"). Only a keyed digest of the code is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # None: a command
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)  # replaced, or too many failures
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"set-up code of user {self.user_id} issued {self.issued_at:%Y-%m-%d %H:%M}"
