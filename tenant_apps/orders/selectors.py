"""Reads of orders, scoped to the caller: a customer's own orders, a worker's own tasks, the office's
board. Missing and forbidden look the same."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from shared_apps.core.api import parse_id
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import NotFound
from tenant_apps.catalog.cancellation import CancellationTierTerms, cancellation_fee
from tenant_apps.people.models import Customer
from tenant_apps.workforce.models import ACTIVE_WORKER, WorkerProfile

from .machine import ACTIVE_STATES, FINAL_STATES, Context, Role, find_transition
from .models import (
    Order,
    OrderEvent,
    OrderException,
    OrderSettings,
    OrderStatus,
    PaymentMethod,
    RescheduleRequest,
    RescheduleStatus,
)

TASK_STATES = frozenset({OrderStatus.ASSIGNED, OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.ARRIVED,
                         OrderStatus.IN_SERVICE, OrderStatus.COMPLETED, OrderStatus.REVIEWED})
ACCEPTED_STATES = frozenset({OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.ARRIVED,
                             OrderStatus.IN_SERVICE})


def order_settings() -> OrderSettings:
    return OrderSettings.objects.filter(pk=1).first() or OrderSettings(pk=1)


def takes_bookings(settings: OrderSettings) -> bool:
    """Whether a booking here can be paid at all: online (an online method ready to take money, the
    sandbox by default), on site, or by the office confirming the payment. A company offering none
    of them takes no bookings (no dead ends); one taking only online payment does."""
    from tenant_apps.payments.selectors import checkout_methods

    return settings.allow_pay_on_site or settings.office_confirms_payment or bool(checkout_methods())


def order_of_hold(customer: Customer | None, hold_id) -> Order | None:
    """The customer's order booked from this hold, if any (a malformed id is none)."""
    import uuid

    try:
        hold = uuid.UUID(str(hold_id))
    except ValueError:
        return None
    if customer is None:
        return None
    return Order.objects.filter(customer=customer, hold_id=hold).first()


def _with_pending(qs: QuerySet[Order]) -> QuerySet[Order]:
    """Whether a move request waits for an answer, in the same query (the actions of a list of orders
    then cost no query per order)."""
    return qs.annotate(has_pending_reschedule=Exists(RescheduleRequest.objects.filter(
        order=OuterRef("pk"), status=RescheduleStatus.PENDING)))


def _with_timeline(qs: QuerySet[Order]) -> QuerySet[Order]:
    return _with_pending(qs).select_related("worker__staff_member", "customer__user").prefetch_related(
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor")),
        Prefetch("reschedule_requests", queryset=RescheduleRequest.objects.order_by("-created_at")),
    )


def _one(qs: QuerySet[Order], order_id) -> Order:
    pk = parse_id(order_id)
    found = qs.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise NotFound("order")
    return found


def orders_for_customer(customer: Customer, *, history: bool | None = None) -> QuerySet[Order]:
    qs = _with_pending(Order.objects.filter(customer=customer).select_related("worker__staff_member"))
    if history is True:
        qs = qs.filter(status__in=FINAL_STATES)
    elif history is False:
        qs = qs.filter(status__in=ACTIVE_STATES)
    return qs


def orders_by_hold(customer: Customer, hold_ids) -> dict:
    """The customer's orders booked from these holds, by hold id."""
    return {o.hold_id: o for o in Order.objects.filter(customer=customer, hold_id__in=list(hold_ids))}


def same_visit_orders(customer: Customer, *, service_id: int, start: datetime) -> QuerySet[Order]:
    """The customer's active orders of `service_id` starting at `start` (a booking made twice)."""
    return Order.objects.filter(customer=customer, service_id=service_id, starts_at=start,
                                status__in=ACTIVE_STATES).order_by("id")


def get_order_for_customer(customer: Customer, order_id) -> Order:
    return _one(_with_timeline(Order.objects.filter(customer=customer)), order_id)


def tasks_for_worker(worker: WorkerProfile) -> QuerySet[Order]:
    """The worker's tasks: offered to them or theirs, newest visit last."""
    return (_with_pending(Order.objects.filter(worker=worker, status__in=TASK_STATES))
            .select_related("customer__user", "worker__staff_member").order_by("starts_at", "id"))


def get_task_for(worker: WorkerProfile, order_id) -> Order:
    return _one(_with_timeline(Order.objects.filter(worker=worker, status__in=TASK_STATES)), order_id)


