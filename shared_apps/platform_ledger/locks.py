"""Row locks of the platform ledger: accounts by primary key, after the company ledger's."""
from __future__ import annotations

from collections.abc import Iterable

from .models import PlatformAccount


def lock_platform_accounts(account_ids: Iterable[int]) -> dict[int, PlatformAccount]:
    """The platform accounts, locked until the end of the transaction, in id order."""
    ids = sorted(set(account_ids))
    return {a.pk: a for a in PlatformAccount.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
