"""Withdrawals: a worker asks for their available balance (it goes in transit at once, so it cannot
be spent twice); finance approves (the transfer goes to the provider) or rejects with a reason; the
provider's notification completes or fails it (failed money returns to available)."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.changes.services import record_change
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, NotFound, ValidationFailed
from shared_apps.core.sealing import seal
from shared_apps.notifications.services import notify
from shared_apps.payment_providers.interface import (
    Notification,
    NotificationKind,
    Payee,
    PayeeKind,
    ProviderError,
    TransferRequest,
)
from tenant_apps.catalog.selectors import current_company
from tenant_apps.ledger import services as ledger
from tenant_apps.ledger.errors import LedgerError
from tenant_apps.ledger.selectors import worker_balance
from tenant_apps.payments.models import MoneyEventKind
from tenant_apps.payments.money_events import record_money_event

from ..errors import EarningsError
from ..locks import lock_withdrawal, lock_worker_withdrawals
from ..models import PayoutMethod, Withdrawal, WithdrawalStatus
from ..selectors import account_in_clear, earning_settings, withdrawn_today
from ..transfers import transfer_provider

_CARD = re.compile(r"^\d{12,19}$")
_PHONE = re.compile(r"^1\d{10}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_OPENID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def _check_destination(*, method: str, payee_name: str, account: str) -> str:
    errors: dict[str, list[str]] = {}
    account = re.sub(r"[\s-]", "", account or "") if method == PayoutMethod.BANK_CARD else (account or "").strip()
    if method not in PayoutMethod.values:
        errors["method"] = [_("Choose a bank card, Alipay or WeChat.")]
    elif method == PayoutMethod.BANK_CARD and not _CARD.match(account):
        errors["account"] = [_("Enter the card number: 12 to 19 digits.")]
    elif method == PayoutMethod.ALIPAY and not (_PHONE.match(account) or _EMAIL.match(account)):
        errors["account"] = [_("Enter the Alipay account: a mobile number or an email address.")]
    elif method == PayoutMethod.WECHAT and not _OPENID.match(account):
        errors["account"] = [_("Enter the WeChat account id (6 to 64 letters, digits, - or _).")]
    if not (payee_name or "").strip() or len(payee_name.strip()) > 60:
        errors["payee_name"] = [_("Enter the account holder's real name (at most 60 characters).")]
    if errors:
        raise ValidationFailed(errors)
    return account


def request_withdrawal(*, actor: Any, amount: Any, method: str, payee_name: str, account: str,
                       now: datetime | None = None) -> Withdrawal:
    """The worker (`actor`) asks to be paid `amount` fen of their available balance at this company.
    Refused below the minimum, past the daily limit, or over the balance; otherwise the money is in
    transit at once and the request waits for finance."""
    now = now or timezone.now()
    if type(amount) is not int or amount <= 0:
        raise ValidationFailed({"amount": [_("Enter a positive amount.")]})
    account = _check_destination(method=method, payee_name=payee_name, account=account)
    limits = earning_settings()
    if amount < limits.withdrawal_minimum:
        message = _("The minimum withdrawal is %(minimum)s yuan.") % {"minimum": _yuan(limits.withdrawal_minimum)}
        raise DomainError(EarningsError.BELOW_MINIMUM, message, status=400, fields={"amount": [message]},
                          extra={"minimum": limits.withdrawal_minimum})
    with transaction.atomic():
        lock_worker_withdrawals(actor.pk)
        today = withdrawn_today(worker=actor, time_zone=company_time_zone(), now=now)
        if today + amount > limits.withdrawal_daily_limit:
            left = max(limits.withdrawal_daily_limit - today, 0)
            message = _("You can withdraw at most %(limit)s yuan a day; %(left)s yuan is left today.") % {
                "limit": _yuan(limits.withdrawal_daily_limit), "left": _yuan(left)}
            raise DomainError(EarningsError.DAILY_LIMIT, message, status=409, fields={"amount": [message]},
                              extra={"daily_limit": limits.withdrawal_daily_limit, "left_today": left})
        available = worker_balance(worker=actor).available
        if amount > available:
            raise _over_balance(available)
        withdrawal = Withdrawal.objects.create(worker=actor, amount=amount, method=method,
                                               payee_name=payee_name.strip(), sealed_account=seal({"account": account}))
        try:
            ledger.start_withdrawal(actor=actor, worker=actor, fen=amount, event_key=f"withdrawal:{withdrawal.pk}",
                                    memo=withdrawal.reference)
        except DomainError as error:
            if error.code == LedgerError.INSUFFICIENT_BALANCE:
                raise _over_balance(error.extra.get("balance", 0)) from error
            raise
        record_change(actor=actor, action="withdrawal.requested", target_id=withdrawal.pk,
                      data={"amount": amount, "method": method})
    return withdrawal


def _over_balance(available: int) -> DomainError:
    message = _("You have %(available)s yuan available to withdraw.") % {"available": _yuan(available)}
    return DomainError(EarningsError.NOT_ENOUGH_AVAILABLE, message, status=409, fields={"amount": [message]},
                       extra={"available": available})


def _reviewable(withdrawal_id: int) -> Withdrawal:
    withdrawal = lock_withdrawal(withdrawal_id)
    if withdrawal is None:
        raise NotFound("withdrawal")
    if withdrawal.status != WithdrawalStatus.REQUESTED:
        raise DomainError(EarningsError.NOT_REVIEWABLE, _("This withdrawal was already reviewed."), status=409,
                          extra={"status": withdrawal.status})
    return withdrawal


_PAYEE_KIND = {PayoutMethod.BANK_CARD: PayeeKind.BANK_CARD, PayoutMethod.ALIPAY: PayeeKind.ALIPAY,
               PayoutMethod.WECHAT: PayeeKind.WECHAT}


def approve_withdrawal(*, actor: Any, withdrawal: Withdrawal, notify_url: str, note: str = "",
                       now: datetime | None = None) -> Withdrawal:
    """Finance approves: the transfer goes to the provider (its notification completes it later).
    A transfer the provider refuses outright fails the withdrawal and returns the money."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _reviewable(withdrawal.pk)
        provider = transfer_provider()
        locked.status, locked.reviewed_by, locked.reviewed_at = WithdrawalStatus.IN_TRANSIT, actor, now
        locked.reviewed_by_name, locked.provider = str(actor)[:150], provider.name
        try:
            state = provider.transfer(TransferRequest(
                reference=locked.reference, amount_fen=locked.amount,
                payee=Payee(kind=_PAYEE_KIND[locked.method], account=account_in_clear(locked), name=locked.payee_name),
                description=" ".join(part for part in (_("Withdrawal"), locked.reference, note.strip()) if part)[:120],
                notify_url=notify_url))
        except ProviderError as error:
            locked.save()
            record_change(actor=actor, action="withdrawal.approved", target_id=locked.pk,
                          data={"amount": locked.amount})
            return _fail(actor=actor, withdrawal=locked, reason=str(error)[:300] or "transfer refused", now=now)
        locked.provider_transfer_id = state.provider_transfer_id[:100]
        locked.save()
        record_change(actor=actor, action="withdrawal.approved", target_id=locked.pk,
                      data={"amount": locked.amount, "provider": provider.name})
        _tell(actor=actor, withdrawal=locked, kind="payout.approved")
    return locked


