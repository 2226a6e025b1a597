"""The quote engine: the one place a price is computed. One module per step: terms (what goes in
and out), checks (rule 1), lines (rules 2 to 4), engine (the entry points).

Pure: plain dataclasses in (the service's terms, the company's terms, the customer's request, the
clock), a priced quote out; no ORM, no clock, no I/O. `selectors.pricing_terms_for` builds the
inputs from the database, `quotes.py` signs the result. Amounts are integer minor units (fen).

Rules, in order:
1. The request is checked (start within lead time and horizon, variant, quantity or duration,
   add-ons, address inside a zone); every problem is reported at once as field errors.
2. Service lines: the variant's price model (fixed; hourly with a minimum; per unit; per m²;
   buy-back, which pays the customer) and the add-ons.
3. Minimum charge: tops up the charged service lines (positive ones) to the variant's minimum.
4. Surcharges: a percentage of the charged service lines plus a fixed amount, for the visit's
   start in the company's time zone (time of day, weekday, company holiday), for short notice,
   and for distance from the base; then the zone's surcharge (the cheapest zone containing the
   address). Surcharges never apply to buy-back payouts.
5. Total = the sum of the lines. It is negative only when the variant is a buy-back.
"""
from .engine import price_quote, starting_price
from .terms import (
    HOURLY_STEP_MINUTES,
    MAX_CHOSEN_MINUTES,
    AddOnChoice,
    AddOnTerms,
    CompanyTerms,
    LineKind,
    PricedQuote,
    QuoteLine,
    QuoteRequest,
    ServiceTerms,
    SurchargeTerms,
    VariantTerms,
    ZoneTerms,
)

__all__ = [
    "HOURLY_STEP_MINUTES", "MAX_CHOSEN_MINUTES", "AddOnChoice", "AddOnTerms", "CompanyTerms", "LineKind",
    "PricedQuote", "QuoteLine", "QuoteRequest", "ServiceTerms", "SurchargeTerms", "VariantTerms", "ZoneTerms",
    "price_quote", "starting_price",
]
