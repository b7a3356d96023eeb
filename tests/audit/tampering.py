"""Tampering with the audit table as someone with database access would.

The trigger statements come from the migration itself, so dropping and restoring them
here also exercises the migration's reverse and forward.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from safehub.audit.models import AuditChainHead, AuditEvent

TRIGGERS = importlib.import_module("safehub.audit.migrations.0002_append_only_triggers")


def execute(sql: str, params: Sequence[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def drop_triggers() -> None:
    for statement in TRIGGERS.REMOVE[connection.vendor]:
        execute(statement)


def restore_triggers() -> None:
    for statement in TRIGGERS.INSTALL[connection.vendor]:
        execute(statement)


def purge_audit_log() -> None:
    """Delete every event and the head, with the triggers dropped for the moment."""
    with transaction.atomic():
        drop_triggers()
        execute(f"DELETE FROM {AuditEvent._meta.db_table}")
        execute(f"DELETE FROM {AuditChainHead._meta.db_table}")
        restore_triggers()


def forge_copy(*, of_seq: int, seq: int, prev_hash: str) -> str:
    """Insert a copy of event `of_seq` as event `seq`, correctly hashed; returns its hash."""
    forged = AuditEvent.objects.get(seq=of_seq)
    forged.seq, forged.prev_hash = seq, prev_hash
    forged.hash = forged.computed_hash()
    columns = (
        "at, actor_id, actor_username, actor_agency, verb, target_type, target_id, "
        "subject_person, justification, detail"
    )
    execute(
        f"INSERT INTO audit_auditevent (seq, prev_hash, hash, {columns}) "
        f"SELECT %s, %s, %s, {columns} FROM audit_auditevent WHERE seq = %s",
        [seq, prev_hash, forged.hash, of_seq],
    )
    return forged.hash
