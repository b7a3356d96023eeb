"""Database triggers that refuse UPDATE and DELETE of an operation's decisions (SQLite and
PostgreSQL): the model refuses them too, but the decision log must hold against anyone
with a database connection, as the audit log does (audit/migrations/0002).

Beware on SQLite: a later migration that rebuilds `operations_decision` drops these
triggers with the old table; such a migration must run SQLITE_INSTALL again. The
trigger tests (tests/operations/test_decisions.py) fail if it does not.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_INSTALL = [
    """CREATE TRIGGER operations_decision_no_update BEFORE UPDATE ON operations_decision
    BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;""",
    """CREATE TRIGGER operations_decision_no_delete BEFORE DELETE ON operations_decision
    BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS operations_decision_no_update;",
    "DROP TRIGGER IF EXISTS operations_decision_no_delete;",
]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION safehub_decision_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the decision log is append-only' USING ERRCODE = 'restrict_violation';
        RETURN NULL;
    END;
    $$;""",
    # As for the audit log: TRUNCATE of an empty table (the test flush) is allowed.
    """CREATE OR REPLACE FUNCTION safehub_decision_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM operations_decision) THEN
            RAISE EXCEPTION 'the decision log is append-only' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NULL;
    END;
    $$;""",
    """CREATE TRIGGER operations_decision_no_change BEFORE UPDATE OR DELETE
    ON operations_decision FOR EACH ROW EXECUTE FUNCTION safehub_decision_refuse_change();""",
    """CREATE TRIGGER operations_decision_no_truncate BEFORE TRUNCATE ON operations_decision
    FOR EACH STATEMENT EXECUTE FUNCTION safehub_decision_refuse_truncate();""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS operations_decision_no_change ON operations_decision;",
    "DROP TRIGGER IF EXISTS operations_decision_no_truncate ON operations_decision;",
    "DROP FUNCTION IF EXISTS safehub_decision_refuse_change();",
    "DROP FUNCTION IF EXISTS safehub_decision_refuse_truncate();",
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
    dependencies = [("operations", "0005_disruption")]

    operations = [migrations.RunPython(install, remove)]
