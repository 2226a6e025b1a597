"""The inbox pages: the worker app's (every company's notifications) and a company site's (that
company's only). Marking one read is the one action."""
from __future__ import annotations

from django.db import connection
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.errors import NotFound

from .selectors import get_notification_for, inbox_for
from .services import mark_notification_read

INBOX_SIZE = 100


def _company_id() -> int | None:
    tenant = getattr(connection, "tenant", None)
    return tenant.pk if tenant is not None and tenant.schema_name != "public" else None


def _inbox(request, template: str):
    rows = list(inbox_for(request.user, company_id=_company_id())[:INBOX_SIZE])
    # Each message's time in its company's time zone (the worker app lists several companies').
    from tenants.models import Company

    zones = dict(Company.objects.filter(pk__in={n.company_id for n in rows}).values_list("pk", "time_zone"))
    for n in rows:
        n.time_zone = zones.get(n.company_id, "UTC")
    return render(request, template, {"notifications": rows, "unread": sum(1 for n in rows if n.read_at is None)})


def _read(request, notification_id, back: str):
    notification = get_notification_for(request.user, notification_id)
    if _company_id() is not None and notification.company_id != _company_id():
        raise NotFound("notification")  # another company's, as the site's inbox does not list it
    mark_notification_read(actor=request.user, notification=notification)
    return redirect(back)


@signed_in("worker:login")
def worker_inbox(request):
    return _inbox(request, "worker/notifications.html")


@require_POST
@signed_in("worker:login")
def worker_read(request, notification_id):
    return _read(request, notification_id, "worker:notifications")


@signed_in("storefront:login")
def storefront_inbox(request):
    return _inbox(request, "storefront/notifications.html")


@require_POST
@signed_in("storefront:login")
def storefront_read(request, notification_id):
    return _read(request, notification_id, "storefront:notifications")
