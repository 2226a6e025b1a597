"""Writers of the platform's ledger (public schema). Company ledgers call these in their own
database transaction (tenant_apps.ledger.services.charge_platform_fee), so both books move together."""
from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import ValidationFailed

from .locks import lock_platform_accounts
from .models import MAY_GO_NEGATIVE, PlatformAccount, PlatformAccountKind, PlatformPosting, PlatformTransaction
from .models import PlatformTransactionKind as Kind


def post_platform_fee(*, actor: Any, company_id: int, fen: int, order_id: int | None = None,
                      event_key: str | None = None, memo: str = "") -> PlatformTransaction:
    """The platform earned `fen` from the company: receivable from it, booked as fee revenue. Posts
    once per event key (a repeat returns the first transaction)."""
    if type(fen) is not int or fen <= 0:
        raise ValidationFailed({"fen": [_("Enter a whole, positive number of fen.")]})
    receivable = _account(PlatformAccountKind.FEES_RECEIVABLE, company_id)
    # Revenue is kept per company too: one global revenue row would serialise every company's fees.
    revenue = _account(PlatformAccountKind.FEE_REVENUE, company_id)
    user_id = None if actor is None or isinstance(actor, SystemActor) else getattr(actor, "pk", None)
    with transaction.atomic():
        if event_key:
            first = PlatformTransaction.objects.filter(event_key=event_key).first()
            if first is not None:
                return first
        try:
            with transaction.atomic():
                journal = PlatformTransaction.objects.create(
                    kind=Kind.PLATFORM_FEE, memo=(memo or "")[:300], actor_id=user_id,
                    actor_name=str(actor)[:150] if actor is not None else "", company_id=company_id,
                    order_id=order_id, event_key=event_key or None)
        except IntegrityError:
            if not event_key:
                raise
            return PlatformTransaction.objects.get(event_key=event_key)
        lock_platform_accounts([receivable.pk, revenue.pk])
        PlatformPosting.objects.bulk_create([PlatformPosting(transaction=journal, account=revenue, amount=fen),
                                             PlatformPosting(transaction=journal, account=receivable, amount=-fen)])
    return journal


def _account(kind: str, company_id: int | None) -> PlatformAccount:
    condition = Q(kind=kind, company_id=company_id) if company_id is not None else Q(kind=kind, company__isnull=True)
    found = PlatformAccount.objects.filter(condition).first()
    if found is None:
        PlatformAccount.objects.bulk_create([PlatformAccount(kind=kind, company_id=company_id,
                                                             may_go_negative=kind in MAY_GO_NEGATIVE)],
                                            ignore_conflicts=True)
        found = PlatformAccount.objects.get(condition)
    return found
