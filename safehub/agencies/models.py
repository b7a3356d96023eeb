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


agency_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,39}$",
    "An agency code is lower-case letters, digits and hyphens (at most 40).",
)


class Agency(models.Model):
    code = models.CharField(max_length=40, unique=True, validators=[agency_code_validator])
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=AgencyType.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    ANALYST = "analyst", "Analyst"
    SUPERVISOR = "supervisor", "Supervisor"
    HUB_MANAGER = "hub_manager", "Hub manager"
    AUDITOR = "auditor", "Auditor (information governance)"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    """A person who signs in; every user belongs to exactly one agency."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )

    def has_role(self, role: Role | str) -> bool:
        return self.roles.filter(role=role).exists()

    @property
    def role_names(self) -> list[str]:
        return sorted(self.roles.values_list("role", flat=True))


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_user_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"
