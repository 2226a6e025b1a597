"""Celery entry points of accounts."""
from celery import shared_task


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_login_code(self, *, phone: str, code: str) -> None:
    from .services import deliver_login_code

    deliver_login_code(phone=phone, code=code)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_banned_notice(self, *, phone: str) -> None:
    from .services import deliver_banned_notice

    deliver_banned_notice(phone=phone)


@shared_task
def purge_expired_sms_codes() -> int:
    from datetime import timedelta

    from django.utils import timezone

    from .models import SmsCode

    deleted, _ = SmsCode.objects.filter(expires_at__lt=timezone.now() - timedelta(days=1)).delete()
    return deleted
