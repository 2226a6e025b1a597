"""Money survives a dying process (issue 15, "Done when"): a real gunicorn and a real Celery worker on
the test database. The web process dies after writing a notification's effects and before committing
them; the Celery worker dies in the middle of a settlement run; a notification is lost for good. After
a restart, redelivery or the next run: the order is paid once, one posting per event, every balance is
right. The processes die at named fault points (shared_apps.core.faults, off unless the child's
environment names one); see docs/decisions.md.

These tests commit (their own company, removed after) and replace the suite's per-test Redis flush,
which would drop the running worker's queue bindings."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.e2e.conftest import Created, _remove_created, unique_phone, unique_slug
from tests.payment_providers.receiver import remove_sandbox_merchant
from tests.processes import celery_worker, free_port, wait_for, web_server
from tests.support import PASSWORD, People

pytestmark = pytest.mark.fault

NOTIFICATION_POINT = "payments.notification.before_commit"
SETTLEMENT_POINT = "earnings.settlement.before_commit"
FAST_NOTIFIER = {"SANDBOX_NOTIFY_DELAY_SECONDS": "0.2", "SANDBOX_NOTIFY_RETRY_SECONDS": "0.3",
                 "SANDBOX_NOTIFY_MAX_ATTEMPTS": "12", "DJANGO_SETTINGS_MODULE": "tests.faults.settings"}


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Committed database access: the child processes see what the test writes."""
    with django_db_blocker.unblock():
        yield
        connections.close_all()


@pytest.fixture(autouse=True)
def _public_schema_and_fresh_limits(transactional_db):
    yield


@pytest.fixture
def shop(transactional_db, settings):
    """A company of its own (sandbox payments) with one worker and a service; removed after."""
    from shared_apps.accounts.models import User
    from shared_apps.notifications.models import Notification, Outbox
    from shared_apps.payment_providers.models import DeliveryStatus, SandboxDelivery
    from tenant_apps.people.services import ensure_customer
    from tenants.models import Company
    from tenants.services import OwnerInput, sign_up_company
    from tests.workforce.builders import make_service, make_worker

    before = Created(set(Company.objects.values_list("pk", flat=True)),
                     set(User.objects.values_list("pk", flat=True)), timezone.now())
    port = free_port()
    settings.PLATFORM_URL_PORT = str(port)  # the notify URL the payment carries: the web server below
    world = People.load()
    owner_phone = unique_phone()
    company = sign_up_company(
        name="Fault Cleaning", slug=unique_slug("fault"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Fang Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("fault",), name="Window cleaning")
        make_worker(owner, company, skills=("fault",), name="Lei Worker", phone=unique_phone())
        customer = ensure_customer(company=company, user=world.customer_a)
    yield Shop(company=company, service=service, customer=customer, customer_user=world.customer_a, port=port)
    Notification.objects.filter(company_id=company.pk).delete()
    Outbox.objects.filter(company_id=company.pk).delete()
    # The tests' workers are stopped by now: a delivery a failed test left pending will never finish.
    SandboxDelivery.objects.filter(merchant__merchant_id=f"sandbox-{company.pk}",
                                   status=DeliveryStatus.PENDING).update(status=DeliveryStatus.GAVE_UP)
    remove_sandbox_merchant(f"sandbox-{company.pk}")
    _remove_created(before)


class Shop:
    def __init__(self, *, company, service, customer, customer_user, port):
        self.company, self.service, self.customer = company, service, customer
        self.customer_user, self.port = customer_user, port

    def book(self, days_ahead: int):
        from tenant_apps.catalog.pricing import QuoteRequest
        from tenant_apps.catalog.quotes import make_quote
        from tenant_apps.orders.services.booking import BookingDetails, book_order
        from tenant_apps.scheduling.selectors import JobRequest
        from tenant_apps.scheduling.services import HoldRequest, place_hold
        from tests.workforce.builders import SHANGHAI, at, company_day

        start = at(self.company, company_day(self.company, days_ahead), 10)
        with schema_context(self.company.schema_name):
            quote = make_quote(request=QuoteRequest(service_id=self.service.pk, start=start, location=SHANGHAI,
                                                    customer_id=self.customer.pk))
            hold = place_hold(actor=self.customer_user, customer=self.customer, request=HoldRequest(
                job=JobRequest(service_id=self.service.pk, location=SHANGHAI), start=start))
            return book_order(actor=self.customer_user, customer=self.customer, quote_token=quote.token,
                              hold_id=str(hold.hold_id), details=BookingDetails(
                                  address_line="8 Bund Road", district="Huangpu", latitude=SHANGHAI.latitude,
                                  longitude=SHANGHAI.longitude, contact_name="Cathy",
                                  contact_phone=People.PHONES["customer_a"]))

    def start_payment(self, order):
        from tenant_apps.orders.services.payment import start_order_payment

        with schema_context(self.company.schema_name):
            return start_order_payment(actor=self.customer_user, order=order, kind="full", method="sandbox",
                                       return_url="http://localhost/")

    def customer_pays(self, payment) -> None:
        """The customer presses Pay on the sandbox's page: the gateway queues its notification."""
        from shared_apps.payment_providers.sandbox_gateway import payer_acts

        payer_acts(payment_id=payment.provider_payment_id, action="pay")

    def complete(self, order) -> None:
        from tenant_apps.orders.models import Order
        from tenant_apps.orders.services import lifecycle

        with schema_context(self.company.schema_name):
            order = Order.objects.select_related("worker__staff_member__user").get(pk=order.pk)
            worker, user, at = order.worker, order.worker.staff_member.user, order.starts_at
            order = lifecycle.accept_task(actor=user, worker=worker, order=order, now=at)
            order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5, now=at)
            order = lifecycle.arrive(actor=user, worker=worker, order=order, location=None, now=at)
            order = lifecycle.start_service(actor=user, worker=worker, order=order, now=at)
            lifecycle.complete_task(actor=user, worker=worker, order=order, now=at)


