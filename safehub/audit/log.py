"""`record`: the one way to append to the audit log, called by every other part."""

from __future__ import annotations

import getpass
import json
import math
import re
from collections.abc import Mapping

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, transaction
from django.utils import timezone

from safehub.agencies.models import User
from safehub.audit.models import GENESIS_HASH, HEAD_ID, AuditChainHead, AuditEvent, Verb

DETAIL_MAX_BYTES = 4096
DETAIL_MAX_DEPTH = 8
TEXT_MAX_CHARS = 4000
TYPE_MAX_CHARS = 40
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class AuditUnavailable(Exception):
    """The audit row could not be written: the caller must not show or change data."""


def record(
    *,
    actor: User | AnonymousUser | None,
    verb: Verb,
    target_type: str,
    target_id: str = "",
    subject_person: str = "",
    justification: str = "",
    detail: Mapping[str, object] | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one event and return it.

    Joins the caller's transaction when there is one, so a change and its audit row
    commit together; if the row cannot be written, raises AuditUnavailable and the
    caller's transaction can only roll back. `username` names the account tried when
    there is no signed-in actor (a failed sign-in); a signed-in actor's own name wins.
    Raises ValueError for an unknown verb, an over-long text or a bad `detail`.

    The chain head stays locked until the caller's transaction ends, and every append
    waits for it: in a long transaction (an import) call `record` last, just before the
    commit, and never hold other row locks that another transaction takes after auditing.
    """
    verb = Verb(verb)
    target_type = storable_text(target_type)
    if not target_type or len(target_type) > TYPE_MAX_CHARS:
        raise ValueError(f"target_type must be 1 to {TYPE_MAX_CHARS} characters")
    texts = {
        "target_id": storable_text(target_id),
        "subject_person": storable_text(subject_person),
        "justification": storable_text(justification),
    }
    for name, text in texts.items():
        if len(text) > TEXT_MAX_CHARS:
            raise ValueError(f"{name} is longer than {TEXT_MAX_CHARS} characters")
    clean_detail = checked_detail(detail or {})
    try:
        # savepoint=False: a failure here leaves the caller's transaction marked for
        # rollback, so its change can never commit without its audit row.
        with transaction.atomic(savepoint=False):
            event = AuditEvent(
                verb=verb.value,
                target_type=target_type,
                detail=clean_detail,
                **_actor_fields(actor, username),
                **texts,
            )
            _append(event)
    except DatabaseError as error:
        raise AuditUnavailable("the audit log cannot be written") from error
    return event


def _append(event: AuditEvent) -> None:
    """Number, time, chain and insert the event, holding the chain head's row lock."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=HEAD_ID, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
    )
    event.seq = head.last_seq + 1
    event.at = timezone.now()
    event.prev_hash = head.last_hash
    event.hash = event.computed_hash()
    event.save(force_insert=True)
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])


def _actor_fields(actor: User | AnonymousUser | None, username: str) -> dict[str, object]:
    if isinstance(actor, User):
        agency = actor.agency
        return {
            "actor": actor,
            "actor_username": storable_text(actor.get_username()),
            "actor_agency": agency.code if agency is not None else "",
        }
    # A name tried at sign-in is whatever was typed: cut, not refused, when too long.
    return {
        "actor": None,
        "actor_username": storable_text(username)[:TEXT_MAX_CHARS],
        "actor_agency": "",
    }


def storable_text(text: str) -> str:
    """The text as both databases can store it, otherwise unchanged.

    PostgreSQL text and jsonb cannot hold NUL, so NUL becomes U+FFFD on every database
    (the same row, and so the same hash, wherever it is stored); a lone surrogate (which
    a JSON request can carry) cannot be encoded as UTF-8 and becomes U+FFFD too. Other
    control characters are kept as given: they are escaped when shown and when hashed.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    return _UNSTORABLE.sub("\ufffd", text)


def checked_detail(detail: Mapping[str, object]) -> dict[str, object]:
    """A JSON-safe copy of `detail` that reads back unchanged from either database.

    Only dicts with text keys, lists, text, integers, finite floats, booleans and None;
    at most DETAIL_MAX_BYTES as canonical JSON. An integral float becomes an integer
    (PostgreSQL's jsonb returns 1e20 as an integer and -0.0 as 0.0).
    """
    clean = _checked_value(detail, depth=0)
    if not isinstance(clean, dict):
        raise ValueError("detail must be a mapping")
    size = len(json.dumps(clean, ensure_ascii=True, sort_keys=True, separators=(",", ":")))
    if size > DETAIL_MAX_BYTES:
        raise ValueError(f"detail is {size} bytes as JSON; the limit is {DETAIL_MAX_BYTES}")
    return clean


def _checked_value(value: object, depth: int) -> object:
    if depth > DETAIL_MAX_DEPTH:
        raise ValueError(f"detail is nested more than {DETAIL_MAX_DEPTH} deep")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)  # an IntEnum member stores as its number
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("detail cannot hold NaN or infinity")
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, list):
        return [_checked_value(item, depth + 1) for item in value]
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise ValueError("detail keys must be text")
        return {storable_text(key): _checked_value(item, depth + 1) for key, item in value.items()}
    raise ValueError(f"detail cannot hold a {type(value).__name__} (JSON values only)")


def operator_name() -> str:
    """Who ran a command line, where no user is signed in: the operating-system account."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli:unknown"
