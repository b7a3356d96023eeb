"""Submitting a quick concern: the concern as its author wrote it, and the records it
becomes, in one transaction with its audit row; then linking, screening and the network
follow as after any import.

An account sends at most SAFEHUB_CONCERNS_PER_HOUR concerns an hour: a partner's limited
account is easy to hand out, and a flood — a script, a grudge — must not bury the hub's
triage in noise.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import Action, require
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.concerns import records
from safehub.concerns.models import Concern
from safehub.ingest.exchange.issues import ExtractRejected
from safehub.ingest.hub_made import hub_extract_write

PER_HOUR = 10
# Unambiguous to read out on the phone: no 0/O, 1/I/L.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # pragma: allowlist secret
FIELDS = (
    "what_seen", "seen_on", "seen_at", "name_as_known", "nickname", "age_guess",
    "description", "place_name", "premises_type", "postcode", "vehicle_registration",
    "vehicle_make", "vehicle_colour", "phone", "handle", "source",
)  # fmt: skip


def per_hour() -> int:
    return int(getattr(settings, "SAFEHUB_CONCERNS_PER_HOUR", PER_HOUR))


def _reference() -> str:
    while True:
        reference = "QC-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))
        if not Concern.objects.filter(reference=reference).exists():
            return reference


def sent_in_the_last_hour(author: User) -> int:
    since = timezone.now() - timedelta(hours=1)
    return Concern.objects.filter(author=author, submitted_at__gte=since).count()


def concern_submit(*, actor: User, data: dict[str, Any]) -> Concern:
    """Record `data` (a ConcernForm's cleaned data) as a concern of the actor's agency and
    the records it becomes; a ValidationError (nothing written) past the hourly limit or
    if the records are refused."""
    require(actor, Action.CONCERN_SUBMIT, None, route="concern_submit")
    limit = per_hour()
    with transaction.atomic():
        # One author's concerns are counted one at a time: two at once cannot both pass.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if sent_in_the_last_hour(actor) >= limit:
            refused = True
        else:
            refused = False
            concern = Concern(
                author=actor,
                agency=actor.agency,
                reference=_reference(),
                **{name: data.get(name) or _empty(name) for name in FIELDS},
            )
            concern.save()
            try:
                outcome = hub_extract_write(
                    actor=actor,
                    agency=concern.agency,
                    extract_id=records.extract_id(concern),
                    source_system=records.SOURCE_SYSTEM,
                    files=records.concern_files(concern),
                )
            except ExtractRejected as rejected:
                raise ValidationError(
                    [f"{issue.column or issue.file}: {issue.message}" for issue in rejected.issues]
                ) from None
            concern.extract = outcome.extract
            concern.save(update_fields=["extract"])
            audit.record(
                actor=actor,
                verb=Verb.CONCERN_SUBMITTED,
                target_type="concern",
                target_id=concern.reference,
                detail={"extract": outcome.extract.extract_id, "named": _named(concern)},
            )
    if refused:
        audit.record(
            actor=actor,
            verb=Verb.REFUSED,
            target_type="concern",
            detail={"route": "concern_submit", "why": f"over {limit} concerns in an hour"},
        )
        raise ValidationError(
            f"You have sent {limit} concerns in the last hour, the most an account may. "
            "If a child is in danger now, call 999; otherwise send the rest later."
        )
    return concern


def _empty(name: str) -> Any:
    return None if name in ("seen_at", "age_guess") else ""


def _named(concern: Concern) -> list[str]:
    """What kinds of thing the concern names (the audit keeps no content of it)."""
    kinds = {
        "person": concern.name_as_known or concern.nickname or concern.description,
        "place": concern.place_name or concern.postcode,
        "vehicle": concern.vehicle_registration,
        "phone": concern.phone,
        "handle": concern.handle,
    }
    return [kind for kind, value in kinds.items() if value]
