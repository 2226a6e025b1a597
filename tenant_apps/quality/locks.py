"""Row locks of quality (the lock order: the worker (workforce), then their sanction, then its appeal)."""
from .models import Appeal, Sanction


def lock_sanction(sanction_id: int) -> Sanction:
    return Sanction.objects.select_for_update().get(pk=sanction_id)


def lock_appeal(appeal_id: int) -> Appeal:
    return Appeal.objects.select_for_update().select_related("sanction").get(pk=appeal_id)
