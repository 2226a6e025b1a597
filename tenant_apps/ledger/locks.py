"""Row locks of the ledger: accounts, always by primary key, after any order or assignment rows."""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection


class LockedAccount(NamedTuple):
    pk: int
    kind: str
    provider: str
    worker_id: int | None
    may_go_negative: bool
    balance: int


# Taken in id order, so two postings touching the same accounts never wait on each other in a cycle.
LOCK_ACCOUNTS = ("SELECT id, kind, provider, worker_id, may_go_negative, balance FROM ledger_account "
                 "WHERE id = ANY(%s) ORDER BY id FOR UPDATE")


def lock_accounts(account_ids: Iterable[int]) -> dict[int, LockedAccount]:
    """The accounts, locked until the end of the transaction (FOR UPDATE), in id order. Read as plain
    tuples (what the overdraft check needs) in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(LOCK_ACCOUNTS, [sorted(set(account_ids))])
        return locked_rows(cursor.fetchall())


def locked_rows(rows: Iterable[tuple]) -> dict[int, LockedAccount]:
    return {row[0]: LockedAccount(*row) for row in rows}
