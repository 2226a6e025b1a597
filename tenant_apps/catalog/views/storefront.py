"""The storefront's catalog pages: a category, and a service with its live quote (htmx).

The quote is priced by the catalog's make_quote, the same engine that prices the order; the page
only parses the visitor's choices and shows the engine's lines or its field errors.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import anyone
from shared_apps.core.api import parse_id
from shared_apps.core.errors import DomainError
from tenant_apps.people.selectors import customer_of

from ..cancellation import cancellation_schedule
from ..cards import with_price_hints
from ..choices import PriceModel
from ..forms.quote import (
    START_FORMAT,
    QuoteForm,
    addon_field,
    choices_for_variant,
    counts_quantity,
    default_minutes,
    default_quantity,
    default_start,
    is_hourly,
)
from ..models import Service
from ..pricing import QuoteLine
from ..quotes import SignedQuote, make_quote
from ..selectors import (
    catalog_settings,
    get_storefront_category,
    get_storefront_service,
    storefront_categories,
    storefront_services,
)
from ..translations import pick
from ..wording import duration, money, number, tier_summary, unit_label

NON_FIELD = "__all__"


# ---- category ------------------------------------------------------------------------------------

@anyone
def category(request, category_id):
    shown = get_storefront_category(category_id)
    currency = catalog_settings().currency
    return render(request, "storefront/catalog/category.html", {
        "category": shown,
        "parent": shown.parent if shown.parent_id else None,
        "children": [c for c in storefront_categories() if c.parent_id == shown.pk],
        "services": with_price_hints(storefront_services(category_id=shown.pk).select_related("category"), currency),
        "currency": currency,
    })


# ---- service and its quote -----------------------------------------------------------------------

@anyone
def service_detail(request, service_id):
    service = get_storefront_service(service_id)
    company = request.tenant
    with timezone.override(ZoneInfo(company.time_zone)):
        context = _quote_context(request, service, request.GET if "variant" in request.GET else None)
        photos = list(service.photos.all())
        image = photos[0].image.url if photos else (company.logo.url if company.logo else "")
        context.update({
            "page_url": request.build_absolute_uri(reverse("storefront:service", args=[service.pk])),
            "image_url": request.build_absolute_uri(image) if image else "",
            "photos": photos,
            "policy": [tier_summary(t, context["currency"]) for t in service.cancellation_tiers.all()],
            "lead": _lead_time(service.min_lead_minutes),
            "crew": _crew(service.crew_size),
            "description": pick(service.description, fallback=company.default_language),
        })
        return render(request, "storefront/catalog/service.html", context)


@anyone
@require_POST
def service_quote(request, service_id):
    """The htmx partial: the quote for the posted choices, and the field messages next to the fields."""
    service = get_storefront_service(service_id)
    with timezone.override(ZoneInfo(request.tenant.time_zone)):
        context = _quote_context(request, service, request.POST)
        return render(request, "storefront/catalog/_quote_response.html", context)


def _quote_context(request, service: Service, data) -> dict:
    """Parse the visitor's choices (None: the page's first suggestion) and price them."""
    company = request.tenant
    variants = {v.pk: v for v in service.variants.all()}
    first = next(iter(variants.values()))  # an offered service has at least one active variant
    variant_changed = False
    if data is None:
        variant = first
        data = {
            "variant": variant.pk, "shown_variant": variant.pk, "quantity": default_quantity(variant) or "",
            "duration_minutes": default_minutes(variant, service) or "",
            "start": default_start(service, company.time_zone).strftime(START_FORMAT),
        }
    else:
        variant = variants.get(parse_id(data.get("variant"))) or first
        # Another variant chosen: the fields for it replace the old ones on the page.
        data, variant_changed = choices_for_variant(data, service=service, variant=variant)
    form = QuoteForm(data, service=service, variant=variant, time_zone=company.time_zone)
    errors: dict[str, list[str]] = {}
    signed = None
    if form.is_valid():
        customer = customer_of(request.user) if request.user.is_authenticated else None
        try:
            signed = make_quote(request=form.quote_request(customer_id=customer.pk if customer else None))
        except DomainError as error:
            errors = _engine_errors(error, form)
    else:
        errors = _form_errors(form)
    currency = catalog_settings().currency
    # The message slots the htmx response refreshes; the work fields carry their own when they are replaced.
    slots = ["variant", "start", "address", *(f"addon-{a.pk}" for a in service.add_ons.all())]
    if counts_quantity(variant) and not variant_changed:
        slots.append("quantity")
    if is_hourly(variant) and not variant_changed:
        slots.append("duration_minutes")
    return {
        "service": service, "form": form, "variant": variant,
        "variants": [{"variant": v, "hint": _variant_hint(v, currency)} for v in variants.values()],
        "variant_changed": variant_changed, "counts_quantity": counts_quantity(variant),
        "is_hourly": is_hourly(variant), "errors": errors,
        "slot_errors": [(slot, errors.get(slot, [])) for slot in slots],
        "non_field_errors": errors.get(NON_FIELD, []), "quote": _quote_view(signed, currency) if signed else None,
        "currency": currency, "add_ons": _add_on_rows(service, form, currency, errors),
    }


def _variant_hint(variant, currency: str) -> str:
    """The price of a variant in a few words: "¥50.00 / hour", "¥180.00", "We pay ¥1.00 / kg"."""
    if variant.price_model == PriceModel.FIXED:
        return money(variant.base_price, currency)
    per_unit = f"{money(variant.unit_price, currency)} / {unit_label(variant.unit)}"
    if variant.price_model == PriceModel.BUYBACK:
        return _("We pay %(price)s") % {"price": per_unit}
    if variant.price_model == PriceModel.HOURLY and variant.minimum_minutes:
        return _("%(price)s, at least %(time)s") % {"price": per_unit, "time": duration(variant.minimum_minutes)}
    return per_unit


def _form_errors(form: QuoteForm) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        if name.startswith("addon_"):
            slot = "addon-" + name.removeprefix("addon_")
        elif name in ("latitude", "longitude", "address_line", "zone"):
            slot = "address"
        elif name in ("variant", "quantity", "duration_minutes", "start"):
            slot = name
        else:
            slot = NON_FIELD
        errors.setdefault(slot, []).extend(messages)
    return errors


def _engine_errors(error: DomainError, form: QuoteForm) -> dict[str, list[str]]:
    """The engine's field names ("add_ons.1.quantity") as the page's message slots."""
    errors: dict[str, list[str]] = {}
    for key, messages in error.fields.items():
        slot = NON_FIELD
        if key in ("variant", "quantity", "duration_minutes", "start", "address"):
            slot = key
        elif key.startswith("add_ons."):
            index = key.split(".")[1]
            if index.isdigit() and int(index) < len(form.requested_add_ons):
                slot = f"addon-{form.requested_add_ons[int(index)]}"
        errors.setdefault(slot, []).extend(str(m) for m in messages)
    if not error.fields:
        errors[NON_FIELD] = [error.message]
    return errors


def _add_on_rows(service: Service, form: QuoteForm, currency: str, errors: dict) -> list[dict]:
    return [
        {"add_on": add_on, "field": form[addon_field(add_on.pk)], "is_box": add_on.max_quantity == 1,
         "price": money(add_on.price, currency), "slot": f"addon-{add_on.pk}",
         "errors": errors.get(f"addon-{add_on.pk}", [])}
        for add_on in service.add_ons.all()
    ]


# ---- the quote as the page shows it --------------------------------------------------------------

def _quote_view(signed: SignedQuote, currency: str) -> dict:
    priced = signed.quote
    return {
        "lines": [{"label": line.label, "detail": _line_detail(line, currency), "amount": money(line.amount, currency),
                   "is_payout": line.amount < 0} for line in priced.lines],
        "total": money(abs(priced.total), currency),
        "pays_customer": priced.total < 0,
        "duration": priced.duration_minutes,
        "crew": _crew(priced.crew_size),
        "start": priced.start, "end": priced.end, "expires_at": signed.expires_at,
        "cancellation": [_window_text(w, priced.start, currency)
                         for w in cancellation_schedule(tiers=priced.cancellation_tiers, total=priced.total,
                                                        start=priced.start, now=timezone.now())],
    }


def _line_detail(line: QuoteLine, currency: str) -> str:
    """"2.5 × ¥50.00 / hour" for lines that count something; "" for single amounts."""
    if line.unit_amount is None or (line.quantity == 1 and line.unit in ("", "visit")):
        return ""
    text = f"{number(line.quantity)} × {money(abs(line.unit_amount), currency)}"
    return f"{text} / {unit_label(line.unit)}" if line.unit and line.unit != "visit" else text


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _window_text(window, start: datetime, currency: str) -> str:
    fee = money(window.fee, currency) if window.fee else _("free")
    if window.tier.on_the_way:
        return _("Once the worker is on the way: %(fee)s") % {"fee": fee}
    if window.begins is None:
        if window.ends == start:
            return _("Cancel any time before the visit: %(fee)s") % {"fee": fee}
        return _("Cancel until %(ends)s: %(fee)s") % {"ends": _when(window.ends), "fee": fee}
    if window.ends == start:
        return _("Cancel after %(begins)s: %(fee)s") % {"begins": _when(window.begins), "fee": fee}
    return _("Cancel between %(begins)s and %(ends)s: %(fee)s") % {
        "begins": _when(window.begins), "ends": _when(window.ends), "fee": fee}


def _crew(size: int) -> str:
    return ngettext("%(n)d worker", "%(n)d workers", size) % {"n": size}


def _lead_time(minutes: int) -> str:
    return _("Book at least %(time)s ahead.") % {"time": duration(minutes)} if minutes else ""
