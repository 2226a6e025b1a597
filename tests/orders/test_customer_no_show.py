"""Customer no-show (issue 17.4): the worker marks "Customer not there" only with location evidence
(an arrival with the phone's position within the company's radius, and the position again) and
after the company's wait; the order is cancelled with the no-show fee and the rest refunded."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from shared_apps.core.errors import DomainError
from shared_apps.payment_providers import sandbox_gateway as gateway
from tenant_apps.ledger.models import AccountKind
from tenant_apps.ledger.selectors import balance_of, ledger_total
from tenant_apps.orders.models import Order, OrderSettings, OrderStatus
from tenant_apps.orders.services import lifecycle
from tenant_apps.payments.models import Payment, Refund
from tests.payments.checkout_helpers import notify, pay_api
from tests.workforce.builders import SHANGHAI

HERE = (SHANGHAI.latitude, SHANGHAI.longitude)
FAR = (SHANGHAI.latitude + 0.01, SHANGHAI.longitude)  # about 1.1 km north


def paid_and_arrived(world, client_for, *, location=HERE):
    """Paid online through the sandbox, accepted, on the way and arrived (at the visit's start)."""
    order = world.book()
    payment = Payment.objects.get(pk=pay_api(client_for(world.company, world.people.customer_a), order)
                                  .json()["payment_id"])
    gateway.payer_acts(payment_id=payment.provider_payment_id, action=gateway.PAY)
    assert notify(client_for(world.company), world.company, payment).status_code == 200
    order = Order.objects.select_related("worker__staff_member__user").get(pk=order.pk)
    worker, user, at = order.worker, order.worker.staff_member.user, order.starts_at
    order = lifecycle.accept_task(actor=user, worker=worker, order=order, now=at)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5, now=at)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=location, now=at)
    return order, payment


def not_there(order, *, at, location=HERE):
    worker = order.worker
    return lifecycle.mark_customer_not_there(actor=worker.staff_member.user, worker=worker, order=order,
                                             location=location, now=at)


def test_after_the_wait_the_order_is_cancelled_with_the_on_the_way_fee_and_the_rest_refunded(
        world, client_for, django_capture_on_commit_callbacks):
    order, payment = paid_and_arrived(world, client_for)

    with django_capture_on_commit_callbacks(execute=True):
        order = not_there(order, at=order.starts_at + timedelta(minutes=15))

    fee = order.total // 2  # the policy's on-the-way tier: 50 %
    assert order.status == OrderStatus.REFUNDED
    assert order.fees_charged == fee
    [refund] = Refund.objects.filter(payment=payment)
    assert refund.amount_fen == order.total - fee
    assert balance_of(kind=AccountKind.REFUNDS_PAYABLE) == order.total - fee
    assert balance_of(kind=AccountKind.COMPANY_REVENUE) == fee
    assert ledger_total() == 0
    event = order.events.get(action="customer_no_show")
    assert (event.from_status, event.to_status, event.actor_id) == ("arrived", "cancelled",
                                                                     order.worker.staff_member.user_id)
    assert (float(event.latitude), float(event.longitude)) == HERE
    assert event.data["fee"] == fee and event.data["distance_m"] == 0


def test_before_the_wait_it_is_refused_with_the_time_it_becomes_possible(world, client_for):
    order, _payment = paid_and_arrived(world, client_for)

    with pytest.raises(DomainError) as early:
        not_there(order, at=order.starts_at + timedelta(minutes=14))

    assert (early.value.code, early.value.status) == ("too_early_for_no_show", 409)
    assert early.value.extra["allowed_from"] == (order.starts_at + timedelta(minutes=15)).isoformat()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.ARRIVED


def test_the_wait_runs_from_a_late_arrival_and_follows_the_company_setting(world, client_for):
    order, _payment = paid_and_arrived(world, client_for)
    order.events.filter(action="arrive").update(created_at=order.starts_at + timedelta(minutes=20))
    OrderSettings.objects.update_or_create(pk=1, defaults={"no_show_wait_minutes": 10})

    with pytest.raises(DomainError) as early:
        not_there(order, at=order.starts_at + timedelta(minutes=29))
    assert early.value.code == "too_early_for_no_show"

    assert not_there(order, at=order.starts_at + timedelta(minutes=30)).status == OrderStatus.REFUNDED


def test_the_company_no_show_percentage_replaces_the_policy_fee(world, client_for):
    OrderSettings.objects.update_or_create(pk=1, defaults={"no_show_fee_percent": 30})
    order, payment = paid_and_arrived(world, client_for)

    order = not_there(order, at=order.starts_at + timedelta(minutes=20))

    assert order.fees_charged == (order.total * 30 + 50) // 100
    assert Refund.objects.get(payment=payment).amount_fen == order.total - order.fees_charged


@pytest.mark.parametrize(("arrived_at", "now_at", "says"), [
    (None, HERE, "without your phone's location"),
    (FAR, HERE, "far from the address"),
    (HERE, None, "Allow this page to use your phone's location"),
    (HERE, FAR, "m from the address"),
])
def test_without_location_evidence_it_is_refused_and_nothing_is_charged(world, client_for, arrived_at, now_at, says):
    order, payment = paid_and_arrived(world, client_for, location=arrived_at)

    with pytest.raises(DomainError) as refused:
        not_there(order, at=order.starts_at + timedelta(hours=1), location=now_at)

    assert (refused.value.code, refused.value.status) == ("no_location_evidence", 409)
    assert says in refused.value.message
    order.refresh_from_db()
    assert (order.status, order.fees_charged) == (OrderStatus.ARRIVED, 0)
    assert not Refund.objects.filter(payment=payment).exists()


def test_another_worker_cannot_mark_the_customer_not_there(world, client_for):
    order, _payment = paid_and_arrived(world, client_for)
    other = world.worker2 if order.worker_id == world.worker1.pk else world.worker1

    with pytest.raises(DomainError) as refused:
        lifecycle.mark_customer_not_there(actor=other.staff_member.user, worker=other, order=order, location=HERE,
                                          now=timezone.now() + timedelta(days=5))

    assert refused.value.status == 409 and "not yours" in refused.value.message


def test_the_worker_api_answers_409_with_the_reason_and_then_cancels(world, client_for):
    order, _payment = paid_and_arrived(world, client_for)
    app = client_for(None, order.worker.staff_member.user)
    url = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/customer-not-there/"

    no_position = app.post(url, {})
    too_soon = app.post(url, {"latitude": HERE[0], "longitude": HERE[1]})  # the visit is days ahead

    assert (no_position.status_code, no_position.json()["code"]) == (409, "no_location_evidence")
    assert (too_soon.status_code, too_soon.json()["code"]) == (409, "too_early_for_no_show")
    connection.set_tenant(world.company)  # the platform host's request left the public schema set
    Order.objects.filter(pk=order.pk).update(starts_at=timezone.now() - timedelta(hours=1),
                                             ends_at=timezone.now() + timedelta(hours=1))
    order.events.filter(action="arrive").update(created_at=timezone.now() - timedelta(hours=1))  # time has passed
    done = app.post(url, {"latitude": HERE[0], "longitude": HERE[1]})
    assert done.status_code == 200 and done.json()["fee"] == order.total // 2
