"""Celery entry points: expire credentials past their date, remind before they expire; hand a
background check to its provider, ask providers how running checks stand, start yearly re-checks."""
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


@shared_task(acks_late=True)
def submit_background_check(check_id: int) -> None:
    from shared_apps.core.actor import SYSTEM

    from .background_checks import submit_background_check as submit

    submit(actor=SYSTEM, check_id=check_id)


@shared_task
def sweep_background_checks() -> int:
    from shared_apps.core.actor import SYSTEM

    from .background_checks import sweep_background_checks as sweep

    return sweep(actor=SYSTEM)


@shared_task
def request_yearly_rechecks() -> int:
    from shared_apps.core.actor import SYSTEM

    from .background_checks import request_yearly_rechecks as request

    return request(actor=SYSTEM)
