"""Signed quotes: price a request, sign the result so it cannot be altered, let it expire, and check
it again before booking so a customer is never charged a price they were not shown.

The token is django.core.signing output (HMAC with SECRET_KEY) with a salt that names the company's
schema, so a quote from company A does not verify at company B. It carries the request and the
priced lines, so booking (issue 5) charges exactly what the customer saw.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core import signing
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.core.geo import GeoPoint

from .cancellation import CancellationTierTerms, cancellation_schedule
from .errors import CatalogError
from .pricing import AddOnChoice, PricedQuote, QuoteLine, QuoteRequest, price_quote
from .selectors import current_company, pricing_terms_for

TOKEN_VERSION = 1
MAX_TOKEN_LENGTH = 16_000


@dataclass(frozen=True)
class SignedQuote:
    quote: PricedQuote
    token: str
    issued_at: datetime
    expires_at: datetime


class QuoteChanged(DomainError):
    """The price (or duration or crew) is no longer what the quote says; `new_quote` is the current one."""

    def __init__(self, new_quote: SignedQuote) -> None:
        self.new_quote = new_quote
        super().__init__(
            CatalogError.QUOTE_CHANGED, _("The price has changed since this quote; please review the new quote."),
            status=409, extra={"quote": quote_data(new_quote)},
        )


def make_quote(*, request: QuoteRequest, now: datetime | None = None, fresh: bool = False) -> SignedQuote:
    """Price `request` with the current catalog and sign the quote (`fresh`: bypass the cache of
    pricing inputs and read the database)."""
    now = now or timezone.now()
    terms = pricing_terms_for(request.service_id, fresh=fresh)
    if terms is None:
        raise ValidationFailed({"service": [_("This service is not offered.")]})
    service, company = terms
    priced = price_quote(service=service, company=company, request=request, now=now)
    return _sign(priced, issued_at=now, expires_at=now + timedelta(minutes=company.quote_ttl_minutes))


def verify_quote(token: Any, *, now: datetime | None = None) -> SignedQuote:
    """The quote in `token`, if it was signed here, is unaltered and has not expired.

    Raises DomainError quote_invalid (tampered, another company's, malformed) or quote_expired.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise _invalid()
    try:
        payload = signing.loads(token, salt=_salt())
        signed = _decode(payload, token)
    except (signing.BadSignature, ValueError, KeyError, TypeError, IndexError):
        raise _invalid() from None
    if (now or timezone.now()) >= signed.expires_at:
        raise DomainError(CatalogError.QUOTE_EXPIRED, _("This quote has expired; please get a new one."),
                          fields={"token": [_("This quote has expired.")]})
    return signed


load_quote = verify_quote  # the name booking uses: a loaded quote is always a verified one


def check_quote_still_valid(*, quote: SignedQuote, customer_id: int | None = None,
                            now: datetime | None = None) -> SignedQuote:
    """Price the quote's request again as of `now`. Same price, duration and crew: the fresh quote.
    Different: QuoteChanged carrying the new quote, so the caller shows it instead of charging.

    A quote made for a signed-in customer is valid only for that customer; an anonymous quote is
    valid for whoever books it. Request problems that appeared since (the start is now too soon,
    the service was withdrawn) are field errors, as when quoting.
    """
    made_for = quote.quote.request.customer_id
    if made_for is not None and made_for != customer_id:
        raise _invalid()
    request = replace(quote.quote.request, customer_id=customer_id)
    fresh = make_quote(request=request, now=now, fresh=True)
    if _price_of(fresh.quote) != _price_of(quote.quote):
        raise QuoteChanged(fresh)
    return fresh


def _price_of(priced: PricedQuote) -> tuple:
    """What the customer pays and gets; labels are left out (the language may differ)."""
    return (
        priced.total, priced.currency, priced.duration_minutes, priced.crew_size, priced.variant_id,
        tuple((line.kind, line.ref_id, line.amount) for line in priced.lines),
    )


def _salt() -> str:
    return f"doorstep.catalog.quote:{connection.schema_name}"


def _invalid() -> DomainError:
    return DomainError(CatalogError.QUOTE_INVALID, _("This quote is not valid; please get a new one."),
                       fields={"token": [_("This quote is not valid.")]})


def _sign(priced: PricedQuote, *, issued_at: datetime, expires_at: datetime) -> SignedQuote:
    request = priced.request
    payload = {
        "v": TOKEN_VERSION,
        "req": {
            "service": request.service_id, "variant": request.variant_id,
            "add_ons": [[a.add_on_id, a.quantity] for a in request.add_ons],
            "quantity": request.quantity, "duration": request.duration_minutes,
            "loc": [request.location.latitude, request.location.longitude] if request.location else None,
            "start": request.start.isoformat(), "customer": request.customer_id,
        },
        "variant": priced.variant_id, "total": priced.total, "currency": priced.currency,
        "duration": priced.duration_minutes, "crew": priced.crew_size, "buyback": priced.is_buyback,
        "zone": priced.zone_id,
        "lines": [[ln.kind, ln.label, ln.amount, str(ln.quantity), ln.unit, ln.unit_amount, ln.ref_id]
                  for ln in priced.lines],
        "cancel": [[t.hours_before, t.percent_bp, t.amount] for t in priced.cancellation_tiers],
        "iat": issued_at.isoformat(), "exp": expires_at.isoformat(),
    }
    token = signing.dumps(payload, salt=_salt(), compress=True)
    return SignedQuote(quote=priced, token=token, issued_at=issued_at, expires_at=expires_at)


def _when(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("naive time in a quote")
    return moment


def _decode(payload: dict, token: str) -> SignedQuote:
    if payload["v"] != TOKEN_VERSION:
        raise ValueError("unknown quote version")
    req = payload["req"]
    start = _when(req["start"])
    loc = req["loc"]
    request = QuoteRequest(
        service_id=req["service"], start=start, variant_id=req["variant"],
        add_ons=tuple(AddOnChoice(add_on_id=a, quantity=q) for a, q in req["add_ons"]),
        quantity=req["quantity"], duration_minutes=req["duration"],
        location=GeoPoint(loc[0], loc[1]) if loc else None, customer_id=req["customer"],
    )
    priced = PricedQuote(
        request=request, variant_id=payload["variant"],
        lines=tuple(QuoteLine(kind=k, label=label, amount=amount, quantity=Decimal(qty), unit=unit,
                              unit_amount=unit_amount, ref_id=ref)
                    for k, label, amount, qty, unit, unit_amount, ref in payload["lines"]),
        total=payload["total"], currency=payload["currency"], duration_minutes=payload["duration"],
        crew_size=payload["crew"], start=start, end=start + timedelta(minutes=payload["duration"]),
        is_buyback=payload["buyback"], zone_id=payload["zone"],
        cancellation_tiers=tuple(CancellationTierTerms(hours_before=h, percent_bp=bp, amount=a)
                                 for h, bp, a in payload["cancel"]),
    )
    return SignedQuote(quote=priced, token=token, issued_at=_when(payload["iat"]), expires_at=_when(payload["exp"]))


def quote_data(signed: SignedQuote) -> dict[str, Any]:
    """The quote as JSON-ready data (the API's response, and the body of quote_changed)."""
    priced = signed.quote
    return {
        "service": priced.request.service_id, "variant": priced.variant_id,
        "lines": [
            {"kind": ln.kind, "label": ln.label, "quantity": _number(ln.quantity), "unit": ln.unit,
             "unit_amount": ln.unit_amount, "amount": ln.amount}
            for ln in priced.lines
        ],
        "total": priced.total, "currency": priced.currency, "is_buyback": priced.is_buyback,
        "duration_minutes": priced.duration_minutes, "crew_size": priced.crew_size,
        "start": _local(priced.start), "end": _local(priced.end),
        "cancellation_policy": [
            {"hours_before": w.tier.hours_before, "on_the_way": w.tier.on_the_way,
             "percent": _number(Decimal(w.tier.percent_bp) / 100), "amount": w.tier.amount, "fee": w.fee,
             "begins": _local(w.begins), "ends": _local(w.ends)}
            for w in cancellation_schedule(tiers=priced.cancellation_tiers, total=priced.total, start=priced.start,
                                            now=timezone.now())
        ],
        "expires_at": _local(signed.expires_at), "token": signed.token,
    }


def _number(value: Decimal) -> str:
    """A quantity as the shortest exact decimal text ("2.5", "3")."""
    return format(value.normalize(), "f")


def _local(moment: datetime | None) -> str | None:
    """A time in the company's time zone, ISO 8601 with its offset."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(current_company().time_zone)).isoformat()
