"""Reads of after-sales cases, scoped to the caller: a customer's own cases, the office's list with
its SLA state, and the notes each side may read. Missing and forbidden look the same."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from shared_apps.core.api import parse_id
from shared_apps.core.errors import NotFound
from tenant_apps.catalog.models import Category
from tenant_apps.people.models import Customer
from tenants.models import Vertical

from .models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    CaseTimer,
    NoteVisibility,
    Remedy,
    RemedyStatus,
    ReportWindow,
)

# Until the company sets a window for a category: by the company's trade (a day to notice a badly
# cleaned room, a week for a repair that fails again, three days for a move).
DEFAULT_WINDOW_HOURS = {Vertical.HOUSEKEEPING: 24, Vertical.REPAIRS: 7 * 24, Vertical.MOVING: 3 * 24,
                        Vertical.RECYCLING: 24}

# Which notes each side reads: its own side's and nothing of the other side's; the office reads all.
NOTES_SEEN_BY = {
    "customer": (NoteVisibility.CUSTOMER,),
    "worker": (NoteVisibility.WORKER,),
    "office": (NoteVisibility.CUSTOMER, NoteVisibility.WORKER, NoteVisibility.OFFICE),
}


def report_window_hours(*, category_id: int | None, vertical: str) -> int:
    """The hours a customer has to report a problem with a visit of this service category: the
    company's window for the category (or its parent category), else the default of its trade."""
    if category_id is not None:
        parent_id = Category.objects.filter(pk=category_id).values_list("parent_id", flat=True).first()
        windows = dict(ReportWindow.objects.filter(category_id__in=[c for c in (category_id, parent_id) if c])
                       .values_list("category_id", "hours"))
        for candidate in (category_id, parent_id):
            if candidate in windows:
                return windows[candidate]
    return DEFAULT_WINDOW_HOURS.get(vertical, 24)


def report_deadline(*, completed_at: datetime, category_id: int | None, vertical: str) -> datetime:
    return completed_at + timedelta(hours=report_window_hours(category_id=category_id, vertical=vertical))


def report_windows() -> list[tuple[Category, int | None]]:
    """Every active category with the company's window for it (None: the trade's default)."""
    windows = dict(ReportWindow.objects.values_list("category_id", "hours"))
    return [(c, windows.get(c.pk)) for c in Category.objects.filter(is_active=True).order_by("position", "id")]


def _with_detail(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("order", "customer__user", "worker__staff_member").prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
        Prefetch("timers", queryset=CaseTimer.objects.order_by("id")),
        Prefetch("remedies", queryset=Remedy.objects.select_related("follow_up_order")),
        "photos",
    )


def _one(qs: QuerySet[Case], case_id) -> Case:
    pk = parse_id(case_id)
    found = qs.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise NotFound("case")
    return found


def cases_of_customer(customer: Customer | None) -> QuerySet[Case]:
    if customer is None:
        return Case.objects.none()
    return Case.objects.filter(customer=customer)


def case_of_order_for_customer(customer: Customer | None, order_id: int) -> Case | None:
    """The customer's latest case about this order, with its detail (None when there is none)."""
    return _with_detail(cases_of_customer(customer).filter(order_id=order_id)).order_by("-created_at", "-id").first()


def get_case_for_customer(customer: Customer | None, case_id) -> Case:
    return _one(_with_detail(cases_of_customer(customer)), case_id)


def get_case_for_office(case_id) -> Case:
    return _one(_with_detail(Case.objects.all()), case_id)


def notes_for(case: Case, side: str) -> QuerySet[CaseNote]:
    """The notes of the case `side` may read (customer, worker or office)."""
    return case.notes.filter(visibility__in=NOTES_SEEN_BY[side]).select_related("author").order_by("created_at", "id")


def office_cases(*, status: str = "", category: str = "", breached: bool | None = None,
                 escalated: bool | None = None) -> QuerySet[Case]:
    """The office's list: newest first, with whether a clock is breached (one query with its order
    and customer; timers prefetched for the time left)."""
    qs = Case.objects.select_related("order", "customer__user").annotate(
        is_breached=Exists(CaseTimer.objects.filter(case=OuterRef("pk"), breached_at__isnull=False)),
    ).prefetch_related(Prefetch("timers", queryset=CaseTimer.objects.order_by("id")))
    if status == "active":
        qs = qs.exclude(status=CaseStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if breached is not None:
        qs = qs.filter(is_breached=breached)
    if escalated is not None:
        qs = qs.filter(escalated_at__isnull=not escalated)
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class ClockState:
    kind: str
    label: str
    state: str  # running, paused, done, breached
    due_at: datetime | None
    remaining: timedelta | None


def clocks_of(case: Case, now: datetime | None = None) -> list[ClockState]:
    """Each SLA clock as the office reads it (from the prefetched timers: no query)."""
    now = now or timezone.now()
    out = []
    for timer in case.timers.all():
        from .timers import remaining

        if timer.breached_at is not None and timer.stopped_at is None:
            state = "breached"
        elif timer.stopped_at is not None:
            state = "breached" if timer.breached_at else "done"
        elif timer.running_since is None:
            state = "paused"
        else:
            state = "running"
        out.append(ClockState(kind=timer.kind, label=str(timer.get_kind_display()), state=state, due_at=timer.due_at,
                              remaining=None if timer.stopped_at else remaining(timer, now)))
    return out


def live_remedy(case: Case) -> Remedy | None:
    """The proposed or accepted remedy (from the prefetched remedies)."""
    return next((r for r in case.remedies.all() if r.status in ("proposed", "accepted")), None)


def open_cases_count() -> int:
    return Case.objects.filter(~Q(status=CaseStatus.CLOSED)).count()


def cases_of_worker(worker) -> list[Case]:
    """The cases about the worker's own visits, newest first, each with `.worker_notes` (the notes
    written for the worker's side only): two queries."""
    if worker is None:
        return []
    cases = list(Case.objects.filter(worker=worker).select_related("order").prefetch_related(
        Prefetch("notes", queryset=CaseNote.objects.filter(visibility__in=NOTES_SEEN_BY["worker"])
                 .order_by("created_at", "id"), to_attr="worker_notes")).order_by("-created_at", "-id")[:100])
    return cases


def upheld_complaints(worker_ids: Iterable[int], *, since: datetime) -> dict[int, int]:
    """Worker id -> complaints about the worker upheld after mediation since `since`: cases about them
    whose remedy was accepted or carried out (a complaint only raised, or settled without a remedy,
    does not count). What the credit score reads."""
    return dict(Case.objects.filter(worker_id__in=list(worker_ids), about_worker=True, created_at__gte=since,
                                    remedies__status__in=(RemedyStatus.ACCEPTED, RemedyStatus.CARRIED_OUT))
                .order_by().values("worker_id").annotate(upheld=Count("id", distinct=True))
                .values_list("worker_id", "upheld"))
