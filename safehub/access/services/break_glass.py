"""Break-glass: emergency access to one person beyond the agreements and cases."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import Action, require
from safehub.access.models import BreakGlass
from safehub.access.services.reasons import reason_checked
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb

BREAK_GLASS_LONGEST = timedelta(hours=4)


def break_glass_start(
    *, actor: User, person_id: UUID, reason: str, minutes: int = 60
) -> BreakGlass:
    """Emergency access to one person, beyond the agreements: reason required, expires,
    flagged to the auditor (an `alert` row beside the `break_glass` one)."""
    require(actor, Action.BREAK_GLASS, person_id, route="break_glass")
    duration = timedelta(minutes=minutes)
    if not timedelta(minutes=1) <= duration <= BREAK_GLASS_LONGEST:
        raise ValidationError({"minutes": "Break-glass lasts from 1 minute to 4 hours."})
    with transaction.atomic():
        grant = BreakGlass.objects.create(
            user=actor,
            person_id=person_id,
            reason=reason_checked(reason, "reason"),
            expires_at=timezone.now() + duration,
        )
        audit.record(
            actor=actor,
            verb=Verb.BREAK_GLASS,
            target_type="person",
            target_id=str(person_id),
            subject_person=str(person_id),
            justification=grant.reason,
            detail={"expires_at": grant.expires_at.isoformat()},
        )
        audit.record(
            actor=actor,
            verb=Verb.ALERT,
            target_type="person",
            target_id=str(person_id),
            subject_person=str(person_id),
            detail={"alert": "break_glass"},
        )
    return grant
