"""The daily reconciliation report's parts that payments owns: each movement of the day at a
gateway (payments and refunds here; payouts from earnings and on-site payments from orders use the
same row and the same rule), our record against the ledger and against the provider.

The rule (`compare`), for every kind of movement alike:
  matched              the provider and the ledger hold our amount (or neither holds money);
  missing at provider  the ledger holds money the provider does not report as done;
  missing in ledger    the provider reports it done and the ledger holds nothing;
  amount mismatch      both hold money, not the same amount (or not our amount).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .selectors import day_bounds


class Match:
    MATCHED = "matched"
    MISSING_AT_PROVIDER = "missing_at_provider"
    MISSING_IN_LEDGER = "missing_in_ledger"
    AMOUNT_MISMATCH = "amount_mismatch"

    ALL = (MATCHED, MISSING_AT_PROVIDER, MISSING_IN_LEDGER, AMOUNT_MISMATCH)

    @staticmethod
    def label(outcome: str) -> str:
        from django.utils.translation import gettext as _

        return {Match.MATCHED: _("Matched"), Match.MISSING_AT_PROVIDER: _("Missing at the provider"),
                Match.MISSING_IN_LEDGER: _("Missing in the ledger"),
                Match.AMOUNT_MISMATCH: _("Amount mismatch")}[outcome]


class Section:
    """What kind of movement a row is."""

    PAYMENT = "payment"
    REFUND = "refund"
    PAYOUT = "payout"
    ON_SITE = "on_site"

    ALL = (PAYMENT, REFUND, PAYOUT, ON_SITE)

    @staticmethod
    def label(section: str) -> str:
        from django.utils.translation import gettext as _

        return {Section.PAYMENT: _("Payment"), Section.REFUND: _("Refund"), Section.PAYOUT: _("Payout"),
                Section.ON_SITE: _("Paid on site")}[section]


def compare(*, ours: int, ledger_fen: int, done_at_provider: bool, provider_fen: int) -> str:
    """The outcome of one movement (see the module's docstring)."""
    if ledger_fen and not done_at_provider:
        return Match.MISSING_AT_PROVIDER
    if done_at_provider and not ledger_fen:
        return Match.MISSING_IN_LEDGER
    if done_at_provider and not (ledger_fen == provider_fen == ours):
        return Match.AMOUNT_MISMATCH
    return Match.MATCHED


@dataclass(frozen=True)
class ReconciliationRow:
    section: str  # a Section value
    record_id: int  # the payment's, refund's or withdrawal's id; the order's for on-site payments
    order_id: int | None
    reference: str
    provider: str
    kind: str
    status: str  # ours
    amount_fen: int  # ours (a refund and a payout: the amount going out)
    ledger_fen: int  # posted in the ledger for it (0: nothing)
    provider_status: str  # "" when the provider does not know it
    provider_fen: int | None
    outcome: str

    @property
    def outcome_label(self) -> str:
        return Match.label(self.outcome)

    @property
    def section_label(self) -> str:
        return Section.label(self.section)

    @property
    def is_flagged(self) -> bool:
        return self.outcome != Match.MATCHED


@dataclass(frozen=True)
class ReconciliationReport:
    day: object
    rows: list[ReconciliationRow]

    def count(self, outcome: str) -> int:
        return sum(row.outcome == outcome for row in self.rows)

    @property
    def summary(self) -> list[tuple[str, str, int]]:
        return [(outcome, Match.label(outcome), self.count(outcome)) for outcome in Match.ALL]

    @property
    def flagged(self) -> list[ReconciliationRow]:
        return [row for row in self.rows if row.is_flagged]


# Providers with no gateway record to compare against: on-site payments are reconciled against the
# order (orders' on-site section), not asked of a gateway.
NOT_AT_A_GATEWAY = ("onsite", "offline")


def provider_lookup(payment):
    """What the payment's provider says about it: its PaymentState, or None when it does not know
    it (or cannot answer). A read at the provider (the sandbox: a read of its tables)."""
    from shared_apps.payment_providers.interface import ProviderError

    from .providers import adapter_for

    try:
        return adapter_for(provider=payment.provider).query_payment(reference=payment.reference)
    except ProviderError:
        return None


def refund_lookup(refund):
    """What the refund's provider says about it: its RefundState, or None."""
    from shared_apps.payment_providers.interface import ProviderError

    from .providers import adapter_for

    try:
        return adapter_for(provider=refund.payment.provider).query_refund(
            refund_reference=refund.reference, payment_reference=refund.payment.reference)
    except ProviderError:
        return None


def _state_row(*, section: str, record_id: int, order_id: int | None, reference: str, provider: str, kind: str,
               status: str, amount_fen: int, ledger_fen: int, state: Any) -> ReconciliationRow:
    done = state is not None and str(state.status) == "succeeded"
    return ReconciliationRow(
        section=section, record_id=record_id, order_id=order_id, reference=reference, provider=provider, kind=kind,
        status=status, amount_fen=amount_fen, ledger_fen=ledger_fen,
        provider_status=str(state.status) if state is not None else "",
        provider_fen=state.amount_fen if state is not None else None,
        outcome=compare(ours=amount_fen, ledger_fen=ledger_fen, done_at_provider=done,
                        provider_fen=state.amount_fen if done else 0))


def reconciliation_report(*, day, time_zone: str, lookup: Callable = provider_lookup,
                          refunds_lookup: Callable = refund_lookup) -> ReconciliationReport:
    """The day's payments and refunds at gateways (created or settled that company day): ours, what
    the ledger posted (a payment's `payment_succeeded` event, a refund's `refund_succeeded` event,
    key `<provider>:<event id>`) and what the provider says (`lookup` / `refunds_lookup`, one call
    each). Our side is four queries whatever the number of rows."""
    from django.db.models import Q

    from shared_apps.payment_providers.interface import NotificationKind
    from tenant_apps.ledger.selectors import posted_for_events

    from .models import EventOutcome, Payment, ProviderEvent, Refund

    start, end = day_bounds(day, time_zone)
    payments = list(Payment.objects.filter(Q(created_at__gte=start, created_at__lt=end)
                                           | Q(settled_at__gte=start, settled_at__lt=end))
                    .exclude(provider__in=NOT_AT_A_GATEWAY).order_by("created_at", "pk"))
    refunds = list(Refund.objects.select_related("payment")
                   .filter(Q(created_at__gte=start, created_at__lt=end) | Q(settled_at__gte=start, settled_at__lt=end))
                   .exclude(payment__provider__in=NOT_AT_A_GATEWAY).order_by("created_at", "pk"))
    events = (ProviderEvent.objects
              .filter(outcome__in=(EventOutcome.PROCESSED, EventOutcome.LATE_REFUNDED))
              .filter(Q(payment__in=[p.pk for p in payments], kind=NotificationKind.PAYMENT_SUCCEEDED)
                      | Q(refund__in=[r.pk for r in refunds], kind=NotificationKind.REFUND_SUCCEEDED))
              .values_list("kind", "payment_id", "refund_id", "provider", "event_id"))
    payment_keys: dict[int, list[str]] = {}
    refund_keys: dict[int, list[str]] = {}
    for kind, payment_id, refund_id, provider, event_id in events:
        if kind == NotificationKind.REFUND_SUCCEEDED:
            refund_keys.setdefault(refund_id, []).append(f"{provider}:{event_id}")
        else:
            payment_keys.setdefault(payment_id, []).append(f"{provider}:{event_id}")
    posted = posted_for_events(event_keys=[k for keys in (*payment_keys.values(), *refund_keys.values()) for k in keys])
    rows = [_state_row(section=Section.PAYMENT, record_id=p.pk, order_id=p.order_id, reference=p.reference,
                       provider=p.provider, kind=p.kind, status=p.status, amount_fen=p.amount_fen,
                       ledger_fen=sum(posted.get(key, 0) for key in payment_keys.get(p.pk, [])), state=lookup(p))
            for p in payments]
    rows += [_state_row(section=Section.REFUND, record_id=r.pk, order_id=r.payment.order_id, reference=r.reference,
                        provider=r.payment.provider, kind="refund", status=r.status, amount_fen=r.amount_fen,
                        ledger_fen=sum(posted.get(key, 0) for key in refund_keys.get(r.pk, [])),
                        state=refunds_lookup(r))
             for r in refunds]
    return ReconciliationReport(day=day, rows=rows)


RECONCILIATION_CSV_HEADER = ("section", "record_id", "order_id", "reference", "provider", "kind", "status",
                             "amount_fen", "ledger_fen", "provider_status", "provider_fen", "outcome")


def reconciliation_csv_rows(report: ReconciliationReport) -> list[list[object]]:
    """The report's rows for the CSV download (the same rows the page shows), header first."""
    return [list(RECONCILIATION_CSV_HEADER)] + [
        [r.section, r.record_id, "" if r.order_id is None else r.order_id, r.reference, r.provider, r.kind, r.status,
         r.amount_fen, r.ledger_fen, r.provider_status, "" if r.provider_fen is None else r.provider_fen, r.outcome]
        for r in report.rows]
