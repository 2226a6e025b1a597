"""How an order reads for each audience: the customer and the office see it all; a worker sees the
customer's phone masked, and the full address and exact coordinates (of the address and of the
events on the timeline) only while the task is accepted; before, the district and coordinates
rounded to about a kilometre (shared_apps.core.approximate)."""
from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from rest_framework import serializers

from shared_apps.accounts.phones import mask_phone
from shared_apps.core.approximate import approximate_coordinate
from shared_apps.core.company import company_time_zone

from .machine import Context, allowed_actions, label_of
from .models import Order
from .photos import photo_urls
from .selectors import ACCEPTED_STATES
from .visibility import customer_sees_worker, visible_events


class OrderEventOutput(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor_role = serializers.CharField()
    actor_name = serializers.CharField()
    reason = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    data = serializers.DictField()
    at = serializers.DateTimeField()


class OrderAddressOutput(serializers.Serializer):
    line = serializers.CharField(allow_null=True)
    district = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    is_approximate = serializers.BooleanField(help_text="The worker sees only the district until they accept.")
    point_is_approximate = serializers.BooleanField(help_text="The point is the district's centre, not a geocode.")


class OrderRescheduleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    requested_by = serializers.CharField()
    status = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    fee = serializers.IntegerField()
    reason = serializers.CharField()


class OrderOutput(serializers.Serializer):
    id = serializers.IntegerField()
    company_id = serializers.IntegerField(required=False)
    status = serializers.CharField()
    service = serializers.IntegerField()
    service_name = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    total = serializers.IntegerField()
    currency = serializers.CharField()
    fees_charged = serializers.IntegerField()
    payment_method = serializers.CharField()
    pay_by = serializers.DateTimeField(allow_null=True)
    worker = serializers.DictField(allow_null=True)
    address = OrderAddressOutput()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    notes = serializers.CharField()
    requirements = serializers.ListField(child=serializers.CharField())
    purchase = serializers.DictField(help_text="What was bought: variant, hours or quantity, add-ons with "
                                               "quantities and kinds, crew size (names in every language).")
    actions = serializers.ListField(child=serializers.CharField())


class OrderDetailOutput(OrderOutput):
    lines = serializers.ListField(child=serializers.DictField())
    timeline = OrderEventOutput(many=True)
    reschedule_requests = OrderRescheduleOutput(many=True)
    exceptions = serializers.ListField(child=serializers.DictField(), required=False)
    photos = serializers.ListField(child=serializers.URLField(), required=False)


def _exact(value) -> float | None:
    return float(value) if value is not None else None


def _local(moment):
    return moment.astimezone(ZoneInfo(company_time_zone())).isoformat() if moment else None


def order_data(order: Order, *, ctx: Context, audience: str, detail: bool = False) -> dict[str, Any]:
    full = audience != "worker" or order.status in ACCEPTED_STATES
    point = _exact if full else approximate_coordinate
    worker = None
    if order.worker_id and (audience != "customer" or customer_sees_worker(order)):
        worker = {"id": order.worker_id, "name": order.worker.staff_member.display_name}
    data = {
        "id": order.pk, "status": order.status, "service": order.service_id, "service_name": order.service_name,
        "start": _local(order.starts_at), "end": _local(order.ends_at), "total": order.total,
        "currency": order.currency, "fees_charged": order.fees_charged, "payment_method": order.payment_method,
        "pay_by": _local(order.pay_by), "worker": worker,
        "address": {
            "line": order.address_line if full else None, "district": order.district,
            "latitude": point(order.latitude), "longitude": point(order.longitude),
            "is_approximate": not full, "point_is_approximate": order.location_is_approximate,
        },
        "contact_name": order.contact_name,
        "contact_phone": mask_phone(order.contact_phone) if audience == "worker" else order.contact_phone,
        "notes": order.notes, "requirements": order.requirements,
        "purchase": order.purchase, "actions": allowed_actions(order, ctx),
    }
    if detail:
        data["lines"] = order.lines if audience != "worker" else []
        data["timeline"] = [
            {"action": e.action, "label": label_of(e.action), "from_status": e.from_status, "to_status": e.to_status,
             "actor_role": e.actor_role,
             "actor_name": (e.actor.name if e.actor_id else e.actor_name) if v.shows_actor else "",
             "reason": v.reason, "latitude": point(e.latitude) if v.data else None,
             "longitude": point(e.longitude) if v.data else None, "data": v.data,
             "at": _local(e.created_at)}
            for v in visible_events(order.events.all(), audience) for e in (v.event,)
        ]
        data["photos"] = photo_urls(order)  # signed and expiring: only the order's people get them
        data["reschedule_requests"] = [
            {"id": r.pk, "requested_by": r.requested_by, "status": r.status, "start": _local(r.starts_at),
             "end": _local(r.ends_at), "fee": r.fee, "reason": r.reason}
            for r in order.reschedule_requests.all()
        ]
        if audience == "office":
            data["exceptions"] = [{"id": x.pk, "kind": x.kind, "detail": x.detail, "at": _local(x.created_at)}
                                  for x in order.exceptions.all()]
    return data
