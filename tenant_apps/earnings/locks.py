"""Row locks of earnings: an earning by order, a withdrawal by id, and one worker's withdrawals
(so the daily limit is counted with no concurrent request in between). Taken after the order's
lock and before the ledger's accounts."""
from __future__ import annotations

from django.db import connection

from .models import CommissionRule, Earning, EarningSettings, Withdrawal


def lock_earning(order_id: int) -> Earning | None:
    return Earning.objects.select_for_update().filter(order_id=order_id).first()


def lock_withdrawal(withdrawal_id: int) -> Withdrawal | None:
    return Withdrawal.objects.select_for_update().filter(pk=withdrawal_id).first()


def lock_worker_withdrawals(worker_id: int) -> None:
    """A transaction-scoped advisory lock per worker in this schema: requests of one worker queue up."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s), %s)", [f"{connection.schema_name}.withdrawal",
                                                                             worker_id])


def lock_earning_settings() -> EarningSettings:
    """The settings row (made with defaults when missing), locked."""
    row, _created = EarningSettings.objects.select_for_update().get_or_create(pk=1)
    return row


def lock_commission_rule(*, service_id: int | None, worker_level: int | None) -> CommissionRule | None:
    return CommissionRule.objects.select_for_update().filter(service_id=service_id, worker_level=worker_level).first()
