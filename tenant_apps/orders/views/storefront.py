"""The customer's order pages on a company's site: book a held time, my orders, an order with its
live timeline, cancelling and moving it with the fee shown first, answering the worker's request to
move it, and the review after the visit."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.forms import show_domain_error
from tenant_apps.catalog.quotes import verify_quote
from tenant_apps.people.selectors import customer_of
from tenant_apps.people.services import ensure_customer
from tenant_apps.workforce.selectors import company_time_zone

from ..errors import OrderError
from ..forms import BookForm, CancelForm, RescheduleForm, ReviewForm
from ..machine import Context, Role, allowed_actions
from ..models import OrderStatus
from ..selectors import (
    cancellation_fee_of,
    get_order_for_customer,
    order_settings,
    orders_for_customer,
    reschedule_preview_of,
)
from ..services import booking, lifecycle, reschedule
from . import first_name, pending_request_of, refuse, render_in_zone, timeline_of

LOGIN = "storefront:login"
BOOK_FIELDS = {"address": "address_line", "address.line": "address_line", "token": "quote"}


def _page(request, template: str, context: dict, status: int = 200):
    return render_in_zone(request, template, context, time_zone=company_time_zone(), status=status)


def _customer(request):
    """The caller's customer profile here; someone who never was a customer has no orders to open."""
    customer = customer_of(request.user)
    if customer is None:
        raise NotFound("order")
    return customer


@signed_in(LOGIN)
def my_orders(request):
    history = request.GET.get("tab") == "history"
    customer = customer_of(request.user)
    orders = list(orders_for_customer(customer, history=history)[:100]) if customer is not None else []
    return _page(request, "storefront/orders/list.html", {"orders": orders, "history": history})


def _detail_context(order, review_form=None) -> dict:
    actions = allowed_actions(order, Context(role=Role.CUSTOMER, now=timezone.now()))
    return {
        "order": order, "timeline": timeline_of(order), "can_cancel": "cancel" in actions,
        "can_reschedule": "request_reschedule" in actions, "pending_request": pending_request_of(order),
        "can_review": "review" in actions, "review_form": review_form or ReviewForm(),
        "worker_name": first_name(order.worker.staff_member.display_name) if order.worker_id else "",
        "is_live": order.status not in (OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.REVIEWED),
        "poll_seconds": getattr(settings, "ORDER_TIMELINE_POLL_SECONDS", 10),
    }


@signed_in(LOGIN)
def order_detail(request, order_id):
    order = get_order_for_customer(_customer(request), order_id)
    return _page(request, "storefront/orders/detail.html", _detail_context(order))


@signed_in(LOGIN)
def order_timeline(request, order_id):
    """The status and timeline, polled by the order page (htmx) while the order moves."""
    order = get_order_for_customer(_customer(request), order_id)
    return _page(request, "storefront/orders/_timeline.html", _detail_context(order))


@signed_in(LOGIN)
def order_cancel(request, order_id):
    """GET: what cancelling costs now, and a form confirming that fee. POST: cancel at that fee; if
    the fee changed meanwhile, the new fee is shown to confirm again."""
    customer = _customer(request)
    order = get_order_for_customer(customer, order_id)
    if request.method == "POST":
        form = CancelForm(request.POST)
        if not form.is_valid():
            return redirect("storefront:order-cancel", order_id=order.pk)
        try:
            lifecycle.cancel_order(actor=request.user, order=order, role=Role.CUSTOMER,
                                   expected_fee=form.cleaned_data["expected_fee"],
                                   reason=form.cleaned_data["reason"])
        except DomainError as error:
            if error.code != OrderError.FEE_CHANGED:
                refuse(request, error)
                return redirect("storefront:order", order_id=order.pk)
            fee = error.extra["fee"]
            messages.warning(request, error.message)
            form = CancelForm(initial={"expected_fee": fee, "reason": form.cleaned_data["reason"]})
            return _page(request, "storefront/orders/cancel.html", {"order": order, "fee": fee, "form": form},
                         status=409)
        messages.success(request, _("Your order is cancelled."))
        return redirect("storefront:order", order_id=order.pk)
    try:
        fee = cancellation_fee_of(order=order, role=Role.CUSTOMER)
    except DomainError as error:
        refuse(request, error)
        return redirect("storefront:order", order_id=order.pk)
    return _page(request, "storefront/orders/cancel.html",
                 {"order": order, "fee": fee, "form": CancelForm(initial={"expected_fee": fee})})


def _reschedule_page(request, order, form, fee: int, status: int = 200):
    return _page(request, "storefront/orders/reschedule.html", {"order": order, "form": form, "fee": fee},
                 status=status)


