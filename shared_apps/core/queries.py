"""Query helpers shared by the apps' selectors."""
from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, F, Func


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
