"""Query helpers shared by the apps' selectors."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import BooleanField, F, Func, Model


def any_of(field: str, ids: Iterable[int]) -> Func:
    """`field = ANY(%s)` with the ids as ONE array parameter: a filter for `.filter(...)` that means
    `field__in=ids`, but costs the same to build and send for 200 ids as for 2 (Django's `__in`
    makes one placeholder, one lookup and one adapted parameter per id)."""
    return _AnyOf(F(field), ids=sorted({int(i) for i in ids}))


class _AnyOf(Func):
    output_field = BooleanField()
    conditional = True

    def __init__(self, field: F, *, ids: list[int]) -> None:
        super().__init__(field)
        self.ids = ids

    def as_sql(self, compiler, connection, **extra_context):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        return f"{field_sql} = ANY(%s::bigint[])", (*field_params, self.ids)


def update_rows(objs: Sequence[Model], fields: Iterable[str]) -> int:
    """Save `fields` of many rows of one model in ONE statement: `UPDATE t SET f = v.f ... FROM
    unnest(%s::type[], ...) AS v WHERE t.pk = v.pk`, one array parameter per field. What
    `bulk_update` does, without its CASE WHEN per row and field (for 500 orders Django spent
    seconds building those). No signals, no auto_now: set such fields on the objects first."""
    if not objs:
        return 0
    meta = objs[0]._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    arrays, params = [], []
    for field in (pk, *columns):
        arrays.append(f"%s::{field.db_type(connection)}[]")
        params.append([field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in objs])
    names = ", ".join(quote(f.column) for f in (pk, *columns))
    sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns)
    table = quote(meta.db_table)
    sql = (f"UPDATE {table} SET {sets} FROM unnest({', '.join(arrays)}) AS v({names}) "  # noqa: S608 - our names
           f"WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
