"""The sandbox gateway's hosted pay page, on the platform host: /sandbox-pay/<payment id>/.
A GET shows it; a POST is the customer pressing Pay, Fail or Cancel, then back to the page (which
shows the outcome and a link back to the merchant)."""
from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from shared_apps.accounts.access import anyone

from . import sandbox_gateway as gateway
from .models import SandboxPayment


def _yuan(amount_fen: int) -> str:
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


@anyone  # a gateway's hosted page: whoever has the link pays
@require_http_methods(["GET", "POST"])
def sandbox_pay(request, payment_id: str):
    if "sandbox" not in settings.PAYMENT_PROVIDERS:
        raise Http404  # a deployment with real providers only has no sandbox gateway
    payment = SandboxPayment.objects.select_related("merchant").filter(pk=payment_id).first()
    if payment is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in (gateway.PAY, gateway.DECLINE, gateway.CANCEL):
            return render(request, "payment_providers/sandbox_pay.html",
                          _context(payment, error=True), status=400)
        extra = [b for b in request.POST.getlist("behaviour") if b in gateway.BEHAVIOURS]
        gateway.payer_acts(payment_id=payment.pk, action=action, extra_behaviours=extra)
        suffix = "?cancelled=1" if action == gateway.CANCEL else ""
        return redirect(request.path + suffix)
    return render(request, "payment_providers/sandbox_pay.html",
                  _context(payment, cancelled=request.GET.get("cancelled") == "1"))


def _context(payment: SandboxPayment, *, error: bool = False, cancelled: bool = False) -> dict:
    return {"payment": payment, "amount": _yuan(payment.amount_fen), "merchant_name": payment.merchant.name,
            "description": gateway.without_markers(payment.description), "error": error,
            "cancelled": cancelled, "behaviours": gateway.BEHAVIOURS}
