"""The sandbox gateway behaves like a real one: a hosted pay page on the platform host, payments,
refunds and transfers it settles on its own, and notifications signed with the company's sandbox
secret that the sandbox adapter verifies exactly as a real adapter would (and refuses when forged,
stale, replayed, malformed or incomplete). Delivery here goes through a recording transport; the
real Celery worker and HTTP path is tests/payment_providers/test_sandbox_with_celery.py."""
from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from shared_apps.payment_providers import sandbox_gateway as gateway
from shared_apps.payment_providers.interface import (
    BadSignature,
    GatewayError,
    MalformedNotification,
    MissingHeader,
    NotificationKind,
    Payee,
    PayeeKind,
    PaymentRequest,
    PaymentStatus,
    ProviderConfig,
    ProviderMisconfigured,
    RefundRequest,
    RefundStatus,
    StaleNotification,
    TransferRequest,
    TransferStatus,
)
from shared_apps.payment_providers.models import DeliveryStatus, SandboxDelivery
from shared_apps.payment_providers.registry import get_provider, sandbox_config
from shared_apps.payment_providers.transport import HttpResponse
from tests.payment_providers.recording import RecordingTransport

NOTIFY = "http://alpha-cleaning.localhost:8000/pay/notify/sandbox/"


@pytest.fixture
def provider(company_a):
    return get_provider(sandbox_config(company_id=company_a.pk, merchant_name=company_a.name))


@pytest.fixture
def other_company_provider(company_b):
    return get_provider(sandbox_config(company_id=company_b.pk, merchant_name=company_b.name))


@pytest.fixture
def scheduled(monkeypatch):
    """The tasks the gateway hands to Celery, with their delays (recorded, not run). The test's
    transaction never commits, so they are handed over at once instead of after commit."""
    from shared_apps.payment_providers import tasks

    sent = []
    for name in ("deliver_sandbox_notification", "finish_sandbox_refund", "finish_sandbox_transfer"):
        task = getattr(tasks, name)
        monkeypatch.setattr(task, "apply_async", lambda args, countdown=0, _n=name: sent.append((_n, args, countdown)))
    monkeypatch.setattr(gateway, "_after_commit",
                        lambda task, *args, countdown: task.apply_async(args=args, countdown=countdown))
    return sent


def pay_request(reference="ORD-1001", amount_fen=12800, description="Deep cleaning, 3 hours") -> PaymentRequest:
    return PaymentRequest(reference=reference, amount_fen=amount_fen, description=description, notify_url=NOTIFY,
                          return_url="http://alpha-cleaning.localhost:8000/orders/1/")


def press(payment_id: str, action: str, *behaviours: str):
    return Client(HTTP_HOST="localhost").post(f"/sandbox-pay/{payment_id}/",
                                              {"action": action, "behaviour": list(behaviours)})


def deliver_all(provider, *, status: int = 200) -> list:
    """Send every pending delivery through a recording transport; verify each as the merchant would."""
    received = []
    for delivery in SandboxDelivery.objects.filter(status=DeliveryStatus.PENDING).order_by("pk"):
        transport = RecordingTransport(HttpResponse(status, {}, b"{}"))
        gateway.deliver(delivery_id=delivery.pk, transport=transport)
        request = transport.sent[0]
        assert request.url == delivery.url
        received.append(provider.verify_notification(headers=request.headers, body=request.body))
    return received


# -- the hosted page -------------------------------------------------------------------------------

def test_the_pay_page_shows_amount_and_merchant_on_the_platform_host(provider, company_a):
    start = provider.create_payment(pay_request(amount_fen=12805))

    assert start.redirect_url == f"http://localhost:8000/sandbox-pay/{start.provider_payment_id}/"
    page = Client(HTTP_HOST="localhost").get(f"/sandbox-pay/{start.provider_payment_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "¥128.05" in html and company_a.name in html
    assert 'value="pay"' in html and 'value="fail"' in html and 'value="cancel"' in html


def test_the_pay_page_speaks_chinese(provider):
    start = provider.create_payment(pay_request())

    html = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="zh-hans").get(
        f"/sandbox-pay/{start.provider_payment_id}/").content.decode()

    assert "测试" in html and "取消" in html