@signed_in(LOGIN)
def order_reschedule(request, order_id):
    """GET: what moving costs now, and a form for the new start confirming that fee. POST: ask the
    worker to move the visit at that fee; a changed fee is shown to confirm again, a time that is not
    free is a message on the same form."""
    customer = _customer(request)
    order = get_order_for_customer(customer, order_id)
    time_zone = ZoneInfo(company_time_zone())
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        with timezone.override(time_zone):
            valid = form.is_valid()
        if not valid:
            fee = form.cleaned_data.get("expected_fee")
            if fee is None:
                return redirect("storefront:order-reschedule", order_id=order.pk)
            return _reschedule_page(request, order, form, fee, status=400)
        data = form.cleaned_data
        try:
            reschedule.request_reschedule(actor=request.user, order=order, role=Role.CUSTOMER, start=data["start"],
                                          expected_fee=data["expected_fee"], reason=data["reason"])
        except DomainError as error:
            if error.code == OrderError.FEE_CHANGED:
                fee = error.extra["fee"]
                messages.warning(request, error.message)
                form = RescheduleForm(initial={**data, "expected_fee": fee})
                return _reschedule_page(request, order, form, fee, status=409)
            if error.code in (OrderError.ILLEGAL_TRANSITION, OrderError.RESCHEDULE_PENDING) or error.status == 404:
                refuse(request, error)
                return redirect("storefront:order", order_id=order.pk)
            # Not a free time (taken, outside hours, too soon): choose another on the same form.
            messages.error(request, error.message)
            return _reschedule_page(request, order, form, data["expected_fee"], status=409)
        messages.success(request, _("Your request to move the visit is sent; your worker will answer."))
        return redirect("storefront:order", order_id=order.pk)
    try:
        fee = reschedule_preview_of(order=order, role=Role.CUSTOMER,
                                            start=order.starts_at).fee
    except DomainError as error:
        refuse(request, error)
        return redirect("storefront:order", order_id=order.pk)
    form = RescheduleForm(initial={"expected_fee": fee, "start": order.starts_at})
    return _reschedule_page(request, order, form, fee)


def _answer(request, order_id, request_id, *, approve: bool):
    customer = _customer(request)
    order = get_order_for_customer(customer, order_id)
    row = next((r for r in order.reschedule_requests.all() if str(r.pk) == str(request_id)), None)
    if row is None:
        raise NotFound("request")
    try:
        reschedule.answer_reschedule(actor=request.user, order=order, request=row, role=Role.CUSTOMER,
                                     approve=approve)
    except DomainError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The visit is moved.") if approve else _("The visit stays as it was."))
    return redirect("storefront:order", order_id=order.pk)


@require_POST
@signed_in(LOGIN)
def order_reschedule_approve(request, order_id, request_id):
    """The customer approves the worker's request to move the visit."""
    return _answer(request, order_id, request_id, approve=True)


@require_POST
@signed_in(LOGIN)
def order_reschedule_decline(request, order_id, request_id):
    """The customer declines the worker's request (the visit stays)."""
    return _answer(request, order_id, request_id, approve=False)


@require_POST
@signed_in(LOGIN)
def order_review(request, order_id):
    """The customer's word after the visit (scores come with the reviews issue)."""
    customer = _customer(request)
    order = get_order_for_customer(customer, order_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _page(request, "storefront/orders/detail.html", _detail_context(order, form), status=400)
    try:
        booking.review_order(actor=request.user, order=order, comment=form.cleaned_data["comment"])
    except DomainError as error:
        refuse(request, error)
    else:
        messages.success(request, _("Thank you for your review."))
    return redirect("storefront:order", order_id=order.pk)


@signed_in(LOGIN)
def book(request):
    """Book a held time at its quoted price: /book/?hold=<hold id>&quote=<quote token>."""
    source = request.POST if request.method == "POST" else request.GET
    allow_pay_on_site = order_settings().allow_pay_on_site
    try:
        signed = verify_quote(source.get("quote", ""))
    except DomainError as error:
        return _page(request, "storefront/orders/book.html", {"error": error.message}, status=400)
    priced = signed.quote
    if request.method == "POST":
        form = BookForm(request.POST, allow_pay_on_site=allow_pay_on_site)
        if form.is_valid():
            data = form.cleaned_data
            try:
                customer = ensure_customer(company=request.tenant, user=request.user)
                order = booking.book_order(
                    actor=request.user, customer=customer, quote_token=data["quote"], hold_id=str(data["hold"]),
                    details=booking.BookingDetails(
                        address_line=data["address_line"], district=data["district"], latitude=data["latitude"],
                        longitude=data["longitude"], contact_name=data["contact_name"],
                        contact_phone=data["contact_phone"], notes=data["notes"],
                        pay_on_site=data.get("pay_on_site", False)))
            except DomainError as error:
                show_domain_error(form, error, BOOK_FIELDS)
            else:
                messages.success(request, _("Your order is placed."))
                return redirect("storefront:order", order_id=order.pk)
    else:
        location = priced.request.location
        customer = customer_of(request.user)  # a GET never enrols: the profile is made when booking
        form = BookForm(allow_pay_on_site=allow_pay_on_site, initial={
            "hold": source.get("hold", ""), "quote": signed.token,
            "contact_name": customer.name if customer else request.user.name,
            "contact_phone": request.user.phone or "",
            "latitude": location.latitude if location else None,
            "longitude": location.longitude if location else None,
        })
    return _page(request, "storefront/orders/book.html", {"form": form, "quote": priced})

