"""Row locks of the ledger: accounts, always by primary key, after any order or assignment rows."""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection


class LockedAccount(NamedTuple):
    pk: int
    kind: str
    may_go_negative: bool
    balance: int


def lock_accounts(account_ids: Iterable[int]) -> dict[int, LockedAccount]:
    """The accounts, locked until the end of the transaction (FOR UPDATE), taken in id order so two
    postings touching the same accounts never wait on each other in a cycle. Read as plain tuples
    (what the overdraft check needs) in one statement: this is the hot path of every payment."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, kind, may_go_negative, balance FROM ledger_account WHERE id = ANY(%s) "
                       "ORDER BY id FOR UPDATE", [sorted(set(account_ids))])
        return {row[0]: LockedAccount(*row) for row in cursor.fetchall()}
