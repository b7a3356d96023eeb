"""The audit log: append-only events, each carrying the hash of the one before it.

Rows are written only by `safehub.audit.log.record`; database triggers (migration 0002)
refuse UPDATE and DELETE, and `safehub.audit.verify` detects any change the triggers did
not stop (a superuser can drop them).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any, NoReturn

from django.conf import settings
from django.db import models

# The prev_hash of the first event.
GENESIS_HASH = "0" * 64
HEAD_ID = 1


class Verb(models.TextChoices):
    """What an actor did. Add members freely: the column holds any verb (see `verb`)."""

    VIEW = "view", "Viewed"
    CHRONOLOGY_VIEWED = "chronology_viewed", "Chronology viewed"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    # Written before each change had a verb of its own; kept so those rows still read
    # (and verify). Nothing writes it now.
    CHANGE = "change", "Changed (before specific verbs)"
    IMPORT = "import", "Imported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    REFUSED = "refused", "Refused"
    ACCESS_REQUESTED = "access_requested", "Access requested"
    ACCESS_APPROVED = "access_approved", "Access approved"
    ACCESS_DECLINED = "access_declined", "Access declined"
    BREAK_GLASS = "break_glass", "Break-glass access"
    LINK_DECISION = "link_decision", "Link decision"
    DISCLOSURE = "disclosure", "Disclosure"
    AUDIT_READ = "audit_read", "Read the audit log"
    ALERT = "alert", "Alert"
    # Sharing agreements: proposed by the provider, accepted (or declined) by the
    # recipient, revoked by either; agreements made before that, confirmed by the provider.
    AGREEMENT_PROPOSED = "agreement_proposed", "Agreement proposed"
    AGREEMENT_ACCEPTED = "agreement_accepted", "Agreement accepted"
    AGREEMENT_DECLINED = "agreement_declined", "Agreement declined"
    AGREEMENT_REVOKED = "agreement_revoked", "Agreement revoked"
    AGREEMENT_CONFIRMED = "agreement_confirmed", "Agreement confirmed"
    # Case teams and what opens data inside them.
    CASE_OPENED = "case_opened", "Case opened"
    CASE_PERSON_ADDED = "case_person_added", "Person added to a case"
    CASE_CLOSED = "case_closed", "Case closed"
    SHARING_BASIS_RECORDED = "sharing_basis_recorded", "Consent or exception recorded"
    CASE_NOTE_ADDED = "case_note_added", "Note added to a case"
    PERSON_PROTECTED = "person_protected", "Details protected"
    RECORD_SERVICE_SET = "record_service_set", "Service sensitivity set"
    # Accounts, roles and credentials.
    AGENCY_REGISTERED = "agency_registered", "Agency registered"
    AGENCY_UPDATED = "agency_updated", "Agency updated"
    USER_REGISTERED = "user_registered", "User registered"
    ROLE_GRANTED = "role_granted", "Role granted"
    ROLE_REVOKED = "role_revoked", "Role revoked"
    USER_DISABLED = "user_disabled", "User disabled"
    PASSWORD_SET = "password_set", "Password set"
    SECOND_FACTOR_RESET = "second_factor_reset", "Second factor reset"
    SET_UP_CODE_ISSUED = "set_up_code_issued", "Set-up code issued"
    SET_UP_CODE_USED = "set_up_code_used", "Set-up code used"
    TOKEN_ISSUED = "token_issued", "API token issued"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    # Linking.
    LINK_RUN_REQUESTED = "link_run_requested", "Link run requested"
    LINK_RUN_APPLIED = "link_run_applied", "Link run applied"
    SCREENING_RUN = "screening_run", "Screening run"
    FLAG_DECIDED = "flag_decided", "Flag decided"
    NETWORK_BUILT = "network_built", "Network built"
    NETWORK_BUILD_REQUESTED = "network_build_requested", "Network build requested"
    OPERATION_OPENED = "operation_opened", "Operation opened"
    NOMINAL_STATUS_SET = "nominal_status_set", "Nominal's status recorded"
    DECISION_RECORDED = "decision_recorded", "Decision recorded"
    ENGAGEMENT_RECORDED = "engagement_recorded", "Survivor engagement recorded"
    CASE_MEMBER_ADDED = "case_member_added", "Member added to a case team"
    DISRUPTION_RECORDED = "disruption_recorded", "Order or notice recorded"
    MEETING_RECORDED = "meeting_recorded", "Meeting recorded"
    LINK_JOINS_VIEWED = "link_joins_viewed", "Viewed why records are one person"
    LINK_CHALLENGED = "link_challenged", "Join challenged"
    CONCERN_SUBMITTED = "concern_submitted", "Quick concern submitted"
    PROFILE_WRITTEN = "profile_written", "Philomena profile written"
    EPISODE_RECORDED = "episode_recorded", "Missing episode recorded"
    RHI_RECORDED = "rhi_recorded", "Return home interview recorded"


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk update and delete are refused here as well as by the database triggers."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("audit events are append-only")

    def delete(self) -> NoReturn:
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    """One thing someone (or the system) did: who, what, to which record, when, why."""

    seq = models.BigIntegerField(unique=True, help_text="1, 2, 3, … with no gaps")
    at = models.DateTimeField(help_text="UTC")
    # PROTECT: a user with audit events is deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # Kept as text so the row still says who it was after a rename or re-organisation;
    # for a failed sign-in, the name that was tried.
    actor_username = models.TextField(blank=True)
    actor_agency = models.TextField(blank=True, help_text="agency code")
    # No `choices`: a new Verb member then needs no migration of this table (a migration
    # that rebuilt the table on SQLite would drop its triggers). `record` checks the verb.
    verb = models.CharField(max_length=40)
    target_type = models.CharField(max_length=40, help_text='e.g. "person", "extract"')
    target_id = models.TextField(blank=True)
    subject_person = models.TextField(blank=True, help_text="id of the Person concerned")
    justification = models.TextField(blank=True)
    detail = models.JSONField(
        default=dict, blank=True, help_text="ids, counts, route names, reasons: no personal data"
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["subject_person", "at"], name="audit_subject_at"),
            models.Index(fields=["actor_username", "at"], name="audit_username_at"),
            models.Index(fields=["verb", "at"], name="audit_verb_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_username or 'system'} {self.verb} {self.target_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("audit events are append-only")

    def canonical_json(self) -> str:
        """Every field and the previous hash, as one canonical ASCII JSON text.

        Control characters are escaped here (ensure_ascii), never altered in storage.
        """
        return json.dumps(
            {
                "seq": self.seq,
                "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
                "actor": self.actor_id,
                "actor_username": self.actor_username,
                "actor_agency": self.actor_agency,
                "verb": self.verb,
                "target_type": self.target_type,
                "target_id": self.target_id,
                "subject_person": self.subject_person,
                "justification": self.justification,
                "detail": self.detail,
                "prev_hash": self.prev_hash,
            },
            ensure_ascii=True,
            sort_keys=True,
            separators=(",", ":"),
            allow_nan=False,
        )

    def computed_hash(self) -> str:
        """The SHA-256 (hex) the row should carry, from its contents."""
        return hashlib.sha256(self.canonical_json().encode("ascii")).hexdigest()


class AuditChainHead(models.Model):
    """The single row (id 1) holding the last event's seq and hash.

    Each append locks it (SELECT … FOR UPDATE) so appends form one chain; verification
    compares it with the last row, which catches rows removed from the end.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=HEAD_ID), name="audit_single_head"),
        ]

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"
