"""The customer's order pages on a company's site: book a held time, my orders, an order with its
live timeline, and cancelling with the fee shown first."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.access import signed_in
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.forms import show_domain_error
from tenant_apps.catalog.quotes import verify_quote
from tenant_apps.people.selectors import customer_of
from tenant_apps.people.services import ensure_customer
from tenant_apps.workforce.selectors import company_time_zone

from ..errors import OrderError
from ..forms import BookForm, CancelForm
from ..machine import Context, Role, allowed_actions
from ..models import OrderStatus
from ..selectors import get_order_for_customer, order_settings, orders_for_customer
from ..services import booking, lifecycle
from . import first_name, refuse, render_in_zone, timeline_of

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


def _detail_context(order) -> dict:
    actions = allowed_actions(order, Context(role=Role.CUSTOMER, now=timezone.now()))
    return {
        "order": order, "timeline": timeline_of(order), "can_cancel": "cancel" in actions,
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
        fee = lifecycle.cancellation_fee_of(actor=request.user, order=order, role=Role.CUSTOMER)
    except DomainError as error:
        refuse(request, error)
        return redirect("storefront:order", order_id=order.pk)
    return _page(request, "storefront/orders/cancel.html",
                 {"order": order, "fee": fee, "form": CancelForm(initial={"expected_fee": fee})})


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
    customer = ensure_customer(company=request.tenant, user=request.user)
    if request.method == "POST":
        form = BookForm(request.POST, allow_pay_on_site=allow_pay_on_site)
        if form.is_valid():
            data = form.cleaned_data
            try:
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
        form = BookForm(allow_pay_on_site=allow_pay_on_site, initial={
            "hold": source.get("hold", ""), "quote": signed.token, "contact_name": customer.name,
            "contact_phone": request.user.phone or "",
            "latitude": location.latitude if location else None,
            "longitude": location.longitude if location else None,
        })
    return _page(request, "storefront/orders/book.html", {"form": form, "quote": priced})

