"""Pay on site (cash or the company's card terminal): no gateway. A payment is "started" by telling
the customer to pay the worker; the worker confirms it on the task later and finance reconciles
(that flow belongs to the order and ledger apps). No notifications arrive, no money moves through us."""
from __future__ import annotations

from collections.abc import Mapping

from ..interface import (
    MalformedNotification,
    Notification,
    PaymentRequest,
    PaymentStart,
    PaymentState,
    PaymentStatus,
    ProviderConfig,
    RefundRequest,
    RefundState,
    TransferRequest,
    TransferState,
    UnsupportedOperation,
)


class OnSiteProvider:
    name = "onsite"
    REQUIRED_SECRETS: tuple[str, ...] = ()

    def __init__(self, config: ProviderConfig, transport=None):
        self.config = config

    def create_payment(self, request: PaymentRequest) -> PaymentStart:
        return PaymentStart(provider_payment_id=f"onsite:{request.reference}")

    def query_payment(self, *, reference: str) -> PaymentState:
        # The platform's own records know whether the worker confirmed it; the "gateway" knows nothing.
        return PaymentState(reference=reference, provider_payment_id=f"onsite:{reference}",
                            status=PaymentStatus.PENDING, amount_fen=0)

    def refund(self, request: RefundRequest) -> RefundState:
        raise UnsupportedOperation("onsite: a cash refund is handed back by the company, not through a gateway")

    def query_refund(self, *, refund_reference: str, payment_reference: str = "") -> RefundState:
        raise UnsupportedOperation("onsite: no gateway to ask")

    def transfer(self, request: TransferRequest) -> TransferState:
        raise UnsupportedOperation("onsite: no transfers")

    def query_transfer(self, *, reference: str) -> TransferState:
        raise UnsupportedOperation("onsite: no transfers")

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes | str) -> Notification:
        raise MalformedNotification("onsite: pay on site sends no notifications")

    def acknowledgement(self) -> tuple[int, str, bytes]:
        return 200, "text/plain", b"ok"
