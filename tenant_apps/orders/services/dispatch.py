"""Giving an order to a worker: the office's assign/reassign, the system's automatic offer (after
payment, after a decline), and the order's assignment rows in scheduling.

The no-double-booking rule is the database's: moving an assignment to a busy worker violates the
exclusion constraint and becomes worker_busy (409)."""
from __future__ import annotations

import functools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.core.actor import SYSTEM, SystemActor
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.core.hours import LocalClock, epoch_minute
from tenant_apps.scheduling.engine import free_workers_at
from tenant_apps.scheduling.selectors import availability_search, eligible_workers, job_terms_for
from tenant_apps.scheduling.services import book_worker, book_workers
from tenant_apps.workforce.models import ACTIVE_WORKER, WorkerProfile

from ..assignments import cancel_rows, holds_with_rows, job_request_of, order_rows, visit_of
from ..candidates import DispatchView, best_first, dispatch_settings, passed_workers, rank_candidates, weights_of
from ..errors import OrderError
from ..locks import lock_dispatch_settings, lock_order, lock_orders
from ..machine import Context, Role, apply_transition, apply_transitions, find_transition
from ..models import DispatchSettings, ExceptionKind, Order, OrderEvent, OrderException, OrderStatus
from ..notices import tell, tell_each, worker_user_id


def _check_worker(order: Order, worker_id: int) -> WorkerProfile:
    skills = tuple(order.service.required_skills or ())
    worker = eligible_workers(service_id=order.service_id, required_skills=skills).filter(pk=worker_id).first()
    if worker is None:
        raise ValidationFailed({"worker": [_("This worker cannot do this service.")]})
    return worker


def give_to_worker(*, actor: User | SystemActor, role: str, order: Order, worker_id: int, reason: str = "",
                   now: datetime, caused_by: User | SystemActor | None = None, replacing: int | None = None,
                   offer_expires_at: datetime | None = None, without_rows: bool = False) -> OrderEvent:
    """Assign (pending dispatch) or reassign (offered or accepted) the locked order to `worker_id`.
    `caused_by`: whose action made the system offer it (kept in the event's data). `replacing`: the
    worker whose row moves to them when the order has no worker yet (the one its time was held for).
    `offer_expires_at`: the automatic offer's deadline (none for the office's). `without_rows`: the
    caller (offer_in_bulk) has just ranked the worker for this order, so the worker's checks passed,
    and knows the order has no assignment rows: neither is read again. Expects the order's lock."""
    action = "assign" if order.status == OrderStatus.PENDING_DISPATCH else "reassign"
    ctx = Context(role=role, now=now, reason=reason, data={"worker_id": worker_id})
    find_transition(order.status, action, ctx, order)
    if not without_rows:
        _check_worker(order, worker_id)
    previous = order.worker_id
    mover = previous if previous and previous != worker_id else replacing
    if without_rows or not order_rows(order).filter(worker_id=worker_id).exists():
        keeps_row = (not without_rows and mover and mover != worker_id
                     and order_rows(order).filter(worker_id=mover).exists())
        # scheduling books them (worker_busy when they are busy then, here or in another company)
        book_worker(actor=actor, visit=visit_of(order), worker_id=worker_id,
                    replacing=mover if keeps_row else None)
    old_user = worker_user_id(order)
    order.worker_id = worker_id
    order.worker = WorkerProfile.objects.select_related("staff_member").get(pk=worker_id)
    order.offer_expires_at = offer_expires_at
    event = apply_transition(actor=actor, order=order, action=action, ctx=ctx,
                             update_fields=("worker", "offer_expires_at"),
                             data={"worker": worker_id, "previous_worker": previous,
                                   **({"caused_by": caused_by.pk} if getattr(caused_by, "pk", None) else {})})
    tell(actor=actor, order=order, kind="order.assigned", to=[worker_user_id(order)])
    if previous and previous != worker_id:
        tell(actor=actor, order=order, kind="order.task_cancelled", to=[old_user])
    return event