def reject_withdrawal(*, actor: Any, withdrawal: Withdrawal, reason: str, now: datetime | None = None) -> Withdrawal:
    """Finance refuses, with a reason the worker reads: the money returns to their available balance."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise ValidationFailed({"reason": [_("Say why (at most 300 characters).")]})
    with transaction.atomic():
        locked = _reviewable(withdrawal.pk)
        ledger.fail_withdrawal(actor=actor, worker=locked.worker_id, fen=locked.amount,
                               event_key=f"withdrawal:{locked.pk}:returned", memo=reason)
        locked.status, locked.reviewed_by, locked.reviewed_at = WithdrawalStatus.REJECTED, actor, now
        locked.reviewed_by_name, locked.reject_reason, locked.finished_at = str(actor)[:150], reason, now
        locked.save()
        record_change(actor=actor, action="withdrawal.rejected", target_id=locked.pk, reason=reason,
                      data={"amount": locked.amount})
        _tell(actor=actor, withdrawal=locked, kind="payout.rejected", reason=reason)
    return locked


def _fail(*, actor: Any, withdrawal: Withdrawal, reason: str, now: datetime) -> Withdrawal:
    """Expects the withdrawal locked: the transfer failed, the money returns to available."""
    ledger.fail_withdrawal(actor=actor, worker=withdrawal.worker_id, fen=withdrawal.amount,
                           event_key=f"withdrawal:{withdrawal.pk}:returned", memo=reason)
    withdrawal.status, withdrawal.failure_reason, withdrawal.finished_at = WithdrawalStatus.FAILED, reason, now
    withdrawal.save(update_fields=["status", "failure_reason", "finished_at", "updated_at"])
    record_change(actor=actor, action="withdrawal.failed", target_id=withdrawal.pk, reason=reason,
                  data={"amount": withdrawal.amount})
    _money_event(actor=actor, withdrawal=withdrawal, kind=MoneyEventKind.WITHDRAWAL_FAILED)
    _tell(actor=actor, withdrawal=withdrawal, kind="payout.failed")
    return withdrawal


def apply_transfer_notification(*, actor: Any, notification: Notification, now: datetime | None = None) -> Withdrawal:
    """A verified transfer notification: completes or fails its withdrawal once (repeats and late
    ones change nothing). An unknown reference or a wrong amount is refused."""
    now = now or timezone.now()
    if notification.kind not in (NotificationKind.TRANSFER_SUCCEEDED, NotificationKind.TRANSFER_FAILED):
        raise DomainError(EarningsError.NOTIFICATION_REJECTED, _("Not a transfer notification."), status=400)
    match = re.fullmatch(r"WD(\d{10})", notification.reference or "")
    with transaction.atomic():
        withdrawal = lock_withdrawal(int(match.group(1))) if match else None
        if withdrawal is None or withdrawal.amount != notification.amount_fen or notification.currency != "CNY":
            raise DomainError(EarningsError.NOTIFICATION_REJECTED,
                              _("No withdrawal matches this notification."), status=400)
        if withdrawal.status != WithdrawalStatus.IN_TRANSIT:
            return withdrawal  # processed before: a repeat
        if notification.kind == NotificationKind.TRANSFER_FAILED:
            reason = str(notification.raw.get("failure_reason", "") or "transfer failed")
            return _fail(actor=actor, withdrawal=withdrawal, reason=reason, now=now)
        ledger.complete_withdrawal(actor=actor, worker=withdrawal.worker_id, provider=withdrawal.provider or
                                   notification.provider, fen=withdrawal.amount,
                                   event_key=f"withdrawal:{withdrawal.pk}:paid", memo=withdrawal.reference)
        withdrawal.status, withdrawal.finished_at = WithdrawalStatus.PAID, now
        withdrawal.provider_transfer_id = withdrawal.provider_transfer_id or notification.provider_id[:100]
        withdrawal.save(update_fields=["status", "finished_at", "provider_transfer_id", "updated_at"])
        record_change(actor=actor, action="withdrawal.paid", target_id=withdrawal.pk,
                      data={"amount": withdrawal.amount, "event_id": notification.event_id})
        _money_event(actor=actor, withdrawal=withdrawal, kind=MoneyEventKind.WITHDRAWAL_PAID)
        _tell(actor=actor, withdrawal=withdrawal, kind="payout.paid")
    return withdrawal


def _money_event(*, actor: Any, withdrawal: Withdrawal, kind: str) -> None:
    """The company's own systems hear of the payout (in the same transaction as its posting)."""
    record_money_event(actor=actor, kind=kind, data={
        "withdrawal_id": withdrawal.pk, "reference": withdrawal.reference, "worker_id": withdrawal.worker_id,
        "amount_fen": withdrawal.amount, "currency": "CNY", "method": withdrawal.method,
        "provider": withdrawal.provider, "failure_reason": withdrawal.failure_reason,
        "finished_at": withdrawal.finished_at.isoformat() if withdrawal.finished_at else None})


def _tell(*, actor: Any, withdrawal: Withdrawal, kind: str, reason: str = "") -> None:
    company = current_company()
    notify(actor=actor, user_ids=[withdrawal.worker_id], kind=kind, dedupe_key=f"{kind}:{withdrawal.pk}",
           context={"company": company.name, "language": company.default_language, "amount": _yuan(withdrawal.amount),
                    "reason": reason, "data": {"withdrawal_id": withdrawal.pk, "company_id": company.pk}})