def test_an_unknown_payment_is_a_404(db):
    assert Client(HTTP_HOST="localhost").get("/sandbox-pay/sbp_nothing/").status_code == 404


def test_a_deployment_without_the_sandbox_has_no_pay_page(provider, settings):
    start = provider.create_payment(pay_request())
    settings.PAYMENT_PROVIDERS = ["wechat", "alipay"]

    assert Client(HTTP_HOST="localhost").get(f"/sandbox-pay/{start.provider_payment_id}/").status_code == 404
    assert press(start.provider_payment_id, "pay").status_code == 404
    assert provider.query_payment(reference="ORD-1001").status == PaymentStatus.PENDING


def test_an_unknown_button_is_refused_and_settles_nothing(provider):
    start = provider.create_payment(pay_request())

    assert press(start.provider_payment_id, "refund-me").status_code == 400
    assert provider.query_payment(reference="ORD-1001").status == PaymentStatus.PENDING


def test_paying_settles_the_payment_and_sends_one_signed_notification(provider, scheduled):
    start = provider.create_payment(pay_request())

    response = press(start.provider_payment_id, "pay")

    assert response.status_code == 302
    page = Client(HTTP_HOST="localhost").get(response["Location"]).content.decode()
    assert "Payment succeeded" in page and "Back to the merchant" in page
    assert provider.query_payment(reference="ORD-1001").status == PaymentStatus.SUCCEEDED
    assert [name for name, _args, _delay in scheduled] == ["deliver_sandbox_notification"]
    [notification] = deliver_all(provider)
    assert (notification.kind, notification.reference, notification.amount_fen, notification.currency) == (
        NotificationKind.PAYMENT_SUCCEEDED, "ORD-1001", 12800, "CNY")
    assert notification.provider_id == start.provider_payment_id
    assert SandboxDelivery.objects.get().attempt_rows.get().status_code == 200


def test_pressing_twice_settles_once(provider, scheduled):
    start = provider.create_payment(pay_request())
    press(start.provider_payment_id, "pay")
    press(start.provider_payment_id, "fail")

    assert provider.query_payment(reference="ORD-1001").status == PaymentStatus.SUCCEEDED
    assert SandboxDelivery.objects.count() == 1


def test_fail_declines_and_notifies_cancel_leaves_it_waiting_silently(provider, scheduled):
    failed = provider.create_payment(pay_request("ORD-F"))
    cancelled = provider.create_payment(pay_request("ORD-C"))

    press(failed.provider_payment_id, "fail")
    press(cancelled.provider_payment_id, "cancel")

    assert provider.query_payment(reference="ORD-F").status == PaymentStatus.FAILED
    assert provider.query_payment(reference="ORD-C").status == PaymentStatus.PENDING
    assert [n.kind for n in deliver_all(provider)] == [NotificationKind.PAYMENT_FAILED]


def test_a_retried_create_returns_the_same_payment_and_another_amount_is_refused(provider):
    first = provider.create_payment(pay_request())

    assert provider.create_payment(pay_request()).provider_payment_id == first.provider_payment_id
    with pytest.raises(GatewayError):
        provider.create_payment(pay_request(amount_fen=1))


def test_the_fail_marker_declines_even_when_pay_is_pressed(provider, scheduled):
    start = provider.create_payment(pay_request(description="Card test [sandbox:fail]"))

    press(start.provider_payment_id, "pay")

    assert [n.kind for n in deliver_all(provider)] == [NotificationKind.PAYMENT_FAILED]