def finished(worker, result) -> str:
    """What the task returned, read from the worker's log (no result backend is configured)."""
    marker = f"[{result.id}] succeeded in "

    def line():
        found = [x for x in worker.log().splitlines() if marker in x]
        return found and found[0]

    return wait_for(line, timeout=30, message=f"task {result.id} to finish:\n{worker.log()[-3000:]}"
                    ).rsplit(": ", 1)[-1].strip()


def paid_once(shop: Shop, order, payment) -> None:
    """The order is paid, by exactly one processed event and one ledger transaction; the books balance."""
    from tenant_apps.ledger.models import AccountKind, JournalTransaction
    from tenant_apps.ledger.selectors import balance_of, ledger_total
    from tenant_apps.orders.models import Order, OrderStatus
    from tenant_apps.payments.models import EventOutcome, Payment, PaymentStatus, ProviderEvent

    with schema_context(shop.company.schema_name):
        payment = Payment.objects.get(pk=payment.pk)
        order = Order.objects.get(pk=order.pk)
        claims = ProviderEvent.objects.filter(payment=payment, claims_event=True)
        assert payment.status == PaymentStatus.SUCCEEDED
        assert order.paid_at is not None and order.status != OrderStatus.PENDING_PAYMENT
        assert [e.outcome for e in claims] == [EventOutcome.PROCESSED]
        assert JournalTransaction.objects.filter(event_key__startswith="sandbox:").count() == 1
        assert balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox") == -payment.amount_fen
        assert ledger_total() == 0


def test_the_web_process_dies_before_committing_a_notification_and_the_redelivery_pays_once(shop):
    from shared_apps.payment_providers.models import DeliveryStatus, SandboxDelivery
    from tenant_apps.ledger.models import JournalTransaction
    from tenant_apps.payments.models import Payment, PaymentStatus, ProviderEvent

    order = shop.book(3)
    payment = shop.start_payment(order)
    with celery_worker(concurrency=1, **FAST_NOTIFIER):
        # given a web process that dies once it has written the notification's effects, uncommitted
        with web_server(port=shop.port, workers=1, threads=2, DOORSTEP_FAULT_POINT=NOTIFICATION_POINT,
                        **FAST_NOTIFIER) as web:
            # when the customer pays and the gateway's notification reaches it
            shop.customer_pays(payment)
            wait_for(lambda: f"fault point {NOTIFICATION_POINT} reached" in web.log(), timeout=20,
                     message=f"the web process to die at the fault point:\n{web.log()[-3000:]}")
        delivery = SandboxDelivery.objects.get(subject_id=payment.provider_payment_id)
        # then the notifier got no 2xx, and nothing of the notification was kept
        wait_for(lambda: delivery.attempt_rows.exists(), message="the failed attempt recorded")
        assert not delivery.attempt_rows.filter(status_code__gte=200, status_code__lt=300).exists()
        with schema_context(shop.company.schema_name):
            assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
            assert not ProviderEvent.objects.filter(payment=payment).exists()
            assert not JournalTransaction.objects.filter(event_key__startswith="sandbox:").exists()

        # when the web comes back (a new process, no fault) the gateway's retry gets through
        with web_server(port=shop.port, workers=1, threads=2, **FAST_NOTIFIER):
            wait_for(lambda: SandboxDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELIVERED,
                     timeout=40, message="the redelivery accepted")

    # then the order is paid once, one posting, the event processed once
    assert SandboxDelivery.objects.get(pk=delivery.pk).attempts >= 2
    paid_once(shop, order, payment)


