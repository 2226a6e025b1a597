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


def insert_unless_taken(instance, *, conflict: tuple[str, ...], where: str = "") -> bool:
    """INSERT `instance` (an unsaved model instance) unless a row already holds its `conflict`
    columns (a unique constraint; `where` is the predicate of a partial one): `INSERT ... ON
    CONFLICT (...) DO NOTHING RETURNING pk`, one round trip. True when inserted (the instance then
    has its pk and is saved); False when the key was taken, nothing written. The usual
    savepoint-INSERT-catch IntegrityError-release costs three round trips, and a look-first one a
    fourth; on a hot path that is most of the time. A concurrent insert of the same key waits for
    the first to commit, as with the savepoint. Columns, defaults (auto_now_add) and adaptation
    (JSON) are the model fields' own, as save() would send them."""
    from django.db import connections, router

    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.get_default() is None
                                                      and getattr(instance, f.attname) is None)]
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    quote = connection.ops.quote_name
    # Names come from the model's meta and `where` from the caller's code, never from input; values
    # are parameters.
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))}) "
           f"ON CONFLICT ({', '.join(quote(meta.get_field(name).column) for name in conflict)})"
           f"{' WHERE ' + where if where else ''} DO NOTHING RETURNING {quote(meta.pk.column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding, instance._state.db = False, alias
    return True
