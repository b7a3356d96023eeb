"""Possible matches held elsewhere: what a trace tells a supervisor of the people it
found that they may not open — only that some are held elsewhere, behind one opaque token
— and the request that token lets them send to the agencies holding those people, without
being told which they are, how many people, or how well each matched (issue 8 item 6)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.core.cache import cache
from django.db.models import Min

from safehub.access.actions import (
    AccessAsk,
    Action,
    ActionRefused,
    PersonTarget,
    can,
    require,
)
from safehub.access.policy import Viewer
from safehub.access.services import access_requests
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import PersonRecord

TOKEN_LIFE = timedelta(hours=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _key(user_id: int, token: str) -> str:
    return f"trace-held-elsewhere:{user_id}:{token}"


def held_elsewhere_token(user_id: int, person_ids: list[UUID]) -> str:
    """A random token standing, for one user and one hour, for the possible matches
    their trace found held elsewhere. The people stay on the server (the cache): the
    page holds nothing that names them."""
    token = secrets.token_urlsafe(24)
    cache.set(
        _key(user_id, token), [str(p) for p in person_ids], timeout=int(TOKEN_LIFE.total_seconds())
    )
    return token


@dataclass(frozen=True)
class TraceAsk:
    """The possible matches a token stands for, as their holders would be asked."""

    asks: list[AccessAsk]
    records: dict[UUID, dict[int, int]]  # person → holding agency → one of its records


def _record_per_holder(person_id: UUID) -> dict[int, int]:
    rows = (
        PersonRecord.objects.filter(person_id=person_id)
        .order_by()
        .values("agency_id")
        .annotate(first=Min("pk"))
    )
    return {row["agency_id"]: row["first"] for row in rows}


def _refuse(viewer: Viewer, route: str, why: str) -> ActionRefused:
    audit.record(
        actor=viewer.user,
        verb=Verb.REFUSED,
        target_type="trace_match",
        detail={"action": Action.TRACE_REQUEST.value, "route": route, "token": why},
    )
    return ActionRefused("Not found")


def held_elsewhere_ask(viewer: Viewer, token: str, *, route: str) -> TraceAsk:
    """The possible matches `token` stands for that the viewer may ask about (the rule
    `Action.TRACE_REQUEST`); else a 404, audited, alike whether the token is unknown,
    expired or another user's, or the viewer may not trace beyond their agency."""
    people = cache.get(_key(viewer.user_id, token)) if _TOKEN.fullmatch(token) else None
    if not people:
        raise _refuse(viewer, route, "unknown or expired")
    records = {UUID(p): _record_per_holder(UUID(p)) for p in people}
    every = [AccessAsk(PersonTarget(p, frozenset(held)), None) for p, held in records.items()]
    asks = [ask for ask in every if can(viewer, Action.TRACE_REQUEST, ask)]
    if not asks:  # the rule refuses (and audits, naming the person) the first of them
        require(viewer, Action.TRACE_REQUEST, every[0], route=route)
    return TraceAsk(asks, records)


def held_elsewhere_request(viewer: Viewer, asked: TraceAsk, *, reason: str) -> None:
    """Ask the agencies holding each possible match (other than the viewer's own).
    Nothing is returned: the asker is told neither which agencies nor how many."""
    for ask in asked.asks:
        access_requests.trace_request_create(
            actor=viewer.user, ask=ask, records=asked.records[ask.person.person_id], reason=reason
        )
