"""Fast bulk inserts for imports: one prepared statement run over many rows.

Django's bulk_create builds a model instance and a fresh SQL string per batch, which
costs more than the database does; an import of millions of rows uses executemany on a
single statement instead. Values still go through each field's own database preparation,
so SQLite and PostgreSQL get what the ORM would have given them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

# Values of these fields reach the database driver as they are.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField)


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[models.Field[Any, Any]]:
    return [model._meta.get_field(name) for name in fields]  # type: ignore[misc]


def _statement(model: type[models.Model], columns: list[models.Field[Any, Any]]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Only quoted model metadata is formatted in; values always travel as parameters.
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608


def _converter(field: models.Field[Any, Any]) -> Callable[[object], object] | None:
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, _PLAIN):
        return None
    return partial(field.get_db_prep_save, connection=connections[DEFAULT_DB_ALIAS])


def _prepared(columns: list[models.Field[Any, Any]],
              rows: Iterable[Sequence[object]]) -> list[Sequence[object]]:
    """Rows as the driver wants them; only dates, times and UUIDs need converting."""
    converters = [(i, c) for i, f in enumerate(columns) if (c := _converter(f)) is not None]
    if not converters:
        return list(rows)
    prepared: list[Sequence[object]] = []
    for row in rows:
        values = list(row)
        for index, convert in converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        prepared.append(values)
    return prepared


def insert_rows(model: type[models.Model], fields: Sequence[str],
                rows: Iterable[Sequence[object]]) -> None:
    """INSERT every row (values in the order of `fields`, by attribute name)."""
    columns = _columns(model, fields)
    values = _prepared(columns, rows)
    if values:
        _executemany(_statement(model, columns), values)


def upsert_rows(model: type[models.Model], fields: Sequence[str],
                rows: Iterable[Sequence[object]], *, conflict: str,
                update: Sequence[str]) -> None:
    """INSERT, or UPDATE `update` where the unique `conflict` column already holds the value.

    `ON CONFLICT … DO UPDATE` is the same statement on SQLite and PostgreSQL.
    """
    columns = _columns(model, fields)
    values = _prepared(columns, rows)
    if not values:
        return
    quote = connection.ops.quote_name
    updates = ", ".join(f"{quote(str(c.column))} = excluded.{quote(str(c.column))}"
                        for c in _columns(model, update))
    conflict_column = quote(str(_columns(model, [conflict])[0].column))
    sql = f"{_statement(model, columns)} ON CONFLICT ({conflict_column}) DO UPDATE SET {updates}"
    _executemany(sql, values)


def _executemany(sql: str, values: list[Sequence[object]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(sql, cast(Any, values))