def assign_worker(*, actor: User, order: Order, worker_id: int, reason: str = "",
                  now: datetime | None = None) -> Order:
    """The office gives the order to a worker (or to another one). Giving it to the worker who already
    has it changes nothing and says so (nothing_changed, 409): no event, no notification."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        if worker_id == locked.worker_id:
            message = _("The order is already with %(worker)s; nothing changed.") % {
                "worker": locked.worker.staff_member.display_name}
            raise DomainError(OrderError.NOTHING_CHANGED, message, status=409, fields={"worker": [message]})
        give_to_worker(actor=actor, role=Role.OFFICE, order=locked, worker_id=worker_id, reason=reason, now=now)
    return locked


def offer_automatically(*, actor: User | SystemActor, order: Order, now: datetime,
                        exclude: frozenset[int] = frozenset()) -> bool:
    """Offer the locked, pending-dispatch order to the best free worker who has not declined it;
    False when nobody is free (the office dispatches by hand). The system offers; `actor` (whose
    payment or decline set it off) is kept in the event. Expects the order's lock."""
    if order.status != OrderStatus.PENDING_DISPATCH:
        return False
    settings = dispatch_settings()
    if settings.auto_dispatch and order.crew_size == 1:
        return _offer_to_best(actor=actor, order=order, now=now, exclude=exclude, settings=settings)
    held = [w for w in order_rows(order).values_list("worker_id", flat=True) if w not in exclude]
    if held:
        give_to_worker(actor=SYSTEM, role=Role.SYSTEM, order=order, worker_id=held[0], now=now, caused_by=actor)
        return True
    try:
        terms = job_terms_for(job_request_of(order), now=now)
        day = LocalClock(company_time_zone()).local_date(epoch_minute(order.starts_at))
        search = availability_search(terms=terms, first_day=day, last_day=day, now=now)
        free = [w for w in free_workers_at(search, start=order.starts_at) if w not in exclude]
    except DomainError:
        return False
    for worker_id in free:
        try:
            with transaction.atomic():
                give_to_worker(actor=SYSTEM, role=Role.SYSTEM, order=order, worker_id=worker_id, now=now,
                               caused_by=actor)
            return True
        except DomainError:
            continue
    return False


def release_bookings_of_leaving_worker(*, actor: User | SystemActor, company, member,
                                       now: datetime | None = None) -> list[int]:
    """A staff change step: when `member` no longer does jobs (removed, deactivated, profile
    suspended), none of their orders still ahead (offered or accepted) keeps them. Each is offered to
    another free worker, or goes back to dispatch with an exception for the office. Returns the ids of
    the orders that had to go back to the office. Runs in the changing service's transaction."""
    if WorkerProfile.objects.filter(ACTIVE_WORKER, pk=member.pk).exists():
        return []
    now = now or timezone.now()
    stranded = []
    ahead = Order.objects.filter(worker_id=member.pk, status__in=(OrderStatus.ASSIGNED, OrderStatus.ACCEPTED))
    for order_id in ahead.order_by("pk").values_list("pk", flat=True):  # lock order: by primary key
        locked = lock_order(order_id)
        if locked.worker_id != member.pk or locked.status not in (OrderStatus.ASSIGNED, OrderStatus.ACCEPTED):
            continue
        user_id = worker_user_id(locked)
        apply_transition(actor=actor, order=locked, action="release", ctx=Context(role=Role.SYSTEM, now=now),
                         data={"worker": member.pk})
        cancel_rows(locked, actor=actor, worker_id=member.pk)
        locked.worker = None
        locked.save(update_fields=["worker", "updated_at"])
        tell(actor=actor, order=locked, kind="order.task_cancelled", to=[user_id])
        if not offer_automatically(actor=actor, order=locked, now=now, exclude=frozenset({member.pk})):
            OrderException.objects.update_or_create(order=locked, kind=ExceptionKind.WORKER_LEFT,
                                                    defaults={"detail": {"worker": member.pk}, "resolved_at": None})
            stranded.append(locked.pk)
    return stranded


# ---- automatic dispatch ---------------------------------------------------------------------------

def offer_in_bulk(*, actor: User | SystemActor, order_ids, now: datetime | None = None) -> dict[int, bool]:
    """Automatic dispatch's first offer for many paid orders at once (beat's sweep after an outage,
    a batch of payments): the same offers `offer_automatically` would make taking the orders one
    after another in id order, in one transaction. The workers' days are read once
    (candidates.DispatchView); each order is given, in memory, to the best-ranked worker free then and
    not in quiet hours (candidates.best_first), whose day then counts it; then every offer is
    written at once: the rows through scheduling's book_workers (the exclusion constraints still
    judge), the orders and their events (machine.apply_transitions), the notices, and one deadline
    task for the batch. When the database refuses (somebody booked one of those workers since the
    days were read) nothing of the batch is written and its orders are offered one by one through
    offer_automatically. Orders with assignment rows of their own (time held for a worker), with a
    worker, crews, and companies without automatic dispatch go through offer_automatically one by one,
    after the batch. Returns {order id: offered}."""
    now = now or timezone.now()
    settings = dispatch_settings()
    done: dict[int, bool] = {}
    with transaction.atomic():
        orders = lock_orders(order_ids)
        waiting = [o for o in orders if o.status == OrderStatus.PENDING_DISPATCH]
        with_rows = holds_with_rows(waiting)
        bulk = [o for o in waiting if settings.auto_dispatch and o.crew_size == 1 and o.hold_id not in with_rows
                and o.worker_id is None]
        in_bulk = {o.pk for o in bulk}
        if bulk:
            view = DispatchView(bulk, now=now)
            passed = _passed_of(bulk)
            quiet = _quiet_workers([row[0] for row in view.rows], now)
            weights = weights_of(settings)
            picks: list[tuple[Order, int]] = []
            for order in bulk:
                chosen, waits = None, False
                for worker_id in best_first(order, view=view, passed=passed.get(order.pk, frozenset()),
                                            weights=weights):
                    if worker_id in quiet:
                        waits = True
                        continue
                    chosen = worker_id
                    break
                done[order.pk] = chosen is not None
                if chosen is not None:
                    view.record_offer(order, chosen)
                    picks.append((order, chosen))
                elif not waits:
                    OrderException.objects.update_or_create(
                        order=order, kind=ExceptionKind.NOBODY_ACCEPTED,
                        defaults={"detail": {"passed": sorted(passed.get(order.pk, ()))}, "resolved_at": None})
            try:
                with transaction.atomic():
                    _write_offers(actor=actor, picks=picks, now=now,
                                  deadline=now + timedelta(minutes=settings.offer_minutes))
            except DomainError:  # a worker was booked since the days were read: one by one, as before
                for order, _worker_id in picks:  # read again: nothing of the batch was written
                    with transaction.atomic():
                        done[order.pk] = offer_automatically(actor=actor, order=lock_order(order.pk), now=now)
        for order in orders:
            if order.pk not in in_bulk:
                with transaction.atomic():
                    done[order.pk] = offer_automatically(actor=actor, order=order, now=now)
    return done