@pytest.mark.parametrize("how", ["marker", "page option"])
def test_repeat_delivers_the_same_event_three_times_each_freshly_signed(provider, scheduled, how):
    description = "Repeat [sandbox:repeat]" if how == "marker" else "Repeat"
    start = provider.create_payment(pay_request(description=description))
    press(start.provider_payment_id, "pay", *(["repeat"] if how == "page option" else []))

    received = deliver_all(provider)

    assert len(received) == 3
    assert len({n.event_id for n in received}) == 1
    assert {n.kind for n in received} == {NotificationKind.PAYMENT_SUCCEEDED}


def test_out_of_order_sends_the_earlier_decline_after_the_success(provider, scheduled):
    start = provider.create_payment(pay_request(description="Flaky card [sandbox:out-of-order]"))
    press(start.provider_payment_id, "pay")

    by_delay = sorted(scheduled, key=lambda item: item[2])
    deliveries = [SandboxDelivery.objects.get(pk=args[0]) for _name, args, _delay in by_delay]
    kinds = [d.kind for d in deliveries]
    occurred = [json.loads(d.body)["occurred_at"] for d in deliveries]

    assert kinds == ["payment_succeeded", "payment_failed"]  # in the order they are sent
    assert occurred[1] < occurred[0]  # the decline happened first
    assert provider.query_payment(reference="ORD-1001").status == PaymentStatus.SUCCEEDED


# -- refunds and transfers --------------------------------------------------------------------------

def paid(provider, reference="ORD-1001", amount_fen=12800):
    start = provider.create_payment(pay_request(reference, amount_fen))
    gateway.payer_acts(payment_id=start.provider_payment_id, action=gateway.PAY)
    SandboxDelivery.objects.all().delete()
    return start


def refund_request(reference: str, amount_fen: int, reason: str = "Cancelled two days ahead") -> RefundRequest:
    return RefundRequest(payment_reference="ORD-1001", refund_reference=reference, amount_fen=amount_fen,
                         payment_amount_fen=12800, notify_url=NOTIFY, reason=reason)


def test_a_partial_refund_is_pending_then_settles_and_notifies(provider, scheduled):
    paid(provider)
    scheduled.clear()

    state = provider.refund(refund_request("RF-1", 3000))
    assert (state.status, state.amount_fen) == (RefundStatus.PENDING, 3000)
    assert [name for name, _a, delay in scheduled] == ["finish_sandbox_refund"]

    gateway.finish_refund(refund_id=state.provider_refund_id)

    assert provider.query_refund(refund_reference="RF-1").status == RefundStatus.SUCCEEDED
    [notification] = deliver_all(provider)
    assert (notification.kind, notification.reference, notification.payment_reference, notification.amount_fen) == (
        NotificationKind.REFUND_SUCCEEDED, "RF-1", "ORD-1001", 3000)


def test_refunds_never_exceed_the_payment(provider, scheduled):
    paid(provider)
    provider.refund(refund_request("RF-1", 10000))

    with pytest.raises(GatewayError):
        provider.refund(refund_request("RF-2", 2801))
    assert provider.refund(refund_request("RF-2", 2800)).amount_fen == 2800


def test_an_unpaid_payment_cannot_be_refunded(provider):
    provider.create_payment(pay_request())

    with pytest.raises(GatewayError):
        provider.refund(refund_request("RF-1", 100))


def test_a_refund_with_the_fail_marker_fails_and_says_so(provider, scheduled):
    paid(provider)
    state = provider.refund(refund_request("RF-1", 3000, reason="Bank closed [sandbox:fail]"))
    gateway.finish_refund(refund_id=state.provider_refund_id)

    assert [n.kind for n in deliver_all(provider)] == [NotificationKind.REFUND_FAILED]


@pytest.mark.parametrize("marker, kind", [("", NotificationKind.TRANSFER_SUCCEEDED),
                                          (" [sandbox:fail]", NotificationKind.TRANSFER_FAILED)])
