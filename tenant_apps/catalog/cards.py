"""What a service card says about its price (the storefront's home and category pages)."""
from __future__ import annotations

from django.utils.translation import gettext as _

from .choices import PriceModel
from .models import Service
from .pricing import starting_price
from .selectors import variant_terms
from .wording import money, unit_label


def price_hint(service: Service, currency: str) -> str:
    """What a card says about the price: "From ¥100.00", or what a buy-back pays."""
    variants = list(service.variants.all())
    if not variants:
        return ""
    if any(v.price_model == PriceModel.BUYBACK for v in variants):
        best = max(variants, key=lambda v: v.unit_price)
        return _("We pay up to %(price)s per %(unit)s") % {"price": money(best.unit_price, currency),
                                                          "unit": unit_label(best.unit)}
    cheapest = min(starting_price(variant_terms(v, service)) for v in variants)
    return _("From %(price)s") % {"price": money(cheapest, currency)}


def with_price_hints(services, currency: str) -> list[Service]:
    services = list(services)
    for service in services:
        service.price_hint = price_hint(service, currency)
    return services
