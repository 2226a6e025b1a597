"""Row locks of the catalog: a service before its variants, add-ons and tiers (its children are
changed under the service's lock). Each expects a transaction."""
from __future__ import annotations

from typing import TypeVar

from django.db import models

from .models import Category, Service

M = TypeVar("M", bound=models.Model)


def lock_row(model: type[M], pk: int) -> M:
    """One catalog row (category, service, variant, add-on, surcharge, zone...) by primary key."""
    return model.objects.select_for_update().get(pk=pk)


def lock_category(category_id: int) -> Category:
    return Category.objects.select_for_update().get(pk=category_id)


def lock_service(service_id: int) -> Service:
    """The service: taken before changing its variants or cancellation tiers."""
    return Service.objects.select_for_update().get(pk=service_id)
