"""What beat does in each company: cancel orders unpaid past the limit (their hold is released),
raise exceptions for the office (late departure, late arrival, running over, too many declines),
and send reminders the day before and an hour before."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_noop

from shared_apps.core.actor import SystemActor
from shared_apps.core.company import company_time_zone
from shared_apps.credentials.selectors import credential_validity

from ..assignments import cancel_rows
from ..locks import lock_order
from ..machine import Context, Role, apply_transition, record_event
from ..models import ExceptionKind, Order, OrderEvent, OrderException, OrderStatus
from ..notices import customer_user_id, tell, worker_user_id
from ..selectors import order_settings

S = OrderStatus


def expire_unpaid_orders(*, actor: SystemActor, now: datetime | None = None) -> int:
    now = now or timezone.now()
    count = 0
    for pk in Order.objects.filter(status=S.PENDING_PAYMENT, pay_by__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            order = lock_order(pk)
            if order.status != S.PENDING_PAYMENT:
                continue
            apply_transition(actor=actor, order=order, action="expire", ctx=Context(role=Role.SYSTEM, now=now),
                             data={"pay_by": order.pay_by.isoformat()})
            cancel_rows(order, actor=actor)
            tell(actor=actor, order=order, kind="order.cancelled", to=[customer_user_id(order)],
                 reason=gettext_noop("It was not paid in time."))
            count += 1
    return count


def raise_order_exceptions(*, actor: SystemActor, now: datetime | None = None) -> int:
    """Open an exception (once per order and kind) for each order that needs the office's eye."""
    now = now or timezone.now()
    found: list[tuple[Order, str, dict]] = []
    not_left = Order.objects.filter(status__in=(S.ASSIGNED, S.ACCEPTED), starts_at__lte=now + timedelta(minutes=30),
                                    starts_at__gt=now - timedelta(hours=12))
    found += [(o, ExceptionKind.NOT_ON_THE_WAY, {}) for o in not_left]
    late = Order.objects.filter(status__in=(S.ASSIGNED, S.ACCEPTED, S.ON_THE_WAY),
                                starts_at__lte=now - timedelta(minutes=10), starts_at__gt=now - timedelta(hours=12))
    found += [(o, ExceptionKind.LATE_ARRIVAL, {}) for o in late]
    over = Order.objects.filter(status=S.IN_SERVICE, ends_at__lte=now - timedelta(minutes=15))
    found += [(o, ExceptionKind.RUNNING_OVER, {}) for o in over]
    threshold = order_settings().declines_alert
    decliners = (OrderEvent.objects.filter(action="decline", created_at__gte=now - timedelta(days=7))
                 .values("data__worker").annotate(n=Count("id")).filter(n__gte=threshold))
    for row in decliners:
        last = (OrderEvent.objects.filter(action="decline", data__worker=row["data__worker"])
                .select_related("order").order_by("-created_at").first())
        if last is not None:
            found.append((last.order, ExceptionKind.DECLINED_TOO_OFTEN,
                          {"worker": row["data__worker"], "declines": row["n"]}))
    found += _credential_lapses(now)
    raised = 0
    for order, kind, detail in found:
        with transaction.atomic():
            _exception, created = OrderException.objects.get_or_create(order=order, kind=kind,
                                                                       defaults={"detail": detail})
            if created:
                record_event(actor=actor, order=order, action="raise_exception", role=Role.SYSTEM,
                             from_status=order.status, data={"kind": kind, **detail})
                raised += 1
    return raised


def _credential_lapses(now: datetime) -> list[tuple[Order, str, dict]]:
    """Booked visits whose worker lacks a credential the service requires on the visit's day (missing,
    not approved, or expiring before it): the office hears now, not on the day. One query for the
    orders, one for the credentials, only when some booked service requires any."""
    orders = list(Order.objects.filter(status__in=(S.ASSIGNED, S.ACCEPTED), starts_at__gt=now, worker__isnull=False)
                  .exclude(service__required_credentials=[])
                  .select_related("service", "worker__staff_member"))
    if not orders:
        return []
    kinds = {kind for order in orders for kind in order.service.required_credentials}
    valid_until = credential_validity([o.worker.staff_member.user_id for o in orders], kinds)
    time_zone = ZoneInfo(company_time_zone())
    found = []
    for order in orders:
        day = order.starts_at.astimezone(time_zone).date()
        user_id = order.worker.staff_member.user_id
        lapsing = [kind for kind in order.service.required_credentials
                   if (user_id, kind) not in valid_until
                   or (valid_until[(user_id, kind)] is not None and valid_until[(user_id, kind)] < day)]
        if lapsing:
            found.append((order, ExceptionKind.CREDENTIAL_LAPSES, {"worker": order.worker_id, "credentials": lapsing}))
    return found


def send_reminders(*, actor: SystemActor, now: datetime | None = None) -> int:
    """The day before and an hour before, to the customer and the worker; once each (the flags are
    set under the order's lock in the transaction that writes the outbox rows)."""
    now = now or timezone.now()
    sent = 0
    upcoming = (S.PENDING_DISPATCH, S.ASSIGNED, S.ACCEPTED)
    plans = (("reminded_hour_at", timedelta(hours=1), "order.reminder_hour"),
             ("reminded_day_at", timedelta(hours=24), "order.reminder_day"))
    for flag, ahead, kind in plans:
        due = Order.objects.filter(status__in=upcoming, starts_at__gt=now, starts_at__lte=now + ahead,
                                   **{f"{flag}__isnull": True}).values_list("pk", flat=True)
        for pk in due:
            with transaction.atomic():
                order = lock_order(pk)
                if getattr(order, flag) is not None or order.status not in upcoming:
                    continue
                if flag == "reminded_day_at" and order.reminded_hour_at is not None:
                    continue
                setattr(order, flag, now)
                if flag == "reminded_hour_at" and order.reminded_day_at is None:
                    order.reminded_day_at = now  # an hour's notice makes the day's one pointless
                order.save(update_fields=["reminded_day_at", "reminded_hour_at", "updated_at"])
                tell(actor=actor, order=order, kind=kind, to=[customer_user_id(order), worker_user_id(order)])
                sent += 1
    return sent
