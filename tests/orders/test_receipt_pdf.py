"""The receipt as a PDF: the customer downloads every line, the total, each payment and each refund,
Chinese names included; another customer of the same company cannot."""
from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.payments.models import Payment
from tenant_apps.people.services import ensure_customer
from tests.orders.conftest import World
from tests.payments.checkout_helpers import notify
from tests.pdf_text import pdf_lines
from tests.workforce.builders import make_service


@pytest.fixture
def world(people):
    world = World(people)
    world.service = make_service(people.owner_a, skills=("ordertest",), duration=120, lead=60, name="深度保洁",
                                 variants=[{"price_model": "fixed", "base_price": 12850}])
    return world


def _client(world, user) -> Client:
    client = Client(HTTP_HOST=f"{world.company.slug}.localhost")
    client.force_login(user)
    return client


def test_the_pdf_lists_the_lines_total_payment_and_refund(world, client_for):
    from tenant_apps.payments.refunds import refund_payment

    # given a paid order, part of it refunded
    order = world.book()
    browser = _client(world, world.people.customer_a)
    browser.post(f"/orders/{order.pk}/pay/", {"kind": "full", "method": "sandbox"})
    payment = Payment.objects.get(order_id=order.pk)
    notify(client_for(world.company), world.company, payment)
    refund = refund_payment(actor=world.people.owner_a, payment_id=payment.pk, amount_fen=2050,
                            reason="Window not done")

    # when the customer downloads the receipt
    answer = browser.get(f"/orders/{order.pk}/receipt.pdf")

    # then it is a PDF attachment with every line
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == f'attachment; filename="receipt-{order.pk}.pdf"'
    text = "\n".join(pdf_lines(answer.content))
    assert f"#{order.pk} · 深度保洁" in text
    for line in order.lines:
        assert line["label"] in text
    assert "￥128.50" in text  # the line and the total
    assert payment.reference in text and refund.reference in text
    assert "-￥20.50" in text  # the refund
    assert "Received" in text and "Refunded" in text
    # the page links to it
    assert f'href="/orders/{order.pk}/receipt.pdf"' in browser.get(f"/orders/{order.pk}/receipt/").content.decode()


def test_the_pdf_of_an_unpaid_order_says_nothing_was_received(world):
    order = world.book()
    text = pdf_lines(_client(world, world.people.customer_a).get(f"/orders/{order.pk}/receipt.pdf").content)
    assert "No payment received yet." in text and "￥128.50" in "\n".join(text)


def test_another_customer_cannot_download_it(world):
    order = world.book()
    ensure_customer(company=world.company, user=world.people.customer_b)

    answer = _client(world, world.people.customer_b).get(f"/orders/{order.pk}/receipt.pdf")

    assert answer.status_code == 404 and not answer.content.startswith(b"%PDF")


def test_signed_out_the_pdf_asks_to_sign_in(world):
    order = world.book()
    answer = Client(HTTP_HOST=f"{world.company.slug}.localhost").get(f"/orders/{order.pk}/receipt.pdf")
    assert answer.status_code == 302 and "/login" in answer["Location"]