def _write_offers(*, actor: User | SystemActor, picks: list[tuple[Order, int]], now: datetime,
                  deadline: datetime) -> None:
    """Write offer_in_bulk's offers: what give_to_worker writes for one offer, for all of them in a
    few statements. worker_busy (DomainError) from book_workers before anything else is written or
    any order is changed in memory. Expects the orders' locks."""
    if not picks:
        return
    book_workers(actor=SYSTEM, bookings=[(visit_of(order), worker_id) for order, worker_id in picks])
    workers = WorkerProfile.objects.select_related("staff_member").in_bulk({w for _o, w in picks})
    caused_by = {"caused_by": actor.pk} if getattr(actor, "pk", None) else {}
    moves = []
    for order, worker_id in picks:
        ctx = Context(role=Role.SYSTEM, now=now, data={"worker_id": worker_id})
        moves.append((order, ctx, {"worker": worker_id, "previous_worker": order.worker_id, **caused_by}))
        order.worker_id, order.worker, order.offer_expires_at = worker_id, workers[worker_id], deadline
    apply_transitions(actor=SYSTEM, action="assign", moves=moves, update_fields=("worker", "offer_expires_at"))
    tell_each(actor=SYSTEM, kind="order.assigned", messages=[(order, [worker_user_id(order)]) for order, _w in picks])
    transaction.on_commit(functools.partial(_schedule_expiries, connection.schema_name,
                                            [[order.pk, worker_id] for order, worker_id in picks], deadline))


def _schedule_expiries(schema: str, offers: list[list[int]], deadline: datetime) -> None:
    from ..tasks import expire_offers as expire_offers_task

    expire_offers_task.apply_async(args=(schema, offers), eta=deadline)


def _passed_of(orders: list[Order]) -> dict[int, frozenset[int]]:
    """passed_workers() of many orders: one query."""
    found: dict[int, set[int]] = {}
    if orders:
        for order_id, worker_id in OrderEvent.objects.filter(
                order_id__in=[o.pk for o in orders], action__in=("decline", "expire_offer")).values_list(
                "order_id", "data__worker"):
            found.setdefault(order_id, set()).add(worker_id)
    return {pk: frozenset(workers) for pk, workers in found.items()}


def _offer_to_best(*, actor: User | SystemActor, order: Order, now: datetime, exclude: frozenset[int],
                   settings: DispatchSettings, view: DispatchView | None = None,
                   passed: frozenset[int] | None = None, quiet: set[int] | None = None) -> bool:
    """Automatic dispatch: offer the locked order to the best-ranked candidate not in their quiet
    hours, for `settings.offer_minutes`. Nobody left (everyone passed, busy or unable) raises the
    office's nobody_accepted exception; candidates who are all in quiet hours make it wait (the
    beat sweep offers again when one wakes). Expects the order's lock. `view`, `passed`, `quiet`:
    offer_in_bulk's batch (an order without rows of its own), read once for all its orders."""
    if passed is None:
        passed = passed_workers(order)
    ranking = rank_candidates(order, now=now, passed=exclude | passed, settings=settings, view=view)
    holder = None if view is not None else next(iter(order_rows(order).values_list("worker_id", flat=True)), None)
    if quiet is None:
        quiet = _quiet_workers([c.worker_id for c in ranking.candidates], now)
    deadline = now + timedelta(minutes=settings.offer_minutes)
    waiting = False
    for candidate in ranking.candidates:
        if candidate.worker_id in quiet:
            waiting = True
            continue
        try:
            with transaction.atomic():
                give_to_worker(actor=SYSTEM, role=Role.SYSTEM, order=order, worker_id=candidate.worker_id, now=now,
                               caused_by=actor, replacing=holder, offer_expires_at=deadline,
                               without_rows=view is not None)
        except DomainError:  # booked by another offer since it was ranked: the next one
            continue
        transaction.on_commit(functools.partial(_schedule_expiry, connection.schema_name, order.pk,
                                                candidate.worker_id, deadline))
        if view is not None:
            view.record_offer(order, candidate.worker_id)
        return True
    if not waiting:
        if holder is not None:  # nobody takes it: its held time goes too
            cancel_rows(order, actor=actor)
        OrderException.objects.update_or_create(
            order=order, kind=ExceptionKind.NOBODY_ACCEPTED,
            defaults={"detail": {"passed": sorted(exclude | passed)}, "resolved_at": None})
    return False


