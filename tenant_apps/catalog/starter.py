"""Installing a vertical's starter catalog into a new company (at sign-up), in a few bulk inserts."""
from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, ValidationFailed

from .errors import CatalogError
from .models import AddOn, CancellationTier, CatalogSettings, Category, Service, Surcharge, Variant
from .services import record_catalog_change
from .starter_data import STARTERS

SERVICE_FIELDS = ("name", "description", "included", "standard", "default_duration_minutes", "required_skills",
                  "crew_size", "min_lead_minutes", "is_promoted")


def install_starter_catalog(*, actor: User | SystemActor, vertical: str) -> int:
    """Give the current (empty) company the starter catalog of `vertical`; returns how many services.

    Bulk inserts (one per table, about ten queries): sign-up calls this and must stay fast. The data
    is checked by tests (every starter row passes full_clean), not row by row here.
    """
    spec = STARTERS.get(vertical)
    if spec is None:
        raise ValidationFailed({"vertical": [_("Choose one of: %(choices)s.") % {"choices": ", ".join(STARTERS)}]})
    with transaction.atomic():
        if Category.objects.exists():
            raise DomainError(CatalogError.CATALOG_NOT_EMPTY, _("This company already has a catalog."), status=409)
        CatalogSettings.objects.get_or_create(pk=1)
        tops = Category.objects.bulk_create(
            Category(name=c["name"], description=c["description"], position=i)
            for i, c in enumerate(spec["categories"])
        )
        children_specs = [
            (top, child) for top, c in zip(tops, spec["categories"], strict=True) for child in c["children"]
        ]
        children = Category.objects.bulk_create(
            Category(parent=top, name=c["name"], description=c["description"], position=i)
            for i, (top, c) in enumerate(children_specs)
        )
        children_of: dict[int, list] = {}
        for (top, _spec), child in zip(children_specs, children, strict=True):
            children_of.setdefault(top.pk, []).append((child, _spec))
        service_specs = [  # in tree order, so positions follow the menu
            (category, s)
            for top, c in zip(tops, spec["categories"], strict=True)
            for category, cat_spec in [(top, c), *children_of.get(top.pk, [])]
            for s in cat_spec["services"]
        ]
        services = Service.objects.bulk_create(
            Service(category=category, position=i, **{f: s[f] for f in SERVICE_FIELDS})
            for i, (category, s) in enumerate(service_specs)
        )
        pairs = list(zip(services, (s for _c, s in service_specs), strict=True))
        Variant.objects.bulk_create(
            Variant(service=service, position=i, **v) for service, s in pairs for i, v in enumerate(s["variants"])
        )
        AddOn.objects.bulk_create(
            AddOn(service=service, position=i, **a) for service, s in pairs for i, a in enumerate(s["add_ons"])
        )
        CancellationTier.objects.bulk_create(
            CancellationTier(service=service, hours_before=hours, on_the_way=hours is None,
                             percent=Decimal(percent), amount=amount)
            for service, s in pairs for hours, percent, amount in s["policy"]
        )
        Surcharge.objects.bulk_create(_surcharge(i, values) for i, values in enumerate(spec["surcharges"]))
        record_catalog_change(actor=actor, action="starter_catalog.installed", target_id=None,
                      data={"vertical": vertical, "services": len(services)})
    return len(services)


def _surcharge(position: int, values: dict) -> Surcharge:
    values = dict(values)
    for key in ("start_time", "end_time"):
        if key in values:
            values[key] = time.fromisoformat(values[key])
    if "percent" in values:
        values["percent"] = Decimal(values["percent"])
    return Surcharge(position=position, **values)
