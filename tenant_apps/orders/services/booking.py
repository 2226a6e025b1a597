"""Booking: a signed quote and a held slot become an order waiting for payment (or for dispatch when
the customer pays on site); payment confirms the hold and offers the order to its worker."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User, UserStatus
from shared_apps.accounts.services import parse_phone
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.core.geo import GeoPoint, distance_m
from tenant_apps.catalog.quotes import check_quote_still_valid, load_quote
from tenant_apps.people.models import Customer
from tenant_apps.scheduling.selectors import get_hold_for
from tenant_apps.scheduling.services import confirm_hold, extend_hold

from ..errors import OrderError
from ..locks import lock_order
from ..machine import Context, Role, apply_transition
from ..models import Order, PaymentMethod
from ..notices import customer_user_id, tell
from ..purchase import purchase_snapshot, quote_lines
from ..selectors import order_settings, same_visit_orders, takes_bookings
from .dispatch import offer_automatically

ADDRESS_TOLERANCE_M = 200  # the quote's point and the booking's may differ by a pin's wobble


@dataclass(frozen=True)
class BookingDetails:
    address_line: str
    latitude: float | None
    longitude: float | None
    contact_name: str
    contact_phone: str
    district: str = ""
    location_is_approximate: bool = False
    notes: str = ""
    requirements: tuple[str, ...] = field(default_factory=tuple)
    pay_on_site: bool = False


def book_order(*, actor: User, customer: Customer, quote_token: str, hold_id: str, details: BookingDetails,
               allow_duplicate: bool = False, now: datetime | None = None) -> Order:
    """Create the order from the customer's signed quote and their hold of the same time. The price is
    checked again (quote_changed, 409, carries the new quote); the hold is kept until the payment limit.
    An active order of the customer's for the same service and start (booked from another tab) is
    refused as duplicate_order (409, carrying its id) unless `allow_duplicate`."""
    now = now or timezone.now()
    if getattr(actor, "status", None) == UserStatus.RESTRICTED:
        raise DomainError(OrderError.ACCOUNT_RESTRICTED,
                          _("Your account is restricted and cannot place orders. Please contact support."),
                          status=403)
    details = replace(details, contact_phone=parse_phone(details.contact_phone, field="contact_phone"))
    signed = check_quote_still_valid(quote=load_quote(quote_token, now=now), customer_id=customer.pk, now=now)
    priced = signed.quote
    rows = get_hold_for(customer, hold_id)
    first = rows[0]
    if (first.starts_at != priced.start or first.ends_at != priced.end or first.service_id != priced.request.service_id
            or len(rows) != priced.crew_size):
        raise DomainError(OrderError.HOLD_MISMATCH, _("The held time is not the one you were quoted for."),
                          status=409, fields={"hold": [_("Hold the quoted time again.")]})
    site = GeoPoint(details.latitude, details.longitude) if details.latitude is not None else None
    if (priced.request.location is not None and site is not None
            and distance_m(priced.request.location, site) > ADDRESS_TOLERANCE_M):
        raise ValidationFailed({"address": [_("The address is not the one you were quoted for.")]})
    settings = order_settings()
    if not takes_bookings(settings):
        raise DomainError(OrderError.PAYMENT_UNAVAILABLE,
                          _("This company cannot take payment for bookings made here yet. Please contact them."),
                          status=409)
    if details.pay_on_site and not settings.allow_pay_on_site:
        raise ValidationFailed({"pay_on_site": [_("This company does not take payment on site.")]})
    if settings.allow_pay_on_site and not settings.office_confirms_payment:
        details = replace(details, pay_on_site=True)  # the only way this company is paid
    request = priced.request
    pay_by = now + timedelta(minutes=settings.payment_minutes)
    with transaction.atomic():
        # Locks the hold's rows (hold_expired when gone) and keeps the time while the customer pays
        # (an unpaid order releases it at pay_by).
        extend_hold(actor=actor, hold_id=first.hold_id, expires_at=max(pay_by, first.expires_at))
        if Order.objects.filter(hold_id=first.hold_id).exists():
            raise DomainError(OrderError.HOLD_USED, _("This hold is already booked."), status=409)
        twin = None if allow_duplicate else same_visit_orders(customer, service_id=request.service_id,
                                                               start=priced.start).first()
        if twin is not None:
            message = _("You already have order #%(id)s for this service at this time. Book another visit "
                        "only if you mean to.") % {"id": twin.pk}
            raise DomainError(OrderError.DUPLICATE_ORDER, message, status=409, extra={"order": twin.pk},
                              fields={"book_anyway": [message]})
        order = Order.objects.create(
            customer=customer, service_id=request.service_id, variant_id=priced.variant_id,
            service_name=_service_name(priced), status="",
            request={"variant": request.variant_id, "add_ons": [[a.add_on_id, a.quantity] for a in request.add_ons],
                     "quantity": request.quantity, "duration": request.duration_minutes},
            lines=quote_lines(priced), purchase=purchase_snapshot(priced),
            cancellation_tiers=[[t.hours_before, t.percent_bp, t.amount] for t in priced.cancellation_tiers],
            total=priced.total, currency=priced.currency, duration_minutes=priced.duration_minutes,
            crew_size=priced.crew_size, starts_at=priced.start, ends_at=priced.end, hold_id=first.hold_id,
            address_line=details.address_line.strip(), district=details.district.strip(),
            latitude=_decimal(details.latitude), longitude=_decimal(details.longitude),
            location_is_approximate=details.location_is_approximate,
            contact_name=details.contact_name.strip(), contact_phone=details.contact_phone,
            notes=details.notes.strip(), requirements=list(details.requirements), pay_by=pay_by,
        )
        ctx = Context(role=Role.CUSTOMER, now=now)
        apply_transition(actor=actor, order=order, action="book", ctx=ctx, data={"total": order.total})
        if details.pay_on_site:
            order.payment_method = PaymentMethod.ON_SITE
            apply_transition(actor=actor, order=order, action="choose_pay_on_site",
                             ctx=Context(role=Role.CUSTOMER, now=now, data={"allow_pay_on_site": True}),
                             update_fields=("payment_method",))
            confirm_hold(actor=actor, hold_id=order.hold_id)
            tell(actor=actor, order=order, kind="order.paid", to=[customer_user_id(order)])
            offer_automatically(actor=actor, order=order, now=now)
        else:
            tell(actor=actor, order=order, kind="order.booked", to=[customer_user_id(order)])
    return order


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


def _service_name(priced) -> str:
    line = next((ln for ln in priced.lines if ln.kind != "add_on"), None)
    from tenant_apps.catalog.models import Service
    from tenant_apps.catalog.translations import pick

    service = Service.objects.filter(pk=priced.request.service_id).only("name").first()
    return (pick(service.name) if service else "") or (line.label if line else "")


def mark_order_paid(*, actor: User | SystemActor, order: Order, reference: str = "",
                    now: datetime | None = None) -> Order:
    """The payment arrived (the payment flow calls this as the system; the office's "payment received"
    as staff): the hold becomes a booking and the order is offered to its worker."""
    now = now or timezone.now()
    role = Role.SYSTEM if isinstance(actor, SystemActor) else Role.OFFICE
    with transaction.atomic():
        locked = lock_order(order.pk)
        locked.paid_at, locked.payment_reference = now, reference[:100]
        apply_transition(actor=actor, order=locked, action="pay", ctx=Context(role=role, now=now),
                         update_fields=("paid_at", "payment_reference"), data={"reference": reference[:100]})
        confirm_hold(actor=actor, hold_id=locked.hold_id)
        tell(actor=actor, order=locked, kind="order.paid", to=[customer_user_id(locked)])
        offer_automatically(actor=actor, order=locked, now=now)
    return locked


def review_order(*, actor: User, order: Order, comment: str = "", now: datetime | None = None) -> Order:
    """The customer's word after the visit (scores and photos come with the reviews issue)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        apply_transition(actor=actor, order=locked, action="review",
                         ctx=Context(role=Role.CUSTOMER, now=now, reason=comment))
    return locked


