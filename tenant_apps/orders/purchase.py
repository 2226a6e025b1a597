"""What was bought: the snapshot an order keeps of the signed quote's choices (variant, hours or
quantity, add-ons with their quantities, what the worker must bring), and how every surface shows
it (the booking page, the customer's order, the office's order, the worker's task).

Names are kept in both languages as the catalog wrote them, so a later edit of the catalog does not
change what an order says was bought, and each reader sees their own language.
"""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tenant_apps.catalog.choices import AddOnKind, PriceModel
from tenant_apps.catalog.models import AddOn, Service, Variant
from tenant_apps.catalog.pricing import PricedQuote
from tenant_apps.catalog.translations import pick
from tenant_apps.catalog.wording import duration, money, number, unit_label

# Add-ons of these kinds are something the worker brings or arranges: shown to them before accepting.
NEEDS_KINDS = (AddOnKind.TOOLS, AddOnKind.MATERIALS, AddOnKind.EXTRA_HANDS)


def purchase_snapshot(priced: PricedQuote) -> dict[str, Any]:
    """The choices of a priced quote as an order stores them (Order.purchase)."""
    request = priced.request
    variant = Variant.objects.filter(pk=priced.variant_id).first()
    service = Service.objects.filter(pk=request.service_id).only("required_skills").first()
    add_ons = {a.pk: a for a in AddOn.objects.filter(pk__in=[c.add_on_id for c in request.add_ons])}
    return {
        "variant": {"id": priced.variant_id, "name": variant.name if variant else {},
                    "price_model": variant.price_model if variant else "", "unit": variant.unit if variant else ""},
        "hours_minutes": request.duration_minutes,
        "quantity": request.quantity,
        "duration_minutes": priced.duration_minutes,
        "crew_size": priced.crew_size,
        "add_ons": [{"id": c.add_on_id, "name": add_ons[c.add_on_id].name if c.add_on_id in add_ons else {},
                     "kind": add_ons[c.add_on_id].kind if c.add_on_id in add_ons else AddOnKind.OTHER,
                     "quantity": c.quantity} for c in request.add_ons],
        "skills": list(service.required_skills or ()) if service else [],
    }


def quote_lines(priced: PricedQuote) -> list[dict[str, Any]]:
    """The quote's itemised lines as an order stores them (Order.lines)."""
    return [{"kind": ln.kind, "label": ln.label, "amount": ln.amount, "quantity": str(ln.quantity)}
            for ln in priced.lines]


def _needs(snapshot: dict[str, Any], requirements: list[str]) -> list[str]:
    needs = []
    for add_on in snapshot.get("add_ons", []):
        if add_on.get("kind") in NEEDS_KINDS:
            name = pick(add_on.get("name")) or ""
            count = add_on.get("quantity") or 1
            label = name if count == 1 else f"{name} × {count}"
            if add_on["kind"] == AddOnKind.EXTRA_HANDS:
                needs.append(_("Extra hands: %(what)s") % {"what": label})
            else:
                needs.append(_("Bring: %(what)s") % {"what": label})
    crew = snapshot.get("crew_size") or 1
    if crew > 1:
        needs.append(_("A crew of %(n)d workers") % {"n": crew})
    needs.extend(r for r in requirements if r)
    return needs


def purchase_view(*, snapshot: dict[str, Any], lines: list[dict[str, Any]], total: int, currency: str,
                  notes: str = "", requirements: list[str] | None = None, with_prices: bool = True) -> dict[str, Any]:
    """What was bought, ready for the pages' `orders/_purchase.html`. Workers get no prices."""
    variant = snapshot.get("variant") or {}
    amount = ""
    if snapshot.get("quantity") and variant.get("price_model") != PriceModel.HOURLY:
        amount = f"{snapshot['quantity']} {unit_label(variant.get('unit') or '')}".strip()
    return {
        "variant": pick(variant.get("name")) or "",
        "duration": duration(snapshot["duration_minutes"]) if snapshot.get("duration_minutes") else "",
        "amount": amount,
        "add_ons": [{"name": pick(a.get("name")) or "", "quantity": a.get("quantity") or 1}
                    for a in snapshot.get("add_ons", [])],
        "needs": _needs(snapshot, list(requirements or [])),
        "notes": notes,
        "lines": [{"label": ln.get("label", ""), "amount": money(int(ln.get("amount", 0)), currency),
                   "quantity": _quantity(ln)} for ln in lines] if with_prices else [],
        "total": money(total, currency) if with_prices else "",
    }


def order_purchase(order, *, with_prices: bool = True) -> dict[str, Any]:
    return purchase_view(snapshot=order.purchase or {}, lines=order.lines, total=order.total, currency=order.currency,
                         notes=order.notes, requirements=order.requirements, with_prices=with_prices)


def quote_purchase(priced: PricedQuote) -> dict[str, Any]:
    """The same view of a quote not booked yet (the booking page)."""
    return purchase_view(snapshot=purchase_snapshot(priced), lines=quote_lines(priced), total=priced.total,
                         currency=priced.currency)


def _quantity(line: dict[str, Any]) -> str:
    try:
        value = number(line.get("quantity", "1"))
    except ArithmeticError:
        return ""
    return "" if value == "1" else value
