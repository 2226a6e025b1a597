"""Every adapter is the one interface; pay on site has no gateway behind it."""
from __future__ import annotations

import pytest

from shared_apps.payment_providers.adapters.onsite import OnSiteProvider
from shared_apps.payment_providers.checks import fen_from_yuan, yuan_from_fen
from shared_apps.payment_providers.interface import (
    MalformedNotification,
    PaymentProvider,
    PaymentRequest,
    PaymentStatus,
    ProviderConfig,
    RefundRequest,
    UnsupportedOperation,
)
from tests.payment_providers import test_alipay, test_unionpay, test_wechat


@pytest.mark.parametrize("make", [test_wechat.provider, test_alipay.provider, test_unionpay.provider,
                                  lambda: OnSiteProvider(ProviderConfig(provider="onsite", company_id=1))],
                         ids=["wechat", "alipay", "unionpay", "onsite"])
def test_each_adapter_implements_the_interface(make):
    assert isinstance(make(), PaymentProvider)


def test_the_sandbox_implements_the_interface(company_a):
    from shared_apps.payment_providers.registry import get_provider, sandbox_config

    assert isinstance(get_provider(sandbox_config(company_id=company_a.pk)), PaymentProvider)


def test_pay_on_site_names_the_payment_and_leaves_it_to_the_worker():
    onsite = OnSiteProvider(ProviderConfig(provider="onsite", company_id=1))

    start = onsite.create_payment(PaymentRequest(reference="ORD-1", amount_fen=100, description="x", notify_url=""))

    assert (start.provider_payment_id, start.redirect_url) == ("onsite:ORD-1", "")
    assert onsite.query_payment(reference="ORD-1").status == PaymentStatus.PENDING
    with pytest.raises(UnsupportedOperation):
        onsite.refund(RefundRequest(payment_reference="ORD-1", refund_reference="RF", amount_fen=100,
                                    payment_amount_fen=100, notify_url=""))
    with pytest.raises(MalformedNotification):
        onsite.verify_notification(headers={}, body=b"paid=1")


@pytest.mark.parametrize("fen", [0, 1, 10, 99, 100, 12805, 99999999999])
def test_yuan_and_fen_convert_exactly_both_ways(fen):
    assert fen_from_yuan(yuan_from_fen(fen)) == fen
