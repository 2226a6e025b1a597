"""Celery entry points of orders: beat jobs that fan out over companies, one schema at a time."""
from celery import shared_task


def _each_company(job) -> int:
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from tenants.selectors import companies

    total = 0
    for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            total += job(actor=SYSTEM)
    return total


@shared_task
def expire_unpaid_orders() -> int:
    """Beat, every minute: cancel orders unpaid past the company's limit and release their holds."""
    from .services.monitoring import expire_unpaid_orders as expire

    return _each_company(expire)


@shared_task
def raise_order_exceptions() -> int:
    """Beat, every minute: late departures and arrivals, overruns, too many declines."""
    from .services.monitoring import raise_order_exceptions as raise_them

    return _each_company(raise_them)


@shared_task
def send_order_reminders() -> int:
    """Beat, every five minutes: reminders the day before and an hour before."""
    from .services.monitoring import send_reminders

    return _each_company(send_reminders)


@shared_task(acks_late=True)
def expire_offer(schema_name: str, order_id: int, worker_id: int) -> bool:
    """An automatic offer's deadline (scheduled with a countdown when it is made): if the worker has
    not answered, the order moves to the next candidate. Idempotent: an answered offer is left alone."""
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM

    from .services.dispatch import expire_offer as expire

    with schema_context(schema_name):
        return expire(actor=SYSTEM, order_id=order_id, worker_id=worker_id)


@shared_task(acks_late=True)
def expire_offers(schema_name: str, offers: list[list[int]]) -> int:
    """The shared deadline of a batch of automatic offers (offer_in_bulk): expire_offer for each
    [order id, worker id]; one task instead of one per offer. Idempotent as expire_offer."""
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM

    from .services.dispatch import expire_offer as expire

    with schema_context(schema_name):
        return sum(expire(actor=SYSTEM, order_id=order_id, worker_id=worker_id) for order_id, worker_id in offers)


@shared_task
def sweep_automatic_dispatch() -> int:
    """Beat, every minute: offers whose deadline task was lost, and orders that waited for quiet hours."""
    from .services.dispatch import sweep_automatic_dispatch as sweep

    return _each_company(sweep)
