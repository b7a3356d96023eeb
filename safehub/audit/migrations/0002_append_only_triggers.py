"""Database triggers that refuse UPDATE and DELETE of audit events (SQLite and PostgreSQL).

The statements are module constants so the tests can drop and restore the triggers to
prove the hash chain catches tampering without them.

Beware on SQLite: a later migration that rebuilds `audit_auditevent` (most AlterField
operations do) drops these triggers with the old table; such a migration must run
SQLITE_INSTALL again. The trigger tests fail if it does not.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_INSTALL = [
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete;",
]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION safehub_audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'restrict_violation';
        RETURN NULL;
    END;
    $$;""",
    # TRUNCATE of an empty table changes nothing, and allowing it lets Django's test
    # flush (one TRUNCATE of every table) run; a table with any event is refused.
    """CREATE OR REPLACE FUNCTION safehub_audit_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM audit_auditevent) THEN
            RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NULL;
    END;
    $$;""",
    """CREATE TRIGGER audit_auditevent_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION safehub_audit_refuse_change();""",
    """CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION safehub_audit_refuse_truncate();""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_change ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS safehub_audit_refuse_change();",
    "DROP FUNCTION IF EXISTS safehub_audit_refuse_truncate();",
]

INSTALL = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}
REMOVE = {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}


def _run(statements: dict[str, list[str]], schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"no append-only triggers written for {vendor}")
    for statement in statements[vendor]:
        schema_editor.execute(statement, params=None)


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(INSTALL, schema_editor)


def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(REMOVE, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
