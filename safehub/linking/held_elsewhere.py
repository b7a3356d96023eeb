"""A possible match held elsewhere: the opaque token a trace shows for a person the
searcher may not open, and the request it lets a supervisor send to the agencies holding
that person — without being told which they are (issue 8 item 6)."""

from __future__ import annotations

import secrets
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.core import signing
from django.db.models import Min
from django.utils.crypto import salted_hmac

from safehub.access import services as access_services
from safehub.access.actions import AccessAsk, Action, ActionRefused, PersonTarget, require
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import PersonRecord

TOKEN_SALT = "safehub.linking.trace.held-elsewhere"  # noqa: S105 - a salt, not a secret
TOKEN_LIFE = timedelta(hours=1)


def _pad(nonce: bytes) -> bytes:
    return salted_hmac(f"{TOKEN_SALT}.pad", nonce, algorithm="sha256").digest()[:16]


def held_elsewhere_token(user_id: int, person_id: UUID) -> str:
    """A token for one possible match shown to one user, for an hour. It is signed, and
    the person id inside is masked with a pad from the secret key and a fresh nonce: a
    signed value alone is only base64, and the page must hold nothing naming the person."""
    nonce = secrets.token_bytes(16)
    masked = bytes(a ^ b for a, b in zip(person_id.bytes, _pad(nonce), strict=True))
    return signing.dumps([user_id, urlsafe_b64encode(nonce + masked).decode()],
                         salt=TOKEN_SALT)


class _TokenRefused(Exception):
    """Why a token names no possible match for this user (for the audit row)."""


def _token_person(user_id: int, token: str) -> UUID:
    try:
        owner, packed = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_LIFE)
        raw = urlsafe_b64decode(str(packed))
    except signing.SignatureExpired:
        raise _TokenRefused("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise _TokenRefused("forged") from None
    if owner != user_id:
        raise _TokenRefused("another user's")
    if len(raw) != 32:
        raise _TokenRefused("forged")
    nonce, masked = raw[:16], raw[16:]
    return UUID(bytes=bytes(a ^ b for a, b in zip(masked, _pad(nonce), strict=True)))


@dataclass(frozen=True)
class TraceAsk:
    """A possible match held elsewhere, as its holders would be asked for it."""

    ask: AccessAsk
    records: dict[int, int]  # holding agency → one of its records of the person


def _record_per_holder(person_id: UUID) -> dict[int, int]:
    rows = (PersonRecord.objects.filter(person_id=person_id).order_by()
            .values("agency_id").annotate(first=Min("pk")))
    return {row["agency_id"]: row["first"] for row in rows}


def held_elsewhere_ask(viewer: Viewer, token: str, *, route: str) -> TraceAsk:
    """The possible match `token` stands for, if the viewer may ask its holders; else a
    404, audited, alike whether the token is forged, expired or another user's, or the
    viewer may not trace beyond their agency."""
    try:
        person_id = _token_person(viewer.user_id, token)
    except _TokenRefused as refused:
        audit.record(actor=viewer.user, verb=Verb.REFUSED, target_type="trace_match",
                     detail={"action": Action.TRACE_REQUEST.value, "route": route,
                             "token": str(refused)})
        raise ActionRefused("Not found") from None
    records = _record_per_holder(person_id)
    ask = AccessAsk(PersonTarget(person_id, frozenset(records)), None)
    require(viewer, Action.TRACE_REQUEST, ask, route=route)
    return TraceAsk(ask, records)


def held_elsewhere_request(viewer: Viewer, asked: TraceAsk, *, reason: str) -> None:
    """Ask each agency holding the possible match (other than the viewer's) for it.
    Nothing is returned: the asker is told neither which agencies nor how many."""
    access_services.trace_request_create(actor=viewer.user, ask=asked.ask,
                                         records=asked.records, reason=reason)