def _schedule_expiry(schema: str, order_id: int, worker_id: int, deadline: datetime) -> None:
    from ..tasks import expire_offer as expire_offer_task

    expire_offer_task.apply_async(args=(schema, order_id, worker_id), eta=deadline)


def _quiet_workers(worker_ids: list[int], now: datetime) -> set[int]:
    if not worker_ids:
        return set()
    local = now.astimezone(ZoneInfo(company_time_zone())).time()
    return {w.pk for w in WorkerProfile.objects.filter(pk__in=worker_ids, quiet_from__isnull=False)
            .only("pk", "quiet_from", "quiet_until") if w.is_quiet_at(local)}


def expire_offer(*, actor: User | SystemActor, order_id: int, worker_id: int, now: datetime | None = None) -> bool:
    """The worker let the automatic offer run out: their time is freed and the order goes to the next
    candidate. Does nothing (False) when the offer was answered, withdrawn or is not due yet, so a
    repeated or early task is harmless."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order_id)
        if (locked.status != OrderStatus.ASSIGNED or locked.worker_id != worker_id
                or locked.offer_expires_at is None or locked.offer_expires_at > now):
            return False
        user_id = worker_user_id(locked)
        locked.worker, locked.offer_expires_at = None, None
        apply_transition(actor=actor, order=locked, action="expire_offer", ctx=Context(role=Role.SYSTEM, now=now),
                         update_fields=("worker", "offer_expires_at"), data={"worker": worker_id})
        cancel_rows(locked, actor=actor, worker_id=worker_id)
        tell(actor=actor, order=locked, kind="order.task_cancelled", to=[user_id])
        offer_automatically(actor=actor, order=locked, now=now)
    return True


def sweep_automatic_dispatch(*, actor: User | SystemActor, now: datetime | None = None) -> int:
    """Beat, every minute, for tasks that were lost (a dead worker, a broker outage) and offers that
    waited for quiet hours: expire offers past their deadline, then offer paid orders still waiting
    for a worker whose visit is ahead. Does nothing while automatic dispatch is off."""
    now = now or timezone.now()
    if not dispatch_settings().auto_dispatch:
        return 0
    done = 0
    overdue = Order.objects.filter(status=OrderStatus.ASSIGNED, offer_expires_at__lte=now).order_by("pk")
    for order_id, worker_id in overdue.values_list("pk", "worker_id"):
        done += expire_offer(actor=actor, order_id=order_id, worker_id=worker_id, now=now)
    given_up = OrderException.objects.filter(order=OuterRef("pk"), kind=ExceptionKind.NOBODY_ACCEPTED,
                                             resolved_at__isnull=True)
    waiting = (Order.objects.filter(status=OrderStatus.PENDING_DISPATCH, starts_at__gt=now, crew_size=1)
               .exclude(Exists(given_up)).order_by("pk"))
    for order_id in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            locked = lock_order(order_id)
            done += offer_automatically(actor=actor, order=locked, now=now)
    return done


def update_dispatch_settings(*, actor: User, changes: dict) -> DispatchSettings:
    """Change the company's dispatch settings (weights 0..10, automatic dispatch, offer minutes)."""
    from shared_apps.changes.services import record_change

    with transaction.atomic():
        row = lock_dispatch_settings()
        for name in DISPATCH_SETTINGS_FIELDS:
            if name in changes:
                setattr(row, name, changes[name])
        try:
            row.full_clean()
        except ValidationError as exc:
            raise ValidationFailed({k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from None
        row.save()
        record_change(actor=actor, action="dispatch_settings.changed", target_id=None, data=changes)
    return row


DISPATCH_SETTINGS_FIELDS = ("auto_dispatch", "offer_minutes", "weight_travel", "weight_rating", "weight_level",
                            "weight_workload", "weight_previous_worker")
