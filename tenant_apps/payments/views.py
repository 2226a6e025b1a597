"""The office's Payments page: methods, accounts, deposit and sandbox (owner, admin, finance), and
each online method's credentials (owner). Credentials are never shown back, only "set, ends in …"."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from tenant_apps.people.access import company_finance_required, company_owner_required
from tenant_apps.people.models import StaffRole

from .forms import CredentialsForm, PaymentSettingsForm
from .methods import ONLINE
from .selectors import payment_settings_state
from .services import set_payment_credentials, update_payment_settings


def _page(request, *, settings_form=None, credentials_form=None):
    state = payment_settings_state()
    forms_by_method = {}
    if request.staff_member.role == StaffRole.OWNER:
        for method in ONLINE:
            if credentials_form is not None and credentials_form.prefix == method:
                forms_by_method[method] = credentials_form
            else:
                forms_by_method[method] = CredentialsForm(method=method, state=state)
    return render(request, "office/payments.html", {
        "state": state,
        "settings_form": settings_form or PaymentSettingsForm(initial=PaymentSettingsForm.initial_from(state)),
        "online": [(m, forms_by_method.get(m.method)) for m in state.methods if m.is_online],
        "is_owner": request.staff_member.role == StaffRole.OWNER,
    })


@company_finance_required
def payments(request):
    if request.method != "POST":
        return _page(request)
    form = PaymentSettingsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            update_payment_settings(actor=request.user, use_sandbox=data["environment"] == "sandbox",
                                    deposit_policy=data["deposit_policy"], deposit_percent=data["deposit_percent"],
                                    methods=form.methods())
        except DomainError as error:
            show_domain_error(form, error, field_map=form.service_field_map())
        else:
            messages.success(request, _("Payment settings saved."))
            return redirect("office:payments")
    return _page(request, settings_form=form)


@sensitive_post_parameters()
@require_POST
@company_owner_required
def payment_credentials(request, method):
    if method not in ONLINE:
        raise Http404
    form = CredentialsForm(request.POST, method=method, state=payment_settings_state())
    if form.is_valid():
        try:
            set_payment_credentials(actor=request.user, method=method, values=form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Credentials saved. They are stored encrypted and never shown again."))
            return redirect(reverse("office:payments") + f"#{method}")
    return _page(request, credentials_form=form)


def _fen_of(text: str) -> int | None:
    """"12.5" -> 1250; None for anything that is not a positive amount with at most two decimals."""
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal((text or "").strip().lstrip("¥"))
    except InvalidOperation:
        return None
    fen = value * 100
    return int(fen) if value > 0 and fen == fen.to_integral_value() else None


@require_POST
@company_finance_required
def payment_refund(request, payment_id):
    """The office's refund of (part of) a payment, with a reason; back to the order's page."""
    from .refunds import refund_payment
    from .selectors import get_payment_for_office

    payment = get_payment_for_office(payment_id)
    back = redirect(reverse("office:order", args=[payment.order_id]))
    amount = _fen_of(request.POST.get("amount", ""))
    if amount is None:
        messages.error(request, _("Enter the amount in yuan, like 12.50."))
        return back
    try:
        refund_payment(actor=request.user, payment_id=payment.pk, amount_fen=amount,
                       reason=request.POST.get("reason", "")[:300])
    except DomainError as error:
        messages.error(request, error.fields.get("reason", [error.message])[0] if error.fields else error.message)
        return back
    messages.success(request, _("Refund requested."))
    return back


def _webhooks_page(request, *, url: str = "", error: str = "", new_secret: str = "", status: int = 200):
    from tenant_apps.people.models import MANAGER_ROLES

    from .selectors import webhook_deliveries, webhook_endpoints

    return render(request, "office/finance/webhooks.html", {
        "endpoints": list(webhook_endpoints()), "deliveries": webhook_deliveries(), "url": url, "error": error,
        "new_secret": new_secret, "can_manage": request.staff_member.role in MANAGER_ROLES}, status=status)


@company_finance_required
def webhooks(request):
    """Money events for the company's own systems: endpoints (owner and admins add and remove them)
    and the delivery log (finance sees it too). A new endpoint's secret is shown once, on the
    answer to the POST that made it (never stored in clear, so never shown again)."""
    from .money_events import add_webhook_endpoint

    if request.method != "POST":
        return _webhooks_page(request)
    url = request.POST.get("url", "")[:600]
    try:
        _endpoint, secret = add_webhook_endpoint(actor=request.user, url=url)
    except DomainError as error:
        message = error.fields.get("url", [error.message])[0] if error.fields else error.message
        return _webhooks_page(request, url=url, error=message, status=error.status)
    messages.success(request, _("Endpoint added. Copy its signing secret now: it is not shown again."))
    return _webhooks_page(request, new_secret=secret)


@require_POST
@company_finance_required
def webhook_remove(request, endpoint_id):
    from shared_apps.core.api import parse_id

    from .money_events import remove_webhook_endpoint

    try:
        remove_webhook_endpoint(actor=request.user, endpoint_id=parse_id(endpoint_id) or 0)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Endpoint removed: no more events are sent to it."))
    return redirect("office:finance-webhooks")
