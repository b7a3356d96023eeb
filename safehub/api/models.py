"""API tokens: short-lived bearer secrets, of which only a hash is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ApiToken(models.Model):
    """One bearer token of one user, issued from a session that passed the second factor.

    The secret is shown once, when issued; the hub keeps its SHA-256 (`key_hash`), its
    first characters (`prefix`, so a user can tell tokens apart) and a fingerprint of the
    user's password hash at issue time, so a new password ends every token.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    password_fingerprint = models.CharField(max_length=16)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="api_token_expires_after_creation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
