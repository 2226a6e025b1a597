"""Row locks of after-sales cases. A case is locked before anything of its order: orders, payments
and the ledger never lock a case, so taking the case first (then whatever their services lock, in
their own order) makes no cycle."""
from __future__ import annotations

from .models import Case, Remedy


def lock_case(case_id: int) -> Case:
    """The case, locked until the end of the transaction (expects to run in one)."""
    return Case.objects.select_for_update(of=("self",)).select_related("order", "customer").get(pk=case_id)


def lock_live_remedy(case_id: int) -> Remedy | None:
    """The case's proposed or accepted remedy, locked. Expects the case's lock."""
    return (Remedy.objects.select_for_update().filter(case_id=case_id, status__in=["proposed", "accepted"])
            .order_by("-pk").first())
