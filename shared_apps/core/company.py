"""The current company (the schema this connection works in) and its time zone, for every app."""
from __future__ import annotations

from django.conf import settings
from django.db import connection
from django_tenants.utils import get_tenant_model


def company_time_zone() -> str:
    """The current company's time zone, also inside schema_context (tasks), where connection.tenant
    is a stand-in without the company's fields."""
    time_zone = getattr(connection.tenant, "time_zone", None)
    if time_zone:
        return time_zone
    found = (get_tenant_model().objects.filter(schema_name=connection.schema_name)
             .values_list("time_zone", flat=True).first())
    return found or settings.TIME_ZONE
