"""The customer's order pages on a company's site: book a held time, my orders, an order with its
live timeline, cancelling and moving it with the fee shown first, answering the worker's request to
move it, and the review after the visit."""
from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.forms import show_domain_error
from shared_apps.core.geo import GeoPoint, distance_m
from shared_apps.credentials.selectors import worker_badges
from tenant_apps.catalog.locating import CompanyPlaces, zone_choices
from tenant_apps.catalog.quotes import make_quote, verify_quote
from tenant_apps.catalog.selectors import get_service_zone
from tenant_apps.catalog.wording import money
from tenant_apps.people.selectors import addresses_of, customer_of, get_address_for
from tenant_apps.people.services import add_address, ensure_customer, touch_address

from ..errors import OrderError
from ..forms import NEW_ADDRESS, BookForm, CancelForm, RescheduleForm, ReviewForm
from ..machine import Context, Role, allowed_actions
from ..models import OrderStatus
from ..paying import payment_picture
from ..purchase import order_purchase, quote_purchase
from ..selectors import (
    cancellation_fee_of,
    get_order_for_customer,
    order_of_hold,
    order_settings,
    orders_for_customer,
    reschedule_preview_of,
    same_visit_orders,
    takes_bookings,
)
from ..services import booking, lifecycle, reschedule
from ..services.booking import ADDRESS_TOLERANCE_M
from ..services.payment import start_order_payment
from ..visibility import customer_sees_worker
from . import first_name, pending_request_of, refuse, render_in_zone, reschedule_picker, timeline_of

LOGIN = "storefront:login"


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
        "order": order, "timeline": timeline_of(order, "customer"), "purchase": order_purchase(order),
        "can_cancel": "cancel" in actions,
        "can_reschedule": "request_reschedule" in actions, "pending_request": pending_request_of(order),
        "can_review": "review" in actions, "review_form": review_form or ReviewForm(),
        # A worker who accepted and has not come by the start can be reported (aftersales checks the grace).
        "can_report_no_show": order.status in (OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY)
        and timezone.now() >= order.starts_at,
        "worker_name": first_name(order.worker.staff_member.display_name) if customer_sees_worker(order) else "",
        "worker_badges": worker_badges(order.worker.staff_member.user_id) if customer_sees_worker(order) else [],
        "is_live": order.status not in (OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.REVIEWED),
        "poll_seconds": getattr(settings, "ORDER_TIMELINE_POLL_SECONDS", 10),
        "money": payment_picture(order=order),
    }


@signed_in(LOGIN)
def order_detail(request, order_id):
    order = get_order_for_customer(_customer(request), order_id)
    return _page(request, "storefront/orders/detail.html", _detail_context(order))


@signed_in(LOGIN)
@require_POST
def order_pay(request, order_id):
    """Pay (in full, the deposit, or the balance) with the chosen method: off to the provider's page,
    which sends the customer back to the order page (Payment processing, then Paid)."""
    order = get_order_for_customer(_customer(request), order_id)
    try:
        payment = start_order_payment(
            actor=request.user, order=order, kind=request.POST.get("kind", ""), method=request.POST.get("method", ""),
            return_url=request.build_absolute_uri(reverse("storefront:order", args=[order.pk])))
    except DomainError as error:
        refuse(request, error)
        return redirect("storefront:order", order_id=order.pk)
    return redirect(payment.redirect_url)


@signed_in(LOGIN)
def order_receipt(request, order_id):
    """Every line of a paid order: what was bought, each payment, each refund."""
    order = get_order_for_customer(_customer(request), order_id)
    return _page(request, "storefront/orders/receipt.html",
                 {"order": order, "purchase": order_purchase(order), "money": payment_picture(order=order)})


