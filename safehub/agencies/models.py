"""Agencies of the partnership and the users who work for them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models


class AgencyType(models.TextChoices):
    POLICE = "police", "Police"
    SOCIAL_CARE = "social_care", "Children's social care"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    VOLUNTARY = "voluntary", "Voluntary sector"
    # Hotels, taxi and takeaway licensing, youth services: they pass on what they see
    # (quick concerns) through limited accounts, and see nothing the hub holds.
    PARTNER = "partner", "Partner organisation"


agency_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,39}$",
    "An agency code is lower-case letters, digits and hyphens (at most 40).",
)


class Hub(models.Model):
    """A district hub of the regional partnership (one per local-authority area, say)."""

    code = models.CharField(max_length=40, unique=True, validators=[agency_code_validator])
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sensitivity(models.TextChoices):
    GENERAL = "general", "General"
    HEALTH = "health", "Health"
    SEXUAL_HEALTH = "sexual_health", "Sexual health"
    INTELLIGENCE = "intelligence", "Intelligence"
    RESTRICTED = "restricted", "Restricted"


class Agency(models.Model):
    code = models.CharField(max_length=40, unique=True, validators=[agency_code_validator])
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=AgencyType.choices)
    # The hub the agency serves; empty for a region-wide agency (a police force).
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )
    # What the agency's person records themselves reveal: a health trust's patient list
    # is health data even before any attendance is read.
    record_sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.GENERAL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class RecordService(models.Model):
    """A service of an agency whose patient or client list is itself sensitive: being
    registered at a sexual-health clinic says something before any attendance is read.

    A person record takes the sensitivity of the service that holds it, recognised by
    its record ids' prefix (the trust's "SH…" numbers) or by the source system of the
    extract it came in (a clinic's own system); otherwise the agency's
    `record_sensitivity`. safehub.records.sensitivity applies it to the records.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    sensitivity = models.CharField(max_length=20, choices=Sensitivity.choices)
    record_id_prefix = models.CharField(max_length=40, blank=True)
    source_system = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unique_record_service"),
            models.CheckConstraint(
                condition=~models.Q(record_id_prefix="", source_system=""),
                name="record_service_recognisable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.code}: {self.name} ({self.sensitivity})"


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    ANALYST = "analyst", "Analyst"
    SUPERVISOR = "supervisor", "Supervisor"
    HUB_MANAGER = "hub_manager", "Hub manager"
    # Decides whether records are one person, seeing only their identity fields: their
    # agency's own, and what agreements' `linkage` clauses open. Sees no other data.
    LINKAGE = "linkage", "Linkage officer"
    AUDITOR = "auditor", "Auditor (information governance)"
    ADMIN = "admin", "Administrator"
    # A partner organisation's limited account (a hotel's receptionist, a licensing
    # officer, school staff): records quick concerns and sees only its own submissions.
    PARTNER = "partner", "Partner (concerns only)"
    # Hub-wide roles: granted explicitly (`safehub user grant-role`, audited), never by
    # default. An agency's auditor and administrator act for their own agency only.
    HUB_AUDITOR = "hub_auditor", "Hub-wide auditor"
    HUB_ADMIN = "hub_admin", "Hub-wide administrator"


HUB_WIDE_ROLES = frozenset({Role.HUB_AUDITOR, Role.HUB_ADMIN})
AGENCY_ROLES = tuple(role for role in Role if role not in HUB_WIDE_ROLES)


class Team(models.Model):
    """A team of the partnership; it belongs to one hub."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["hub__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "name"], name="unique_team_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hub})"


class User(AbstractUser):
    """A person who signs in; every user belongs to exactly one agency."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )

    @property
    def hub_id(self) -> int | None:
        return self.team.hub_id if self.team is not None else None

    @property
    def display_name(self) -> str:
        """The user's full name, or their username when they have none."""
        return self.get_full_name() or self.get_username()

    def has_role(self, role: Role | str) -> bool:
        return self.roles.filter(role=role).exists()

    @property
    def role_names(self) -> list[str]:
        return sorted(self.roles.values_list("role", flat=True))

    @property
    def partner_only(self) -> bool:
        """A partner organisation's limited account: it passes on quick concerns and
        sees only its own."""
        return self.role_names == [Role.PARTNER]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_user_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"


class SharingCondition(models.TextChoices):
    ALWAYS = "always", "Always, inside the hub"
    CASE = "case", "Inside a case, for that person"
    CONSENT = (
        "consent_or_exception",
        ("Inside a case, with the person's consent or a recorded safeguarding exception"),
    )


class HubScope(models.TextChoices):
    SAME_HUB = "same_hub", "Teams of the provider's hub"
    ANY_HUB = "any_hub", "Teams of every hub of the partnership"


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed: waiting for the receiving agency"
    IN_FORCE = "in_force", "In force"
    DECLINED = "declined", "Declined by the receiving agency"
    REVOKED = "revoked", "Revoked"
    # Recorded before agreements needed both agencies: not in force until the agency
    # whose data it shares confirms it (migration 0003).
    UNCONFIRMED = "unconfirmed", "Not in force: the sharing agency must confirm it"


LIVE_AGREEMENT_STATUSES = (
    AgreementStatus.PROPOSED,
    AgreementStatus.IN_FORCE,
    AgreementStatus.UNCONFIRMED,
)


class SharingAgreement(models.Model):
    """Which of the provider's sensitivities the recipient may see, and on what condition.

    It belongs to the two agencies that sign it: the provider's hub manager proposes it,
    and it is in force only once the recipient's hub manager accepts it; either may
    revoke it (safehub.access.services). Revoking takes effect on the next request.
    """

    provider = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="shares_out")
    recipient = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="shares_in")
    sensitivities = models.JSONField(help_text="sensitivities of the provider's data shared")
    condition = models.CharField(
        max_length=30, choices=SharingCondition.choices, default=SharingCondition.CASE
    )
    scope = models.CharField(max_length=10, choices=HubScope.choices, default=HubScope.SAME_HUB)
    # Identity fields (names, date of birth, sex, identifiers, address, phone) of the
    # provider's person records of these sensitivities, for the recipient's link
    # reviewers only: to decide whether two records are one person, outside any case.
    linkage = models.BooleanField(default=False)
    reference = models.CharField(
        max_length=200, blank=True, help_text="the signed agreement this records"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Declined or revoked: by whom and when.
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["provider__name", "recipient__name"]
        indexes = [models.Index(fields=["recipient", "status"], name="agreement_in_force")]

    def __str__(self) -> str:
        return f"{self.provider.code} → {self.recipient.code}: {', '.join(self.sensitivities)}"
