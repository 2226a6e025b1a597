"""Beat entry points: expire credentials past their date, remind before they expire."""
from celery import shared_task


@shared_task
def expire_credentials() -> int:
    from shared_apps.core.actor import SYSTEM

    from .services import expire_credentials as expire

    return expire(actor=SYSTEM)


@shared_task
def send_expiry_reminders() -> int:
    from shared_apps.core.actor import SYSTEM

    from .services import send_expiry_reminders as remind

    return remind(actor=SYSTEM)