def test_the_celery_worker_dies_mid_settlement_and_the_next_run_settles_each_earning_once(shop):
    from shared_apps.core.actor import SYSTEM
    from shared_apps.payment_providers.interface import Notification, NotificationKind
    from tenant_apps.earnings.models import Earning, EarningStatus
    from tenant_apps.earnings.tasks import settle_earnings
    from tenant_apps.ledger.models import JournalTransaction
    from tenant_apps.ledger.selectors import ledger_total, worker_balance
    from tenant_apps.payments.checkout import apply_notification

    # given three paid, completed orders of one worker, their settlement due
    orders = [shop.book(days) for days in (3, 4, 5)]
    for order in orders:
        payment = shop.start_payment(order)
        with schema_context(shop.company.schema_name):
            apply_notification(actor=SYSTEM, notification=Notification(
                provider="sandbox", event_id=f"evt_setup_{payment.reference}",
                kind=NotificationKind.PAYMENT_SUCCEEDED, reference=payment.reference,
                amount_fen=payment.amount_fen, currency=payment.currency))
        shop.complete(order)
    ids = [o.pk for o in orders]
    with schema_context(shop.company.schema_name):
        Earning.objects.filter(order_id__in=ids).update(completed_at=timezone.now() - timedelta(days=60))
        earnings = list(Earning.objects.filter(order_id__in=ids))
        assert len(earnings) == 3 and {e.status for e in earnings} == {EarningStatus.PENDING}
        worker_id = earnings[0].worker_id
        due = sum(e.share + e.tip for e in earnings)
        before = worker_balance(worker=worker_id)

    def settled_once_or_not_at_all():
        """No half-written settlement: settled with one posting, or pending with none."""
        with schema_context(shop.company.schema_name):
            for earning in Earning.objects.filter(order_id__in=ids):
                postings = JournalTransaction.objects.filter(event_key__startswith=f"settlement:{earning.order_id}")
                expected = 1 if earning.status == EarningStatus.SETTLED else 0
                assert postings.count() == expected, (earning.order_id, earning.status)
            return Earning.objects.filter(order_id__in=ids, status=EarningStatus.SETTLED).count()

    # when the worker dies at the second earning's settlement, before its commit
    with celery_worker(concurrency=1, DOORSTEP_FAULT_POINT=f"{SETTLEMENT_POINT}:2", **FAST_NOTIFIER) as worker:
        settle_earnings.delay()
        wait_for(lambda: f"fault point {SETTLEMENT_POINT} reached" in worker.log(), timeout=30,
                 message=f"the worker to die mid-settlement:\n{worker.log()[-3000:]}")
    # then what it settled is whole, and what it did not is untouched
    assert settled_once_or_not_at_all() < 3

    # when a new worker runs settlement again (twice: the beat's next rounds)
    with celery_worker(concurrency=1, **FAST_NOTIFIER) as worker:
        finished(worker, settle_earnings.delay())
        assert settled_once_or_not_at_all() == 3
        assert finished(worker, settle_earnings.delay()) == "0"

    # then each earning settled once, and the worker's money moved from pending to available once
    assert settled_once_or_not_at_all() == 3
    with schema_context(shop.company.schema_name):
        after = worker_balance(worker=worker_id)
        assert after.available - before.available == due
        assert before.pending - after.pending == due
        assert ledger_total() == 0


def test_a_notification_lost_for_good_is_found_by_reconciliation_on_the_worker_once(shop):
    from shared_apps.payment_providers.models import DeliveryStatus, SandboxDelivery
    from tenant_apps.payments.models import Payment
    from tenant_apps.payments.tasks import reconcile_payments

    order = shop.book(3)
    payment = shop.start_payment(order)
    # given a gateway that gives up at once, and no web server listening at the notify URL
    with celery_worker(concurrency=1, **{**FAST_NOTIFIER, "SANDBOX_NOTIFY_MAX_ATTEMPTS": "1"}) as worker:
        shop.customer_pays(payment)
        wait_for(lambda: SandboxDelivery.objects.filter(subject_id=payment.provider_payment_id,
                                                        status=DeliveryStatus.GAVE_UP).exists(),
                 timeout=20, message="the gateway to give up")
        with schema_context(shop.company.schema_name):  # past PAYMENT_RECONCILE_AFTER_MINUTES
            Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(hours=1))

        # when the reconciliation beat job runs on the worker, twice
        first = finished(worker, reconcile_payments.delay())
        second = finished(worker, reconcile_payments.delay())

    # then the payment is applied, once
    assert (first, second) == ("1", "0")
    paid_once(shop, order, payment)
