"""What an order's notifications say and whom they go to; written to the outbox in the caller's
transaction (shared_apps.notifications delivers after commit)."""
from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from shared_apps.accounts.models import User
from shared_apps.core.actor import SystemActor
from shared_apps.notifications.services import notify, notify_each
from tenant_apps.catalog.selectors import current_company

from .models import Order


def order_context(order: Order, **extra) -> dict:
    company = current_company()
    zone = ZoneInfo(company.time_zone)
    worker = order.worker.staff_member.display_name if order.worker_id else ""
    # "times" are written out when delivered, in the reader's language and the company's time zone.
    times = {"start": order.starts_at.isoformat(),
             **{k: v.isoformat() for k, v in extra.items() if hasattr(v, "astimezone")}}
    return {
        "company": company.name, "language": company.default_language, "order": f"#{order.pk}",
        "time_zone": company.time_zone, "times": times,
        "service": order.service_name, "start": order.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        "worker": worker, "data": {"order_id": order.pk, "company_id": company.pk},
        **{k: (v.astimezone(zone).strftime("%Y-%m-%d %H:%M") if hasattr(v, "astimezone") else v)
           for k, v in extra.items()},
    }


def customer_user_id(order: Order) -> int:
    return order.customer.user_id


def worker_user_id(order: Order) -> int | None:
    return order.worker.staff_member.user_id if order.worker_id else None


def tell(*, actor: User | SystemActor, order: Order, kind: str, to: Iterable[int | None], **extra) -> None:
    notify(actor=actor, user_ids=[u for u in to if u], kind=kind, context=order_context(order, **extra))


def tell_each(*, actor: User | SystemActor, kind: str, messages: Iterable[tuple[Order, Iterable[int | None]]]) -> None:
    """tell() for many orders at once (a batch of automatic offers): one INSERT of outbox rows."""
    notify_each(actor=actor, messages=[([u for u in to if u], kind, order_context(order)) for order, to in messages])
