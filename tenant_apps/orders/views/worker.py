"""The worker app's task pages on the platform host: one inbox over every company the worker serves,
a task (the customer's phone masked, the address approximate until accepted) and its buttons.
Task URLs name the company, as the API's do; another worker's task is the same 404 as a missing one."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tenants.utils import tenant_context

from shared_apps.accounts.access import signed_in
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, NotFound
from tenants.selectors import companies_of_worker

from ..forms import ArriveForm, CompleteForm, DepartForm, ReasonForm, StartForm, WorkerRescheduleForm
from ..machine import EARLY_NEEDS_REASON, Context, Role
from ..output import order_data
from ..purchase import order_purchase
from ..selectors import order_settings, tasks_for_worker, worker_profile_of_user
from ..services import lifecycle, reschedule
from ..worker_api import task_of
from ..worker_day import travel_minutes_to
from . import pending_request_of, refuse, render_in_zone, timeline_of

LOGIN = "worker:login"


@signed_in(LOGIN)
def tasks(request):
    """Every task offered to or taken by the caller, in every company they work for, soonest first."""
    found = []
    for company in companies_of_worker(request.user).order_by("pk"):
        with tenant_context(company):
            worker = worker_profile_of_user(request.user)
            if worker is None:
                continue
            for order in tasks_for_worker(worker)[:200]:
                found.append({"company": company, "order": order, "status": order.get_status_display(),
                              "starts": order.starts_at.astimezone(ZoneInfo(company.time_zone))})
    found.sort(key=lambda t: t["order"].starts_at)
    return render_in_zone(request, "worker/tasks.html", {"tasks": found}, time_zone="UTC")


def _task_page(request, company, worker, order, forms: dict | None = None, status: int = 200):
    ctx = Context(role=Role.WORKER, now=timezone.now(), worker_id=worker.pk)
    data = order_data(order, ctx=ctx, audience="worker")
    forms = forms or {}
    return render_in_zone(request, "worker/task.html", {
        "task_company": company, "order": order, "task": data, "actions": data["actions"],
        "timeline": timeline_of(order, "worker"), "purchase": order_purchase(order, with_prices=False),
        "decline_form": forms.get("decline", ReasonForm()),
        "depart_form": forms.get("depart") or _depart_form(company, worker, order, data["actions"]),
        "arrive_form": forms.get("arrive", ArriveForm()), "not_there_form": forms.get("not_there", ArriveForm()),
        "no_show": _no_show(order) if "customer_no_show" in data["actions"] else None,
        "complete_form": forms.get("complete", CompleteForm()),
        "start_form": forms.get("start", StartForm()), "early": _early(order),
        "reschedule_form": forms.get("reschedule", WorkerRescheduleForm()),
        "pending_request": pending_request_of(order),
    }, time_zone=company.time_zone, status=status)


def _depart_form(company, worker, order, actions) -> DepartForm:
    """Setting off suggests the ETA from the day's travel (the job before, or home) when it is known;
    at least 5 minutes (parking, the stairs) even next door."""
    minutes = travel_minutes_to(worker, order, company=company) if "depart" in actions else None
    return DepartForm(initial={"eta_minutes": max(minutes, 5)} if minutes is not None else None)


def _no_show(order) -> dict:
    """When "Customer not there" becomes possible (the page says it; the service decides again)."""
    from ..no_show import arrival_event_of, no_show_allowed_from

    settings = order_settings()
    allowed_from = no_show_allowed_from(order=order, arrival=arrival_event_of(order),
                                        wait_minutes=settings.no_show_wait_minutes)
    return {"allowed_from": allowed_from, "waiting": timezone.now() < allowed_from,
            "minutes": settings.no_show_wait_minutes}


def _early(order) -> dict:
    """What the task page warns of before the worker starts or finishes: too early to start at all
    (the company's window), or a day or more early (a reason is asked for)."""
    now = timezone.now()
    window = timedelta(minutes=order_settings().early_start_minutes)
    return {"too_soon_to_start": now < order.starts_at - window, "starts_from": order.starts_at - window,
            "needs_reason": now <= order.starts_at - EARLY_NEEDS_REASON}


@signed_in(LOGIN)
def task_detail(request, company_id, order_id):
    with task_of(request, company_id, order_id) as (worker, order):
        return _task_page(request, _company(request, company_id), worker, order)


def _company(request, company_id):
    return companies_of_worker(request.user).get(pk=int(company_id))


def _act(request, company_id, order_id, *, form_class=None, form_key: str = "", do, done: str):
    """Parse the form, call the service on the caller's task, and come back to the task with `done`
    (or with the service's refusal as a message)."""
    with task_of(request, company_id, order_id) as (worker, order):
        form = form_class(request.POST, request.FILES) if form_class else None
        with timezone.override(ZoneInfo(company_time_zone())):  # a new start is in the company's time
            valid = form is None or form.is_valid()
        if not valid:
            return _task_page(request, _company(request, company_id), worker, order, {form_key: form}, status=400)
        try:
            do(worker, order, form.cleaned_data if form is not None else {})
        except DomainError as error:
            refuse(request, error)
        else:
            messages.success(request, done)
            if form_key in ("decline", "not_there"):  # the task is no longer theirs to see
                return redirect("worker:tasks")
    return redirect("worker:task", company_id=company_id, order_id=order_id)


@require_POST
@signed_in(LOGIN)
def task_accept(request, company_id, order_id):
    return _act(request, company_id, order_id, done=_("You accepted the task."),
                do=lambda w, o, d: lifecycle.accept_task(actor=request.user, worker=w, order=o))


@require_POST
@signed_in(LOGIN)
def task_decline(request, company_id, order_id):
    return _act(request, company_id, order_id, form_class=ReasonForm, form_key="decline",
                done=_("You declined the task."),
                do=lambda w, o, d: lifecycle.decline_task(actor=request.user, worker=w, order=o, reason=d["reason"]))


@require_POST
@signed_in(LOGIN)
def task_depart(request, company_id, order_id):
    return _act(request, company_id, order_id, form_class=DepartForm, form_key="depart",
                done=_("The customer knows you are on the way."),
                do=lambda w, o, d: lifecycle.set_off(actor=request.user, worker=w, order=o,
                                                     eta_minutes=d["eta_minutes"]))


@require_POST
@signed_in(LOGIN)
def task_arrive(request, company_id, order_id):
    return _act(request, company_id, order_id, form_class=ArriveForm, form_key="arrive",
                done=_("You have arrived."),
                do=lambda w, o, d: lifecycle.arrive(actor=request.user, worker=w, order=o,
                                                    location=_location(d)))


def _location(data: dict) -> tuple[float, float] | None:
    if data.get("latitude") is None or data.get("longitude") is None:
        return None
    return (data["latitude"], data["longitude"])


@require_POST
@signed_in(LOGIN)
def task_customer_not_there(request, company_id, order_id):
    """Nobody at the address after the wait: cancelled with the no-show fee (with the phone's position)."""
    return _act(request, company_id, order_id, form_class=ArriveForm, form_key="not_there",
                done=_("The visit is cancelled: the customer was not there. The no-show fee is charged."),
                do=lambda w, o, d: lifecycle.mark_customer_not_there(actor=request.user, worker=w, order=o,
                                                                     location=_location(d)))


@require_POST
@signed_in(LOGIN)
def task_start(request, company_id, order_id):
    return _act(request, company_id, order_id, form_class=StartForm, form_key="start",
                done=_("The service has started."),
                do=lambda w, o, d: lifecycle.start_service(actor=request.user, worker=w, order=o,
                                                           early_reason=d["early_reason"]))


@require_POST
@signed_in(LOGIN)
def task_complete(request, company_id, order_id):
    return _act(request, company_id, order_id, form_class=CompleteForm, form_key="complete",
                done=_("The task is done."),
                do=lambda w, o, d: lifecycle.complete_task(actor=request.user, worker=w, order=o, note=d["note"],
                                                           photos=[d["photo"]] if d.get("photo") else [],
                                                           early_reason=d["early_reason"]))


@require_POST
@signed_in(LOGIN)
def task_reschedule(request, company_id, order_id):
    """The worker asks the customer to move the visit (free; with a reason)."""
    return _act(request, company_id, order_id, form_class=WorkerRescheduleForm, form_key="reschedule",
                done=_("Your request to move the visit is sent; the customer will answer."),
                do=lambda w, o, d: reschedule.request_reschedule(
                    actor=request.user, order=o, role=Role.WORKER, start=d["start"], expected_fee=0,
                    reason=d["reason"], worker_id=w.pk))


def _answer(request, company_id, order_id, request_id, *, approve: bool):
    def do(worker, order, data):
        row = next((r for r in order.reschedule_requests.all() if str(r.pk) == str(request_id)), None)
        if row is None:
            raise NotFound("request")
        reschedule.answer_reschedule(actor=request.user, order=order, request=row, role=Role.WORKER,
                                     approve=approve, worker_id=worker.pk)

    return _act(request, company_id, order_id, do=do,
                done=_("The visit is moved.") if approve else _("The visit stays as it was."))


@require_POST
@signed_in(LOGIN)
def task_reschedule_approve(request, company_id, order_id, request_id):
    return _answer(request, company_id, order_id, request_id, approve=True)


@require_POST
@signed_in(LOGIN)
def task_reschedule_decline(request, company_id, order_id, request_id):
    return _answer(request, company_id, order_id, request_id, approve=False)
