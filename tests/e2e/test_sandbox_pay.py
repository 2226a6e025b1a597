"""The sandbox gateway's hosted pay page in Chromium at phone size: the customer sees the amount and
the merchant, presses Pay and sees it succeed; the Celery worker then delivers the signed
notification to the merchant's notify URL, where it verifies. In Chinese, Fail says so."""
from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from shared_apps.payment_providers.interface import NotificationKind, PaymentRequest, ProviderConfig
from shared_apps.payment_providers.registry import get_provider
from tests.payment_providers.receiver import Receiver, remove_sandbox_merchant

pytestmark = pytest.mark.e2e
SCREENSHOT = "/tmp/doorstep-e2e-sandbox-pay.png"


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture
def provider(transactional_db):
    merchant_id = f"sandbox-e2e-{secrets.token_hex(4)}"
    yield get_provider(ProviderConfig(provider="sandbox", company_id=None, merchant_id=merchant_id,
                                      merchant_name="Alpha Cleaning", secrets={"secret": secrets.token_hex(16)}))
    remove_sandbox_merchant(merchant_id)


def open_pay_page(live, new_page, provider, receiver, *, locale="en-US", reference="ORD-E2E-1"):
    start = provider.create_payment(PaymentRequest(
        reference=reference, amount_fen=12800, description="Deep cleaning, 3 hours", notify_url=receiver.url,
        return_url=live.url(None, "/")))
    page = new_page(locale)
    page.goto(live.url(None, f"/sandbox-pay/{start.provider_payment_id}/"))
    return start, page


def test_pay_on_the_hosted_page_at_phone_size_then_the_signed_notification_arrives(live, new_page, provider,
                                                                                     receiver):
    start, page = open_pay_page(live, new_page, provider, receiver)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Alpha Cleaning")
    expect(page.locator(".sandbox-amount")).to_have_text("¥128.00")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path=SCREENSHOT.replace(".png", "-before.png"), full_page=True)
    page.get_by_role("button", name="Pay ¥128.00").click()

    expect(page.get_by_role("status")).to_have_text("Payment succeeded")
    expect(page.get_by_role("link", name="Back to the merchant")).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)
    [notification] = receiver.notifications(provider, 1)
    assert (notification.kind, notification.reference, notification.amount_fen, notification.provider_id) == (
        NotificationKind.PAYMENT_SUCCEEDED, "ORD-E2E-1", 12800, start.provider_payment_id)


def test_the_page_speaks_chinese_and_fail_declines(live, new_page, provider, receiver):
    _start, page = open_pay_page(live, new_page, provider, receiver, locale="zh-CN", reference="ORD-E2E-2")

    expect(page.get_by_text("测试支付网关：不会产生真实扣款。")).to_be_visible()
    page.get_by_role("button", name="失败").click()

    expect(page.get_by_role("status")).to_have_text("支付失败")
    [notification] = receiver.notifications(provider, 1)
    assert notification.kind == NotificationKind.PAYMENT_FAILED