def test_a_transfer_settles_later_and_notifies(provider, scheduled, marker, kind):
    state = provider.transfer(TransferRequest(
        reference="WD-9", amount_fen=5000, payee=Payee(PayeeKind.ALIPAY, "worker@example.com", "王芳"),
        description="Withdrawal" + marker, notify_url=NOTIFY))
    assert state.status == TransferStatus.PENDING

    gateway.finish_transfer(transfer_id=state.provider_transfer_id)

    [notification] = deliver_all(provider)
    assert (notification.kind, notification.reference, notification.amount_fen) == (kind, "WD-9", 5000)
    assert provider.query_transfer(reference="WD-9").status == (
        TransferStatus.SUCCEEDED if not marker else TransferStatus.FAILED)


# -- delivery ------------------------------------------------------------------------------------

def test_a_receiver_that_does_not_answer_2xx_is_retried_with_backoff_then_given_up(provider, scheduled, settings):
    settings.SANDBOX_NOTIFY_MAX_ATTEMPTS = 3
    settings.SANDBOX_NOTIFY_RETRY_SECONDS = 1.0
    from shared_apps.payment_providers import tasks

    start = provider.create_payment(pay_request())
    gateway.payer_acts(payment_id=start.provider_payment_id, action=gateway.PAY)
    delivery = SandboxDelivery.objects.get()
    scheduled.clear()

    for _attempt in range(3):
        deliver_all(provider, status=503)
        if SandboxDelivery.objects.get().status == DeliveryStatus.PENDING:
            tasks.deliver_sandbox_notification.apply_async(args=(delivery.pk,), countdown=0)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GAVE_UP, 3)
    assert [row.status_code for row in delivery.attempt_rows.order_by("pk")] == [503, 503, 503]


def test_the_task_schedules_the_next_attempt_after_a_failure(provider, scheduled, monkeypatch):
    from shared_apps.payment_providers import tasks

    start = provider.create_payment(pay_request())
    gateway.payer_acts(payment_id=start.provider_payment_id, action=gateway.PAY)
    delivery = SandboxDelivery.objects.get()
    scheduled.clear()
    monkeypatch.setattr(gateway, "notification_transport", lambda: RecordingTransport(HttpResponse(500, {}, b"")))

    assert tasks.deliver_sandbox_notification.run(delivery.pk) == "pending"
    assert scheduled == [("deliver_sandbox_notification", (delivery.pk,), 5.0)]


