"""Helpers of the ledger tests: raw SQL against a company's ledger tables, and removing committed
ledger rows afterwards (the rows are append-only, so only a superuser with triggers off can)."""
from __future__ import annotations

from contextlib import contextmanager

from django.db import connection
from django_tenants.utils import schema_context

TABLES = ("ledger_posting", "ledger_journaltransaction", "ledger_account")


def high_marks(schema: str) -> dict[str, int]:
    with schema_context(schema), connection.cursor() as cursor:
        marks = {}
        for table in TABLES:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            marks[table] = cursor.fetchone()[0]
        return marks


def purge_since(schema: str, marks: dict[str, int]) -> None:
    """Delete the ledger rows committed after `marks` and recompute the older accounts' balances."""
    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # triggers off: the rows are append-only
        try:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE id > %s", [marks[table]])
            cursor.execute("UPDATE ledger_account a SET balance = coalesce("
                           "(SELECT sum(amount) FROM ledger_posting p WHERE p.account_id = a.id), 0)")
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


@contextmanager
def committed_ledger_rows_removed(schema: str):
    marks = high_marks(schema)
    try:
        yield
    finally:
        purge_since(schema, marks)


def check_deferred_now() -> None:
    """Fire the deferred constraint triggers queued so far, as COMMIT would (the test's own
    transaction never commits), then defer again."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
