"""Row locks of the ledger: accounts, always by primary key, after any order or assignment rows."""
from __future__ import annotations

from collections.abc import Iterable

from .models import Account


def lock_accounts(account_ids: Iterable[int]) -> dict[int, Account]:
    """The accounts, locked until the end of the transaction, taken in id order so two postings
    touching the same accounts never wait on each other in a cycle."""
    ids = sorted(set(account_ids))
    return {account.pk: account for account in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
