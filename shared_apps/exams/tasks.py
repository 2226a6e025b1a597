"""Beat entry point: submit attempts left open past their deadline."""
from celery import shared_task


@shared_task
def submit_overdue_attempts() -> int:
    from shared_apps.core.actor import SYSTEM

    from .services import submit_overdue_attempts as submit

    return submit(actor=SYSTEM)
