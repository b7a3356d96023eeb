"""A stated reason: what opens data beyond the agreements (a sharing basis, break-glass,
an access request) says why, in words an auditor can read."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MIN_REASON = 10


def reason_checked(text: str, what: str) -> str:
    """`text` stripped, or ValidationError on the field `what` if it is too short to say why."""
    text = text.strip()
    if len(text) < MIN_REASON:
        raise ValidationError({what: f"Give a reason of at least {MIN_REASON} characters."})
    return text