@signed_in(LOGIN)
def order_receipt_pdf(request, order_id):
    """The receipt as a PDF download: the same lines, totals, payments and refunds as the page."""
    from django.http import HttpResponse

    from ..receipt_pdf import receipt_pdf

    order = get_order_for_customer(_customer(request), order_id)
    body = receipt_pdf(company_name=request.tenant.name, order=order, purchase=order_purchase(order),
                       money_picture=payment_picture(order=order), time_zone=company_time_zone())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{order.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@signed_in(LOGIN)
def order_timeline(request, order_id):
    """The status and timeline, polled by the order page (htmx) while the order moves."""
    order = get_order_for_customer(_customer(request), order_id)
    context = _detail_context(order)
    response = _page(request, "storefront/orders/_timeline.html", context)
    if request.GET.get("paid", str(context["money"].received_fen)) != str(context["money"].received_fen):
        response["HX-Refresh"] = "true"  # money arrived: the Pay section and the amounts change too
    return response


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
    """The move form with the booking calendar's free times (only times someone can take are offered)."""
    return _page(request, "storefront/orders/reschedule.html", {
        "order": order, "form": form, "fee": fee, "picker": reschedule_picker(request, order, form),
        "picker_url": reverse("storefront:order-reschedule", args=[order.pk]),
        "field_errors": form.errors.get("start", []) if form.is_bound else []}, status=status)


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
            with timezone.override(time_zone):
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
    form = RescheduleForm(initial={"expected_fee": fee})
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


@never_cache  # Back after booking must ask again (and be sent to the order), not show a stale form
@signed_in(LOGIN)
def book(request):
    """Book a held time at its quoted price: /book/?hold=<hold id>&quote=<quote token>, at a saved
    address or a new one (saved on the profile). Carried over from the service page: `address_line`
    and `zone`. A hold already booked leads to its order, so Back after booking cannot book again."""
    source = request.POST if request.method == "POST" else request.GET
    settings_row = order_settings()
    try:
        signed = verify_quote(source.get("quote", ""))
    except DomainError as error:
        return _page(request, "storefront/orders/book.html", {"error": error.message}, status=400)
    # A GET never enrols: the customer's profile is made when they book.
    customer = (ensure_customer(company=request.tenant, user=request.user) if request.method == "POST"
                else customer_of(request.user))
    booked = order_of_hold(customer, source.get("hold", ""))
    if booked is not None:
        messages.info(request, _("This time is already booked: here is your order."))
        return redirect("storefront:order", order_id=booked.pk)
    if not takes_bookings(settings_row):
        return _page(request, "storefront/orders/book.html", {
            "error": _("%(company)s cannot take payment for bookings made here yet. Please contact them to book.")
            % {"company": request.tenant.name}}, status=409)
    # The same visit booked already (another tab): say so before a second order is placed.
    priced = signed.quote
    twin = (same_visit_orders(customer, service_id=priced.request.service_id, start=priced.start).first()
            if customer else None)
    zones = zone_choices()
    offer_pay_on_site = settings_row.allow_pay_on_site and settings_row.office_confirms_payment
    kwargs = {"addresses": addresses_of(customer) if customer else [], "zones": zones,
              "offer_pay_on_site": offer_pay_on_site,
              "duplicate": twin is not None}
    if request.method == "POST":
        form = BookForm(request.POST, **kwargs)
        if form.is_valid():
            order = _book(request, form, customer, signed)
            if order is not None:
                messages.success(request, _("Your order is placed."))
                return redirect("storefront:order", order_id=order.pk)
    else:
        form = BookForm(initial=_book_initial(request, customer, signed, zones, kwargs["addresses"]), **kwargs)
    return _page(request, "storefront/orders/book.html", {
        "form": form, "quote": priced, "payment": _payment_terms(settings_row), "twin": twin,
        "purchase": quote_purchase(priced),
        "new_address": form["address"].value() in (None, "", NEW_ADDRESS)})


def _book_initial(request, customer, signed, zones, addresses) -> dict:
    """The booking form as the customer left the service page: the address typed there (a saved
    one when it matches), the district chosen there, the customer's own name and phone."""
    typed = request.GET.get("address_line", "").strip()[:255]
    saved = list(addresses)
    match = next((a for a in saved if typed and typed.lower() in (a.line.lower(), a.full_line.lower())), None)
    chosen = match or (saved[0] if saved and not typed else None)
    zone = get_service_zone(request.GET.get("zone")) if zones else None
    if zone is None and zones and signed.quote.zone_id is not None:
        zone = get_service_zone(signed.quote.zone_id)
    return {
        "hold": request.GET.get("hold", ""), "quote": signed.token,
        "address": str(chosen.pk) if chosen else NEW_ADDRESS, "line": typed, "zone": zone.pk if zone else None,
        "contact_name": (customer.name if customer else "") or request.user.name,
        "contact_phone": request.user.phone or "",
    }


def _book(request, form, customer, signed):
    """Save a new address, price the quote at the address's point and book; None (with the messages
    on the form) when something needs the customer's eye first."""
    data = form.cleaned_data
    field_map = {"address": "zone" if form.is_new_address() and "zone" in form.fields else "address",
                 "address.line": "line", "token": "quote"}
    try:
        if form.is_new_address():
            address = add_address(actor=request.user, customer=customer, values=form.address_input(),
                                  places=CompanyPlaces())
            form.data = form.data.copy()
            form.data["address"] = str(address.pk)  # sent again, it is the saved one, not a second copy
            form.fields["address"].choices = [(str(address.pk), str(address)), *form.fields["address"].choices]
            form.saved.insert(0, address)
        else:
            address = get_address_for(customer, data["address"])
        token = _quote_at(address, signed, customer)
        if token != signed.token:
            form.data = form.data.copy()
            form.data["quote"] = token
            repriced = verify_quote(token).quote
            if repriced.total != signed.quote.total:
                form.add_error(None, _("The price at this address is %(price)s. Place the order to book at this "
                                       "price.") % {"price": money(repriced.total, repriced.currency)})
                return None
        order = booking.book_order(
            actor=request.user, customer=customer, quote_token=token, hold_id=str(data["hold"]),
            details=booking.BookingDetails(
                address_line=address.full_line, district=address.district,
                latitude=float(address.latitude) if address.latitude is not None else None,
                longitude=float(address.longitude) if address.longitude is not None else None,
                location_is_approximate=address.is_approximate, contact_name=address.contact_name,
                contact_phone=address.contact_phone, notes=data["notes"],
                pay_on_site=data.get("pay_on_site", False)),
            allow_duplicate=data.get("book_anyway", False))
    except DomainError as error:
        show_domain_error(form, error, field_map)
        return None
    touch_address(actor=request.user, address=address)
    return order


def _quote_at(address, signed, customer) -> str:
    """The quote's token for the address's point: the same quote when it was priced there (or the
    address has no point), else the same choices priced again at the address."""
    priced = signed.quote
    if address.latitude is None:
        return signed.token
    point = GeoPoint(float(address.latitude), float(address.longitude))
    if priced.request.location is not None and distance_m(priced.request.location, point) <= ADDRESS_TOLERANCE_M:
        return signed.token
    request = replace(priced.request, location=point, customer_id=customer.pk)
    return make_quote(request=request).token


def _payment_terms(settings_row) -> str:
    """How this company is paid, in a sentence for the booking page: online on the order page when
    it takes an online method (the sandbox by default), else through its office."""
    from tenant_apps.payments.selectors import checkout_methods

    if settings_row.allow_pay_on_site and not settings_row.office_confirms_payment:
        return "on_site"
    online = bool(checkout_methods())
    if settings_row.allow_pay_on_site:
        return "either_online" if online else "either"
    return "online" if online else "office"
