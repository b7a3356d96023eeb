"""The one answer to asking for something one may not see: the refusal audited, and the
404 a missing thing gets, so that forbidden and missing look alike (docs/security.md)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from safehub.access.policy import Viewer
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb


def refused_as_missing(
    actor: Viewer | User | None,
    target_type: str,
    target_id: object,
    route: str,
    *,
    message: str = "Not found",
    **detail: Any,
) -> Http404:
    """Audit the refusal of `target_type` `target_id` on `route` (with any `detail`) and
    return the 404 to raise."""
    audit.record(
        actor=actor.user if isinstance(actor, Viewer) else actor,
        verb=Verb.REFUSED,
        target_type=target_type,
        target_id=str(target_id),
        detail={"route": route, **detail},
    )
    return Http404(message)
