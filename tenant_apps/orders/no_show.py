"""No-shows need location evidence (issue 17.4): the rules that say whether the worker's phone
proves they were at the address (for a customer no-show), whether it proves they never came (for
a worker no-show charged to them), and what a customer no-show costs. Pure reads of an order's
arrival event; the services decide and write."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from shared_apps.core.geo import GeoPoint, distance_m
from tenant_apps.catalog.cancellation import CancellationTierTerms, cancellation_fee

from .models import Order, OrderEvent, OrderSettings


def arrival_event_of(order: Order) -> OrderEvent | None:
    """The order's latest arrival (one query)."""
    return OrderEvent.objects.filter(order_id=order.pk, action="arrive").order_by("-created_at", "-id").first()


def distance_from_address(order: Order, point: tuple[float, float] | None) -> float | None:
    """Metres from the order's address to `point`; None when either is unknown or the address is
    placed only at its district's centre (then near and far cannot be told apart)."""
    if point is None or order.latitude is None or order.location_is_approximate:
        return None
    return distance_m(GeoPoint(*point), GeoPoint(float(order.latitude), float(order.longitude)))


def _event_point(event: OrderEvent) -> tuple[float, float] | None:
    if event.latitude is None or event.longitude is None:
        return None
    return (float(event.latitude), float(event.longitude))


def arrival_evidence_refusal(*, order: Order, arrival: OrderEvent | None, here: tuple[float, float] | None,
                             radius_m: int) -> str | None:
    """Why the worker's location does not prove they are at the address (None: it does): an arrival
    with the phone's position within the radius, not flagged far, and the position now within it too."""
    if arrival is None:
        return _("There is no arrival on record, so nobody can say you were there.")
    if (arrival.data or {}).get("no_location") or _event_point(arrival) is None:
        return _("Your arrival was recorded without your phone's location, so it cannot show you were there. "
                 "Call the office.")
    if (arrival.data or {}).get("far"):
        return _("Your arrival was recorded far from the address, so it cannot show you were there. Call the office.")
    arrived_at = distance_from_address(order, _event_point(arrival))
    if arrived_at is None:
        return _("The address has no exact place on the map, so your location cannot show you were there. "
                 "Call the office.")
    if arrived_at > radius_m:
        return _("Your arrival was recorded %(m)d m from the address, farther than %(radius)d m.") % {
            "m": round(arrived_at), "radius": radius_m}
    if here is None:
        return _("Allow this page to use your phone's location: it shows that you are still at the address.")
    now_at = distance_from_address(order, here)
    if now_at is None or now_at > radius_m:
        return _("Your phone says you are %(m)d m from the address; wait at the address to mark the customer "
                 "not there.") % {"m": round(now_at or 0)}
    return None


def no_show_allowed_from(*, order: Order, arrival: OrderEvent | None, wait_minutes: int) -> datetime:
    """When the worker may mark the customer not there: the wait after the later of the arrival and
    the visit's start."""
    arrived = arrival.created_at if arrival is not None else order.starts_at
    return max(arrived, order.starts_at) + timedelta(minutes=wait_minutes)


def customer_no_show_fee(*, order: Order, settings: OrderSettings, now: datetime) -> int:
    """The company's no-show percentage of the total when it set one; otherwise what cancelling now,
    with the worker on the way, costs by the service's policy (its on-the-way tier, never less than
    the last-minute tier): not turning up never costs less than cancelling at the door."""
    if settings.no_show_fee_percent is not None:
        return (max(order.total, 0) * settings.no_show_fee_percent + 50) // 100
    tiers = tuple(CancellationTierTerms(hours_before=h, percent_bp=bp, amount=a)
                  for h, bp, a in order.cancellation_tiers)
    return cancellation_fee(tiers=tiers, total=order.total, start=order.starts_at, cancelled_at=now,
                            worker_on_the_way=True)


@dataclass(frozen=True)
class WorkerNoShowEvidence:
    """What the record says about a worker who was due and did not come."""

    arrived: bool
    far: bool
    no_location: bool
    distance_m: int | None

    @property
    def supports_charging_worker(self) -> bool:
        """No arrival at all, or one the phone placed beyond the radius. An arrival without a location
        proves neither way (the phone may have refused), so it does not support a charge."""
        return not self.arrived or self.far


def worker_no_show_evidence(*, order: Order, radius_m: int) -> WorkerNoShowEvidence:
    arrival = arrival_event_of(order)
    if arrival is None:
        return WorkerNoShowEvidence(arrived=False, far=False, no_location=False, distance_m=None)
    point = _event_point(arrival)
    distance = distance_from_address(order, point)
    far = bool((arrival.data or {}).get("far")) or (distance is not None and distance > radius_m)
    return WorkerNoShowEvidence(arrived=True, far=far, no_location=point is None,
                                distance_m=round(distance) if distance is not None else None)
