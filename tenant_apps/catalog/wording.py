"""How the catalog reads to people, in the active language: amounts, durations, units and
cancellation tiers (the API's summaries and the pages use the same words)."""
from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import Unit


def money(amount: int, currency: str) -> str:
    """An amount in minor units for people to read: ¥12.50 (CNY), or "USD 12.50" for other currencies."""
    sign = "-" if amount < 0 else ""
    major = f"{abs(amount) // 100}.{abs(amount) % 100:02d}"
    return f"{sign}¥{major}" if currency == "CNY" else f"{sign}{currency} {major}"


def duration(minutes: int) -> str:
    """90 -> "1 h 30 min"; whole days for long stays (26 days)."""
    if minutes >= 48 * 60 and minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": rest}


def unit_label(unit: str) -> str:
    """The name of a unit ("hour", "m²"); other units (km) as they are."""
    return str(Unit(unit).label) if unit in Unit.values else unit


def number(value: Decimal | int) -> str:
    """A quantity as the shortest exact decimal text ("2.5", "3")."""
    return format(Decimal(value).normalize(), "f")


def tier_summary(tier, currency: str) -> str:
    """One line of a cancellation policy, as the customer reads it (a CancellationTier row)."""
    parts = []
    if tier.percent:
        parts.append(_("%(percent)s%% of the price") % {"percent": f"{Decimal(tier.percent).normalize():f}"})
    if tier.amount:
        parts.append(money(tier.amount, currency))
    fee = " + ".join(parts) or _("free")
    if tier.on_the_way:
        return _("Once the worker is on the way: %(fee)s") % {"fee": fee}
    if tier.hours_before:
        return _("Cancel at least %(hours)d h before the visit: %(fee)s") % {"hours": tier.hours_before, "fee": fee}
    return _("Cancel with less notice: %(fee)s") % {"fee": fee}