def office_orders(*, status: str | None = None, day: date | None = None, worker_id: int | None = None,
                  category_id: int | None = None) -> QuerySet[Order]:
    qs = _with_pending(Order.objects.select_related("worker__staff_member", "customer__user", "service"))
    qs = qs.prefetch_related(Prefetch("exceptions", queryset=OrderException.objects.filter(resolved_at__isnull=True)))
    if status:
        qs = qs.filter(status=status)
    if day is not None:
        zone = ZoneInfo(company_time_zone())
        start = datetime.combine(day, time(0), tzinfo=zone)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
    if worker_id is not None:
        qs = qs.filter(worker_id=worker_id)
    if category_id is not None:
        qs = qs.filter(service__category_id=category_id)
    return qs.order_by("starts_at", "id")


def get_order_for_dispatch(order_id) -> Order:
    """One order for the dispatcher's candidates, with its service (no timeline)."""
    return _one(Order.objects.select_related("service"), order_id)


def get_order_for_office(order_id) -> Order:
    return _one(_with_timeline(Order.objects.all()), order_id)


def open_exceptions() -> QuerySet[OrderException]:
    return OrderException.objects.filter(resolved_at__isnull=True).select_related("order")


def worker_profile_of_user(user) -> WorkerProfile | None:
    """The current company's worker profile of `user` if they are a worker here (ACTIVE_WORKER)."""
    return (WorkerProfile.objects.filter(ACTIVE_WORKER, staff_member__user_id=user.pk)
            .select_related("staff_member").first())


# ---- previews: what an action would cost now (reads; the action itself charges only this) ------------

def cancellation_fee_of(*, order: Order, role: str, now: datetime | None = None) -> int:
    """What cancelling now costs: the service's policy for the customer (nothing before payment);
    the office waives it. Raises as the cancel itself would when the order cannot be cancelled."""
    now = now or timezone.now()
    find_transition(order.status, "cancel", Context(role=role, now=now, reason="-"), order)
    if role != Role.CUSTOMER:
        return 0
    if order.status == OrderStatus.PENDING_PAYMENT and order.payment_method == PaymentMethod.ONLINE:
        return 0
    tiers = tuple(CancellationTierTerms(hours_before=h, percent_bp=bp, amount=a)
                  for h, bp, a in order.cancellation_tiers)
    return cancellation_fee(tiers=tiers, total=order.total, start=order.starts_at, cancelled_at=now,
                            worker_on_the_way=order.status == OrderStatus.ON_THE_WAY)


@dataclass(frozen=True)
class ReschedulePreview:
    start: datetime
    end: datetime
    fee: int


def reschedule_preview_of(*, order: Order, role: str, start: datetime, worker_id: int | None = None,
                          now: datetime | None = None) -> ReschedulePreview:
    """What moving the visit to `start` would cost `role` now; raises as the move itself would."""
    from .fees import reschedule_fee

    now = now or timezone.now()
    action = "reschedule" if role == Role.OFFICE else "request_reschedule"
    find_transition(order.status, action, Context(role=role, now=now, worker_id=worker_id, reason="-"), order)
    return ReschedulePreview(start=start, end=start + (order.ends_at - order.starts_at),
                             fee=reschedule_fee(order=order, role=role, now=now))


def on_site_reconciliation(*, day, time_zone: str) -> list:
    """The reconciliation rows of the day's on-site payments: each order paid on site whose visit
    was that company day. The worker completing the visit is what says the money was collected (the
    order's total); the ledger's offline payment for the order (posted at completion) must hold the
    same. A completed visit with nothing posted is missing in the ledger; money posted for a visit
    not completed (cancelled, still to come) is not backed by a collection. Two queries."""
    from tenant_apps.earnings.selectors import offline_payment_key
    from tenant_apps.ledger.selectors import posted_for_events
    from tenant_apps.payments.reconciliation import ReconciliationRow, Section, compare
    from tenant_apps.payments.selectors import day_bounds

    start, end = day_bounds(day, time_zone)
    orders = list(Order.objects.filter(payment_method=PaymentMethod.ON_SITE, starts_at__gte=start, starts_at__lt=end)
                  .only("pk", "total", "status", "starts_at").order_by("starts_at", "pk"))
    posted = posted_for_events(event_keys=[offline_payment_key(order.pk) for order in orders])
    rows = []
    for order in orders:
        collected = order.status in (OrderStatus.COMPLETED, OrderStatus.REVIEWED)
        ledger_fen = posted.get(offline_payment_key(order.pk), 0)
        rows.append(ReconciliationRow(
            section=Section.ON_SITE, record_id=order.pk, order_id=order.pk, reference=f"#{order.pk}",
            provider="onsite", kind=PaymentMethod.ON_SITE, status=order.status, amount_fen=order.total,
            ledger_fen=ledger_fen, provider_status="collected" if collected else "",
            provider_fen=order.total if collected else None,
            outcome=compare(ours=order.total, ledger_fen=ledger_fen, done_at_provider=collected,
                            provider_fen=order.total)))
    return rows