def test_the_sweep_hands_lost_deliveries_and_unsettled_refunds_to_celery_again(provider, scheduled, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from shared_apps.payment_providers import tasks
    from shared_apps.payment_providers.models import SandboxRefund

    paid(provider)
    provider.refund(refund_request("RF-1", 100))
    start = provider.create_payment(pay_request("ORD-2"))
    gateway.payer_acts(payment_id=start.provider_payment_id, action=gateway.PAY)
    fresh = SandboxDelivery.objects.get()
    old = timezone.now() - timedelta(minutes=5)
    SandboxRefund.objects.update(created_at=old)
    SandboxDelivery.objects.update(created_at=old)
    sent = []
    monkeypatch.setattr(tasks.deliver_sandbox_notification, "delay", lambda pk: sent.append(("deliver", pk)))
    monkeypatch.setattr(tasks.finish_sandbox_refund, "delay", lambda pk: sent.append(("refund", pk)))

    assert tasks.sweep_sandbox_deliveries() == 2
    assert sorted(kind for kind, _pk in sent) == ["deliver", "refund"]
    assert ("deliver", fresh.pk) in sent


@pytest.mark.parametrize("url", ["https://example.com/notify", "http://10.0.0.5/notify", "file:///etc/passwd"])
def test_the_sandbox_posts_only_to_this_platforms_hosts(provider, url):
    with pytest.raises(GatewayError):
        provider.create_payment(PaymentRequest(reference="ORD-X", amount_fen=100, description="x", notify_url=url))


# -- verification --------------------------------------------------------------------------------

def signed(provider, payload: dict | None = None, *, at: int | None = None, secret: str | None = None,
           event_id: str = "evt_1"):
    body = json.dumps(payload if payload is not None else {
        "id": event_id, "kind": "payment_succeeded", "reference": "ORD-1001", "amount_fen": 12800,
        "currency": "CNY", "provider_id": "sbp_1", "occurred_at": "2026-12-03T13:00:00+00:00"}).encode()
    return gateway.signed_headers(secret or provider._secret, event_id, body, at=at), body


def test_a_genuine_notification_verifies(provider):
    headers, body = signed(provider)

    assert provider.verify_notification(headers=headers, body=body).amount_fen == 12800


def test_a_notification_signed_for_another_company_is_refused(provider, other_company_provider):
    headers, body = signed(other_company_provider)

    with pytest.raises(BadSignature):
        provider.verify_notification(headers=headers, body=body)


def test_a_replayed_body_under_another_signature_is_refused(provider):
    _headers, body = signed(provider)
    other_headers, _other = signed(provider, {"id": "evt_1", "kind": "payment_succeeded", "reference": "ORD-2",
                                              "amount_fen": 1, "currency": "CNY"})

    with pytest.raises(BadSignature):
        provider.verify_notification(headers=other_headers, body=body)


@pytest.mark.parametrize("offset", [-320, 320])  # clear of the 300 s edge: a loaded machine takes seconds
def test_a_stale_or_future_timestamp_is_refused(provider, offset):
    headers, body = signed(provider, at=int(time.time()) + offset)

    with pytest.raises(StaleNotification):
        provider.verify_notification(headers=headers, body=body)


@pytest.mark.parametrize("amount", ["12800", 128.0, -5, None, True])
def test_an_amount_that_is_not_whole_fen_is_refused(provider, amount):
    headers, body = signed(provider, {"id": "evt_1", "kind": "payment_succeeded", "reference": "ORD-1",
                                      "amount_fen": amount, "currency": "CNY"})

    with pytest.raises(MalformedNotification):
        provider.verify_notification(headers=headers, body=body)


def test_an_event_id_that_differs_from_the_signed_body_is_refused(provider):
    headers, body = signed(provider)
    headers[gateway.HEADER_EVENT_ID] = "evt_2"

    with pytest.raises(MalformedNotification):
        provider.verify_notification(headers=headers, body=body)


@pytest.mark.parametrize("missing", [gateway.HEADER_TIMESTAMP, gateway.HEADER_NONCE, gateway.HEADER_SIGNATURE,
                                     gateway.HEADER_EVENT_ID])
def test_a_missing_header_is_refused_as_missing(provider, missing):
    headers, body = signed(provider)
    del headers[missing]

    with pytest.raises(MissingHeader):
        provider.verify_notification(headers=headers, body=body)


def test_only_enabled_providers_are_built(settings):
    assert settings.PAYMENT_PROVIDERS == ["sandbox"]

    with pytest.raises(ProviderMisconfigured):
        get_provider(ProviderConfig(provider="wechat", company_id=1))
    with pytest.raises(ProviderMisconfigured):
        get_provider(ProviderConfig(provider="sandbox", company_id=1))  # no secret


def test_a_query_opens_no_account_and_a_wrong_key_learns_nothing(provider, company_a):
    from shared_apps.payment_providers.models import SandboxMerchant

    with pytest.raises(GatewayError):
        provider.query_payment(reference="ORD-1001")
    assert not SandboxMerchant.objects.exists()

    provider.create_payment(pay_request())
    impostor = get_provider(ProviderConfig(provider="sandbox", company_id=company_a.pk,
                                           merchant_id=f"sandbox-{company_a.pk}", secrets={"secret": "guess"}))
    with pytest.raises(GatewayError):
        impostor.query_payment(reference="ORD-1001")
    with pytest.raises(GatewayError):
        impostor.create_payment(pay_request("ORD-2"))
