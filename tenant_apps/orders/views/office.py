"""The office's order pages: the board (filters; open exceptions highlighted) and an order with its
timeline, where staff assign or reassign a worker, cancel with a reason and confirm a payment."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError
from tenant_apps.catalog.selectors import office_categories
from tenant_apps.catalog.translations import pick
from tenant_apps.payments.selectors import payments_of_order
from tenant_apps.people.access import office_staff_required
from tenant_apps.scheduling.selectors import eligible_workers
from tenant_apps.workforce.selectors import workers_for

from ..errors import OrderError
from ..forms import AssignForm, BoardFilterForm, OfficeRescheduleForm, PaymentForm, ReasonForm
from ..machine import Context, Role, allowed_actions
from ..models import OrderStatus
from ..purchase import order_purchase
from ..selectors import get_order_for_office, office_orders
from ..services import booking, dispatch, lifecycle, reschedule
from . import refuse, render_in_zone, reschedule_picker, timeline_of

BOARD_SIZE = 500


def _page(request, template: str, context: dict, status: int = 200):
    return render_in_zone(request, template, context, time_zone=company_time_zone(), status=status)


@office_staff_required
def board(request):
    form = BoardFilterForm(request.GET or None,
                           workers=[(m.pk, m.display_name) for m in workers_for(request.staff_member)],
                           categories=[(c.pk, pick(c.name)) for c in office_categories()])
    query = form.cleaned_data if form.is_bound and form.is_valid() else {}
    orders = list(office_orders(status=query.get("status") or None, day=query.get("date"),
                                worker_id=query.get("worker"), category_id=query.get("category"))[:BOARD_SIZE])
    return _page(request, "office/orders/board.html", {"form": form, "orders": orders})


def _detail(request, order, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    actions = allowed_actions(order, Context(role=Role.OFFICE, now=timezone.now()))
    workers = eligible_workers(service_id=order.service_id,
                               required_skills=tuple(order.service.required_skills or ())).select_related(
        "staff_member").order_by("pk")
    return _page(request, "office/orders/detail.html", {
        "order": order, "timeline": timeline_of(order, "office"), "purchase": order_purchase(order),
        "actions": actions,
        # The customer called: the worker accepted and has not come (aftersales checks the grace).
        "can_report_no_show": order.status in (OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY)
        and timezone.now() >= order.starts_at,
        "exceptions": list(order.exceptions.filter(resolved_at__isnull=True)),
        "assign_form": forms.get("assign", AssignForm(
            workers=[(w.pk, w.staff_member.display_name) for w in workers],
            initial={"worker": order.worker_id})),
        "cancel_form": forms.get("cancel", ReasonForm()), "payment_form": forms.get("payment", PaymentForm()),
        "payments": list(payments_of_order(order_id=order.pk)),
        **_reschedule_context(request, order, actions, forms.get("reschedule")),
    }, status=status)


def _reschedule_context(request, order, actions: list[str], form) -> dict:
    """Moving the visit: the booking calendar's free times for this job, and a reason."""
    if "reschedule" not in actions:
        return {}
    form = form or OfficeRescheduleForm()
    return {"reschedule_form": form, "picker": reschedule_picker(request, order, form),
            "picker_url": reverse("office:order", args=[order.pk]),
            "field_errors": form.errors.get("start", []) if form.is_bound else []}


@office_staff_required
def order_detail(request, order_id):
    return _detail(request, get_order_for_office(order_id))


def _done(request, order, message: str):
    messages.success(request, message)
    return redirect("office:order", order_id=order.pk)


@require_POST
@office_staff_required
def order_assign(request, order_id):
    order = get_order_for_office(order_id)
    workers = eligible_workers(service_id=order.service_id, required_skills=tuple(order.service.required_skills or ()))
    form = AssignForm(request.POST, workers=[(w.pk, str(w.pk)) for w in workers.select_related("staff_member")])
    if not form.is_valid():
        return _detail(request, order, {"assign": form}, status=400)
    try:
        dispatch.assign_worker(actor=request.user, order=order, worker_id=form.cleaned_data["worker"],
                               reason=form.cleaned_data["reason"])
    except DomainError as error:
        if error.code == OrderError.NOTHING_CHANGED:
            messages.info(request, error.message)
        else:
            refuse(request, error)
        return redirect("office:order", order_id=order.pk)
    return _done(request, order, _("The order is offered to the worker."))


@require_POST
@office_staff_required
def order_cancel(request, order_id):
    order = get_order_for_office(order_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _detail(request, order, {"cancel": form}, status=400)
    try:
        lifecycle.cancel_order(actor=request.user, order=order, role=Role.OFFICE, expected_fee=0,
                               reason=form.cleaned_data["reason"])
    except DomainError as error:
        refuse(request, error)
        return redirect("office:order", order_id=order.pk)
    return _done(request, order, _("The order is cancelled."))


@require_POST
@office_staff_required
def order_confirm_payment(request, order_id):
    order = get_order_for_office(order_id)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _detail(request, order, {"payment": form}, status=400)
    try:
        booking.mark_order_paid(actor=request.user, order=order, reference=form.cleaned_data["reference"])
    except DomainError as error:
        refuse(request, error)
        return redirect("office:order", order_id=order.pk)
    return _done(request, order, _("The payment is recorded."))


@require_POST
@office_staff_required
def order_reschedule(request, order_id):
    """The office moves the visit to a free time, with a reason (no approval; both sides are told)."""
    order = get_order_for_office(order_id)
    form = OfficeRescheduleForm(request.POST)
    with timezone.override(ZoneInfo(company_time_zone())):
        valid = form.is_valid()
    if not valid:
        return _detail(request, order, {"reschedule": form}, status=400)
    try:
        reschedule.reschedule_order(actor=request.user, order=order, start=form.cleaned_data["start"],
                                    reason=form.cleaned_data["reason"])
    except DomainError as error:
        if error.status == 404 or error.code == OrderError.ILLEGAL_TRANSITION:
            refuse(request, error)
            return redirect("office:order", order_id=order.pk)
        messages.error(request, error.message)  # taken meanwhile: choose again from fresh times
        return _detail(request, order, {"reschedule": form}, status=409)
    return _done(request, order, _("The visit is moved."))
