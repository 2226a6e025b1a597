"""The one interface every payment provider implements, in the platform's own words.

Amounts are integers in fen with a currency code (only CNY today). Credentials come in per company
as a ProviderConfig (the company's own merchant account, or the platform's partner account with the
company as sub-merchant); no adapter reads keys from settings or code. Callers:

    provider = get_provider(config)                       # registry.py
    start = provider.create_payment(PaymentRequest(...))  # -> redirect or QR code URL
    notification = provider.verify_notification(headers=request.headers, body=request.body)
        # NotificationRejected (forged, stale, malformed) -> answer 400, change nothing
    status, content_type, body = provider.acknowledgement()  # what the gateway expects back
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

CNY = "CNY"
# A notification whose timestamp is further than this from our clock (either way) is refused.
NOTIFICATION_TOLERANCE_SECONDS = 5 * 60


class AccountMode(enum.StrEnum):
    """Whose merchant account receives the money."""

    OWN = "own"  # the company's own merchant account (普通商户)
    PARTNER = "partner"  # the platform's partner account, the company as sub-merchant (服务商 / 子商户)


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CLOSED = "closed"


class RefundStatus(enum.StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class TransferStatus(enum.StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class NotificationKind(enum.StrEnum):
    PAYMENT_SUCCEEDED = "payment_succeeded"
    PAYMENT_FAILED = "payment_failed"
    REFUND_SUCCEEDED = "refund_succeeded"
    REFUND_FAILED = "refund_failed"
    TRANSFER_SUCCEEDED = "transfer_succeeded"
    TRANSFER_FAILED = "transfer_failed"


class PayeeKind(enum.StrEnum):
    BANK_CARD = "bank_card"
    ALIPAY = "alipay"  # an Alipay login id (phone or email) or user id
    WECHAT = "wechat"  # a WeChat openid under the merchant's app


@dataclass(frozen=True)
class ProviderConfig:
    """One company's credentials for one provider. `secrets` holds the keys by name (see each
    adapter's REQUIRED_SECRETS); it is left out of repr so it never reaches a log line."""

    provider: str
    company_id: int | None
    mode: AccountMode = AccountMode.OWN
    merchant_id: str = ""  # the company's merchant id, or the platform's partner merchant id
    app_id: str = ""
    sub_merchant_id: str = ""  # PARTNER mode: the company's sub-merchant id (sub_mchid / app_auth_token owner)
    sub_app_id: str = ""
    merchant_name: str = ""
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)
    gateway_url: str = ""  # override of the provider's API base (a test double, a provider sandbox)

    def secret(self, name: str) -> str:
        value = self.secrets.get(name, "")
        if not value:
            raise ProviderMisconfigured(f"{self.provider}: the credential {name!r} is missing")
        return value


@dataclass(frozen=True)
class PaymentRequest:
    reference: str  # our order payment reference (out_trade_no); unique per merchant
    amount_fen: int
    description: str
    notify_url: str
    return_url: str = ""
    currency: str = CNY
    client_ip: str = ""
    expires_at: datetime | None = None


@dataclass(frozen=True)
class PaymentStart:
    """Where to send the customer: a hosted pay page (redirect_url) and/or a QR code's content.
    provider_payment_id is empty where the provider names the payment only once it is paid
    (WeChat, Alipay, UnionPay: the notification and the query carry it)."""

    provider_payment_id: str
    redirect_url: str = ""
    qr_code_url: str = ""
    # When set, the page POSTs these fields to redirect_url (an auto-submitting form: UnionPay).
    form_fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PaymentState:
    reference: str
    provider_payment_id: str
    status: PaymentStatus
    amount_fen: int
    currency: str = CNY
    paid_at: datetime | None = None


@dataclass(frozen=True)
class RefundRequest:
    payment_reference: str
    refund_reference: str  # our refund id (out_refund_no)
    amount_fen: int  # this refund; partial when below the payment's amount
    payment_amount_fen: int  # what the payment was (WeChat and UnionPay want both)
    notify_url: str
    reason: str = ""
    currency: str = CNY
    provider_payment_id: str = ""


@dataclass(frozen=True)
class RefundState:
    refund_reference: str
    provider_refund_id: str
    status: RefundStatus
    amount_fen: int
    currency: str = CNY


@dataclass(frozen=True)
class Payee:
    kind: PayeeKind
    account: str  # card number, Alipay login id or WeChat openid
    name: str  # the real name the account must match


@dataclass(frozen=True)
class TransferRequest:
    reference: str  # our withdrawal id (out_biz_no / out_bill_no)
    amount_fen: int
    payee: Payee
    description: str
    notify_url: str
    currency: str = CNY


@dataclass(frozen=True)
class TransferState:
    reference: str
    provider_transfer_id: str
    status: TransferStatus
    amount_fen: int
    currency: str = CNY
    failure_reason: str = ""


@dataclass(frozen=True)
class Notification:
    """A verified notification. `reference` is ours: the payment, refund or transfer reference;
    `payment_reference` is also set for refunds. `event_id` is unique per provider event: process
    each once."""

    provider: str
    event_id: str
    kind: NotificationKind
    reference: str
    amount_fen: int
    currency: str
    provider_id: str = ""
    payment_reference: str = ""
    occurred_at: datetime | None = None
    raw: Mapping = field(default_factory=dict, repr=False)


# -- errors --------------------------------------------------------------------------------------

class ProviderError(Exception):
    """Anything a provider call can raise."""


class ProviderMisconfigured(ProviderError):
    """The company's config lacks a key, or names a provider this deployment has not enabled."""


class GatewayError(ProviderError):
    """The gateway refused the call, answered nonsense, or could not be reached."""


class UnsupportedOperation(ProviderError):
    """The provider has no such operation (pay on site has no refunds through a gateway)."""


class NotificationRejected(ProviderError):
    """An incoming notification that must change nothing: answer 400. `code` names the reason."""

    code = "rejected"


class BadSignature(NotificationRejected):
    """Forged, or a body replayed under another signature, or signed with a key we do not know."""

    code = "bad_signature"


class StaleNotification(NotificationRejected):
    """Timestamp further than NOTIFICATION_TOLERANCE_SECONDS from now."""

    code = "stale"


class MalformedNotification(NotificationRejected):
    """Unparseable body, an amount that is not integer fen, an unknown currency or event."""

    code = "malformed"


class MissingHeader(MalformedNotification):
    """A signature header is missing (or, for providers that sign form fields, a signature field)."""

    code = "missing_header"


# -- the interface -------------------------------------------------------------------------------

@runtime_checkable
class PaymentProvider(Protocol):
    name: str

    def create_payment(self, request: PaymentRequest) -> PaymentStart: ...

    def query_payment(self, *, reference: str) -> PaymentState: ...

    def refund(self, request: RefundRequest) -> RefundState: ...

    def query_refund(self, *, refund_reference: str, payment_reference: str = "") -> RefundState: ...

    def transfer(self, request: TransferRequest) -> TransferState: ...

    def query_transfer(self, *, reference: str) -> TransferState: ...

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes | str) -> Notification: ...

    def acknowledgement(self) -> tuple[int, str, bytes]:
        """(status, content type, body) to answer a notification that was processed."""
        ...
