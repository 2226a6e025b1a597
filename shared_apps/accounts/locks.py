"""Row locks of accounts (public schema). Each expects a transaction. A user's row before their
codes."""
from __future__ import annotations

from .models import SmsCode, SmsPurpose, User


def lock_user_by_phone(e164: str) -> User | None:
    return User.objects.select_for_update().filter(phone=e164).first()


def lock_live_login_code(e164: str) -> SmsCode | None:
    """The phone's newest unconsumed sign-in code."""
    return (SmsCode.objects.select_for_update()
            .filter(phone=e164, purpose=SmsPurpose.LOGIN, consumed_at__isnull=True)
            .order_by("-created_at").first())


def lock_user(user_id: int) -> User:
    """The user, locked until the end of the transaction (expects one): a status change."""
    return User.objects.select_for_update().get(pk=user_id)
