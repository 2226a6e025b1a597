"""Reads of the company's payment settings. A GET never writes: missing rows read as defaults."""
from __future__ import annotations

from dataclasses import dataclass, field

from shared_apps.core.sealing import unseal

from .methods import ONLINE, ends_with
from .models import AccountMode, DepositPolicy, Method, PaymentMethodSetting, PaymentSettings


@dataclass(frozen=True)
class CredentialState:
    """What the office may know of one credential: whether it is set, and its last characters."""

    name: str
    label: str
    is_set: bool
    ends_with: str
    secret: bool
    multiline: bool
    required: bool
    help: str = ""


@dataclass(frozen=True)
class MethodState:
    method: str
    label: str
    is_online: bool
    is_enabled: bool
    mode: str
    sub_merchant_id: str
    credentials: list[CredentialState] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # still needed for live payments (own account)
    credentials_changed_at: object = None

    @property
    def is_ready_for_live(self) -> bool:
        if not self.is_online:
            return True
        return bool(self.sub_merchant_id) if self.mode == AccountMode.PARTNER else not self.missing


@dataclass(frozen=True)
class PaymentSettingsState:
    use_sandbox: bool
    deposit_policy: str
    deposit_percent: int | None
    methods: list[MethodState]

    def method(self, method: str) -> MethodState:
        return next(m for m in self.methods if m.method == method)


def _method_state(method: str, row: PaymentMethodSetting | None) -> MethodState:
    row = row or PaymentMethodSetting(method=method)
    spec = ONLINE.get(method)
    if spec is None:
        return MethodState(method=method, label=str(Method(method).label), is_online=False,
                           is_enabled=row.is_enabled, mode="", sub_merchant_id="")
    stored = unseal(row.sealed_credentials)
    credentials = [CredentialState(name=f.name, label=str(f.label), is_set=bool(stored.get(f.name)),
                                   ends_with=ends_with(stored[f.name]) if stored.get(f.name) else "",
                                   secret=f.secret, multiline=f.multiline, required=f.required, help=str(f.help))
                   for f in spec.fields]
    return MethodState(method=method, label=str(Method(method).label), is_online=True, is_enabled=row.is_enabled,
                       mode=row.mode, sub_merchant_id=row.sub_merchant_id, credentials=credentials,
                       missing=spec.missing(stored), credentials_changed_at=row.credentials_changed_at)


def payment_settings_state() -> PaymentSettingsState:
    """The settings as the office sees them (never a credential's value). Two queries."""
    settings_row = PaymentSettings.objects.filter(pk=1).first() or PaymentSettings()
    rows = {row.method: row for row in PaymentMethodSetting.objects.all()}
    return PaymentSettingsState(
        use_sandbox=settings_row.use_sandbox,
        deposit_policy=settings_row.deposit_policy or DepositPolicy.NONE,
        deposit_percent=settings_row.deposit_percent,
        methods=[_method_state(method, rows.get(method)) for method in Method.values],
    )


def credentials_for(*, method: str) -> dict[str, str]:
    """The stored credentials of one online method, in clear, for a payment provider adapter only:
    never for a page, an API answer, a log line or the change log."""
    row = PaymentMethodSetting.objects.filter(method=method).first()
    return unseal(row.sealed_credentials) if row else {}


# -- checkout --------------------------------------------------------------------------------------

SANDBOX_METHOD = "sandbox"


def checkout_methods() -> list[tuple[str, str]]:
    """(method, label) a customer may pay online with now. In sandbox mode the enabled online methods
    go through the sandbox; with none enabled, the sandbox itself is offered ("Pay online (test)")."""
    from django.utils.translation import gettext as _

    state = payment_settings_state()
    online = [m for m in state.methods if m.is_online and m.is_enabled]
    if state.use_sandbox:
        return [(m.method, m.label) for m in online] or [(SANDBOX_METHOD, _("Sandbox (test)"))]
    return [(m.method, m.label) for m in online if m.is_ready_for_live]


def deposit_percent() -> int | None:
    row = PaymentSettings.objects.filter(pk=1).only("deposit_policy", "deposit_percent").first()
    return row.deposit_percent if row is not None and row.deposit_policy == DepositPolicy.PERCENT else None


def payments_of_order(*, order_id: int):
    """An order's payments with their refunds, oldest first."""
    from .models import Payment

    return Payment.objects.filter(order_id=order_id).prefetch_related("refunds").order_by("pk")


def get_payment_for_office(payment_id) -> object:
    from shared_apps.core.errors import NotFound

    from .models import Payment

    try:
        return Payment.objects.get(pk=int(payment_id))
    except (Payment.DoesNotExist, ValueError, TypeError):
        raise NotFound("payment") from None


# -- finance pages ---------------------------------------------------------------------------------

def day_bounds(day, time_zone: str):
    """[start, end) of a calendar day in the company's time zone, as aware datetimes."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    start = datetime.combine(day, time.min, tzinfo=ZoneInfo(time_zone))
    return start, start + timedelta(days=1)


def finance_payments(*, status: str = "", method: str = "", day_from=None, day_to=None, time_zone: str = "UTC"):
    """The company's payments for the finance list, newest first, filtered by status, method and the
    day they were created (inclusive, company days). A queryset: the page counts and slices it (two
    queries whatever the number of rows)."""
    from .models import Payment

    found = Payment.objects.all()
    if status:
        found = found.filter(status=status)
    if method:
        found = found.filter(method=method)
    if day_from:
        found = found.filter(created_at__gte=day_bounds(day_from, time_zone)[0])
    if day_to:
        found = found.filter(created_at__lt=day_bounds(day_to, time_zone)[1])
    return found.order_by("-created_at", "-pk")


def finance_refunds(*, status: str = ""):
    """Every refund with its payment, newest first (a queryset, sliced by the page)."""
    from .models import Refund

    found = Refund.objects.select_related("payment")
    if status:
        found = found.filter(status=status)
    return found.order_by("-created_at", "-pk")


def webhook_endpoints():
    """The company's active webhook endpoints (their secrets stay sealed; only the last 4 are shown)."""
    from .models import WebhookEndpoint

    return WebhookEndpoint.objects.filter(is_active=True).order_by("pk")


def webhook_deliveries(*, limit: int = 50) -> list:
    """The newest deliveries with their event, endpoint and every attempt: the office's delivery log.
    Two queries whatever the number of rows."""
    from django.db.models import Prefetch

    from .models import WebhookAttempt, WebhookDelivery

    return list(WebhookDelivery.objects.select_related("event", "endpoint")
                .prefetch_related(Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("pk")))
                .order_by("-pk")[:limit])
