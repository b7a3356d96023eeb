"""The decision log's triggers, lifted for a moment as someone who can alter the database
would (the migration's own statements, so its reverse and forward run too)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from safehub.operations.models import Decision

TRIGGERS = importlib.import_module("safehub.operations.migrations.0006_decision_append_only")


@contextmanager
def triggers_dropped() -> Iterator[None]:
    with connection.cursor() as cursor:
        for statement in TRIGGERS.REMOVE[connection.vendor]:
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in TRIGGERS.INSTALL[connection.vendor]:
                cursor.execute(statement)


def purge_decision_log() -> None:
    """Delete every decision: the flush that ends a live-server test refuses otherwise."""
    with transaction.atomic(), triggers_dropped(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Decision._meta.db_table}")
