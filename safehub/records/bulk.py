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
    ops = connections[DEFAULT_DB_ALIAS].ops
    # The backend's own adapters, without the field's per-value checks (the importer has
    # already made every value the right type).
    if isinstance(target, models.DateTimeField):
        return cast(Callable[[object], object], ops.adapt_datetimefield_value)
    if isinstance(target, models.DateField):
        return cast(Callable[[object], object], ops.adapt_datefield_value)
    return partial(field.get_db_prep_save, connection=connections[DEFAULT_DB_ALIAS])


def _prepared(
    columns: list[models.Field[Any, Any]], rows: Iterable[Sequence[object]]
) -> list[Sequence[object]]:
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


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """INSERT every row (values in the order of `fields`, by attribute name)."""
    columns = _columns(model, fields)
    values = _prepared(columns, rows)
    if values:
        _executemany(_statement(model, columns), values)


def upsert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    conflict: str,
    update: Sequence[str],
) -> None:
    """INSERT, or UPDATE `update` where the unique `conflict` column already holds the value.

    `ON CONFLICT … DO UPDATE` is the same statement on SQLite and PostgreSQL.
    """
    columns = _columns(model, fields)
    values = _prepared(columns, rows)
    if not values:
        return
    quote = connection.ops.quote_name
    updates = ", ".join(
        f"{quote(str(c.column))} = excluded.{quote(str(c.column))}" for c in _columns(model, update)
    )
    conflict_column = quote(str(_columns(model, [conflict])[0].column))
    sql = f"{_statement(model, columns)} ON CONFLICT ({conflict_column}) DO UPDATE SET {updates}"
    _executemany(sql, values)


def _executemany(sql: str, values: list[Sequence[object]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(sql, cast(Any, values))


def keys_to_rows(
    model: type[models.Model],
    key_field: str,
    keys: Iterable[str],
    *,
    agency_id: int,
    seen_in_id: int,
) -> dict[str, tuple[int, int]]:
    """(primary key, source line) of an agency's rows last listed by an extract, by the
    agency's own id.

    One plain statement per 900 ids (under SQLite's variable limit): resolving every id
    of a large link file through the ORM's lookup machinery costs more than the query.
    """
    quote = connection.ops.quote_name
    meta = model._meta
    key_column = quote(str(meta.get_field(key_field).column))  # type: ignore[union-attr]
    pk_column = quote(str(meta.pk.column if meta.pk else "id"))
    # Only quoted model metadata is formatted in; every value travels as a parameter.
    sql_head = (
        f"SELECT {key_column}, {pk_column}, {quote('source_line')} "  # noqa: S608
        f"FROM {quote(meta.db_table)} WHERE {quote('agency_id')} = %s "
        f"AND {quote('seen_in_id')} = %s AND {key_column} IN "
    )
    pending = sorted(keys)
    found: dict[str, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(pending), 900):
            chunk = pending[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(sql_head + f"({marks})", [agency_id, seen_in_id, *chunk])
            found.update((key, (pk, line)) for key, pk, line in cursor.fetchall())
    return found
