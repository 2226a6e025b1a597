"""The order pages: the customer's orders and cancelling, the worker app's tasks, the office's board,
and the inboxes. Orders are made by the real booking services (tests/orders/conftest.World)."""
from __future__ import annotations

import pytest

from shared_apps.core.actor import SYSTEM
from shared_apps.notifications.models import Notification
from tenant_apps.orders.models import OrderStatus
from tenant_apps.orders.selectors import cancellation_fee_of
from tenant_apps.orders.services import booking, lifecycle
from tests.orders.conftest import World
from tests.workforce.builders import enter


@pytest.fixture
def world(people):
    return World(people)


def paid(world, **kwargs):
    return booking.mark_order_paid(actor=SYSTEM, order=world.book(**kwargs))


def text(response) -> str:
    return response.content.decode()


# ---- the customer ---------------------------------------------------------------------------------

def test_my_orders_lists_current_orders_and_history(world, page_client):
    current = paid(world)
    done = lifecycle.cancel_order(actor=world.people.customer_a, order=paid(world, hour=14), role="customer",
                                  expected_fee=0)
    client = page_client(world.company, world.people.customer_a)

    page = text(client.get("/orders/"))
    assert f'data-order="{current.pk}"' in page and f'data-order="{done.pk}"' not in page
    history = text(client.get("/orders/?tab=history"))
    assert f'data-order="{done.pk}"' in history and f'data-order="{current.pk}"' not in history
    assert 'href="/orders/"' in text(client.get("/account/"))


def test_order_page_shows_status_worker_price_and_a_polled_timeline(world, page_client):
    order = paid(world)
    client = page_client(world.company, world.people.customer_a)

    page = text(client.get(f"/orders/{order.pk}/"))
    assert "Offered to a worker" in page
    assert "Your worker" not in page  # only once a worker has accepted (test_timeline_visibility.py)
    assert "¥100.00" in page
    assert f'hx-get="/orders/{order.pk}/timeline/?paid=0"' in page and "every 10s" in page
    assert f'href="/services/{order.service_id}/"' in page  # book again
    partial = text(client.get(f"/orders/{order.pk}/timeline/", HTTP_HX_REQUEST="true"))
    assert partial.lstrip().startswith("<section") and "Order placed" in partial and "Paid" in partial


def test_another_customers_order_is_404_and_company_b_ids_are_404_on_a(world, page_client, people):
    order = paid(world)
    assert page_client(world.company, people.customer_b).get(f"/orders/{order.pk}/").status_code == 404
    assert page_client(world.company, people.customer_b).get(f"/orders/{order.pk}/cancel/").status_code == 404
    assert page_client(people.company_b, people.customer_a).get(f"/orders/{order.pk}/").status_code == 404
    assert page_client(world.company, people.customer_a).get("/orders/null,null/").status_code == 404


def on_the_way(world):
    order = paid(world)
    worker = order.worker
    order = lifecycle.accept_task(actor=worker.staff_member.user, worker=worker, order=order)
    return lifecycle.set_off(actor=worker.staff_member.user, worker=worker, order=order, eta_minutes=15)


def test_cancel_shows_the_fee_first_and_charges_exactly_that(world, page_client):
    order = on_the_way(world)  # the policy charges half once the worker is on the way
    expected = cancellation_fee_of(order=order, role="customer")
    assert expected == 5000
    client = page_client(world.company, world.people.customer_a)

    preview = client.get(f"/orders/{order.pk}/cancel/")
    assert preview.status_code == 200
    assert "Cancelling now costs ¥50.00." in text(preview)
    assert f'name="expected_fee" value="{expected}"' in text(preview)
    response = client.post(f"/orders/{order.pk}/cancel/", {"expected_fee": expected, "reason": "Plans changed"},
                           follow=True)
    assert "Your order is cancelled." in text(response)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.fees_charged == expected


def test_a_changed_fee_is_shown_to_confirm_again(world, page_client):
    order = paid(world)
    client = page_client(world.company, world.people.customer_a)
    response = client.post(f"/orders/{order.pk}/cancel/", {"expected_fee": 999, "reason": ""})
    assert response.status_code == 409
    assert "The fee is now 0.00 CNY; please confirm again." in text(response)
    assert 'name="expected_fee" value="0"' in text(response)
    order.refresh_from_db()
    assert order.status == OrderStatus.ASSIGNED


def test_cancelling_a_cancelled_order_is_a_message_not_a_500(world, page_client):
    order = lifecycle.cancel_order(actor=world.people.customer_a, order=paid(world), role="customer",
                                   expected_fee=0)
    client = page_client(world.company, world.people.customer_a)
    response = client.post(f"/orders/{order.pk}/cancel/", {"expected_fee": 0}, follow=True)
    assert response.status_code == 200
    assert "You cannot cancel an order that is cancelled." in text(response)
    response = client.get(f"/orders/{order.pk}/cancel/", follow=True)
    assert "You cannot cancel an order that is cancelled." in text(response)


def test_book_page_turns_a_hold_and_quote_into_an_order_waiting_for_payment(world, page_client):
    from tenant_apps.catalog.pricing import QuoteRequest
    from tenant_apps.catalog.quotes import make_quote
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, place_hold
    from tests.workforce.builders import SHANGHAI

    start = world.start(11)
    quote = make_quote(request=QuoteRequest(service_id=world.service.pk, start=start, location=SHANGHAI,
                                            customer_id=world.customer.pk))
    hold = place_hold(actor=world.people.customer_a, customer=world.customer, request=HoldRequest(
        job=JobRequest(service_id=world.service.pk, location=SHANGHAI), start=start))
    client = page_client(world.company, world.people.customer_a)

    form = client.get("/book/", {"hold": str(hold.hold_id), "quote": quote.token})
    assert form.status_code == 200
    assert 'name="line"' in text(form) and 'name="pay_on_site"' not in text(form)
    assert 'name="latitude"' not in text(form) and "Latitude" not in text(form)
    missing = client.post("/book/", {"hold": str(hold.hold_id), "quote": quote.token, "address": "new"})
    assert missing.status_code == 200 and "line-errors" in text(missing) and "contact_phone-errors" in text(missing)

    response = client.post("/book/", {
        "hold": str(hold.hold_id), "quote": quote.token, "address": "new", "line": "1 People's Square",
        "building": "Room 1201", "district": "Huangpu", "contact_name": "Cathy", "contact_phone": "+8618600186001",
        "notes": "",
    }, follow=True)
    assert response.redirect_chain[-1][0].startswith("/orders/")
    page = text(response)
    assert "Waiting for payment" in page and 'id="pay-by"' in page

    again = client.post("/book/", {
        "hold": str(hold.hold_id), "quote": quote.token, "address": "new", "line": "1 People's Square",
        "contact_name": "Cathy", "contact_phone": "+8618600186001",
    })
    assert again.status_code == 302  # the hold is booked: it leads to its order, never a second one
    assert client.get("/book/", {"hold": "x", "quote": "nonsense"}).status_code == 400


def test_the_site_inbox_lists_this_companys_notifications_and_marks_read(world, page_client, people):
    mine = Notification.objects.create(user=people.customer_a, company_id=world.company.pk, kind="order.paid",
                                       title="Paid: order #1")
    other = Notification.objects.create(user=people.customer_a, company_id=people.company_b.pk, kind="order.paid",
                                        title="Bravo's")
    client = page_client(world.company, people.customer_a)
    page = text(client.get("/notifications/"))
    assert f'data-notification="{mine.pk}"' in page and "Bravo&#x27;s" not in page
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{mine.pk}/read/").status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


# ---- the worker app -------------------------------------------------------------------------------

def allow_early_starts(world, *, days: int) -> None:
    from tenant_apps.orders.models import OrderSettings

    enter(world.company)
    OrderSettings.objects.update_or_create(pk=1, defaults={"early_start_minutes": days * 24 * 60})


def test_worker_inbox_and_task_mask_the_customer_until_accepted(world, page_client):
    order = paid(world)
    worker_user = order.worker.staff_member.user
    client = page_client(None, worker_user)

    inbox = text(client.get("/worker/tasks/"))
    assert f'data-task="{world.company.pk}-{order.pk}"' in inbox and "Alpha Cleaning" in inbox
    url = f"/worker/tasks/{world.company.pk}/{order.pk}/"
    page = text(client.get(url))
    assert "Room 1201" not in page and "+86186****6001" in page and "+8618600186001" not in page
    assert "approximate" in page

    response = client.post(url + "accept/", follow=True)
    assert "You accepted the task." in text(response)
    page = text(client.get(url))
    assert "1 People&#x27;s Square, Room 1201" in page and "+8618600186001" not in page

    client.post(url + "depart/", {"eta_minutes": 15})
    enter(world.company)
    order.refresh_from_db()
    assert order.status == OrderStatus.ON_THE_WAY
    client.post(url + "arrive/", {"latitude": 31.2304, "longitude": 121.4737})
    allow_early_starts(world, days=5)  # the visit is days ahead: this company lets workers start early
    client.post(url + "start/", {"early_reason": "The customer asked"})
    client.post(url + "complete/", {"note": "All clean", "early_reason": "The customer asked"})
    enter(world.company)
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED and order.completion_note == "All clean"


def test_a_worker_cannot_open_another_workers_task_or_another_companys(world, page_client, people):
    order = paid(world, workers=(world.worker1.pk,))
    other = world.worker2.staff_member.user
    url = f"/worker/tasks/{world.company.pk}/{order.pk}/"
    assert page_client(None, other).get(url).status_code == 404
    assert page_client(None, other).post(url + "accept/").status_code == 404
    assert page_client(None, people.worker_b).get(f"/worker/tasks/{people.company_b.pk}/{order.pk}/").status_code \
        == 404
    enter(world.company)
    order.refresh_from_db()
    assert order.status == OrderStatus.ASSIGNED


def test_an_illegal_worker_action_is_a_message_not_a_500(world, page_client):
    order = paid(world)
    client = page_client(None, order.worker.staff_member.user)
    url = f"/worker/tasks/{world.company.pk}/{order.pk}/"
    response = client.post(url + "start/", follow=True)  # not arrived yet
    assert response.status_code == 200
    assert "You cannot start service an order that is offered to a worker." in text(response)
    bad = client.post(url + "depart/", {"eta_minutes": "soon"})
    assert bad.status_code == 400
    decline = client.post(url + "decline/", {"reason": ""})
    assert decline.status_code == 400 and "reason-errors" in text(decline)


def test_worker_inbox_lists_every_companys_notifications(world, page_client, people):
    a = Notification.objects.create(user=people.shared_worker, company_id=people.company_a.pk, kind="x", title="A1")
    b = Notification.objects.create(user=people.shared_worker, company_id=people.company_b.pk, kind="x", title="B1")
    client = page_client(None, people.shared_worker)
    page = text(client.get("/worker/notifications/"))
    assert f'data-notification="{a.pk}"' in page and f'data-notification="{b.pk}"' in page
    client.post(f"/worker/notifications/{b.pk}/read/")
    b.refresh_from_db()
    assert b.read_at is not None
    assert page_client(None, people.worker_a).post(f"/worker/notifications/{a.pk}/read/").status_code == 404


# ---- the office -----------------------------------------------------------------------------------

def test_workers_and_customers_get_403_on_the_office_board(world, page_client, people):
    for who in (people.worker_a, people.customer_a, world.worker1.staff_member.user):
        assert page_client(world.company, who).get("/office/orders/").status_code == 403
    order = paid(world)
    assert page_client(world.company, people.customer_a).get(f"/office/orders/{order.pk}/").status_code == 403
    assert page_client(world.company, people.customer_a).post(f"/office/orders/{order.pk}/cancel/",
                                                              {"reason": "x"}).status_code == 403


def test_board_filters_and_highlights_open_exceptions(world, page_client, people):
    from tenant_apps.orders.models import ExceptionKind, OrderException

    first = paid(world, workers=(world.worker1.pk,))
    second = paid(world, workers=(world.worker2.pk,), hour=14)
    OrderException.objects.create(order=second, kind=ExceptionKind.LATE_ARRIVAL)
    client = page_client(world.company, people.dispatcher_a)

    page = text(client.get("/office/orders/"))
    assert f'data-order="{first.pk}"' in page
    assert f'<tr data-order="{second.pk}" class="has-exception">' in page
    only_one = text(client.get("/office/orders/", {"worker": world.worker1.pk, "status": "assigned",
                                                   "date": world.day.isoformat()}))
    assert f'data-order="{first.pk}"' in only_one and f'data-order="{second.pk}"' not in only_one
    assert text(client.get("/office/orders/", {"status": "completed"})).count("data-order=") == 0
    assert client.get("/office/orders/", {"date": "nonsense", "worker": "x"}).status_code == 200


def test_office_confirms_payment_reassigns_and_cancels_with_a_reason(world, page_client, people):
    order = world.book(workers=(world.worker1.pk,))
    client = page_client(world.company, people.owner_a)
    url = f"/office/orders/{order.pk}/"
    page = text(client.get(url))
    assert "Confirm payment received" in page and "Order placed" in page

    assert "The payment is recorded." in text(client.post(url + "confirm-payment/", {"reference": "cash"},
                                                          follow=True))
    enter(world.company)
    order.refresh_from_db()
    assert order.status == OrderStatus.ASSIGNED and order.worker_id == world.worker1.pk

    response = client.post(url + "assign/", {"worker": world.worker2.pk, "reason": "Closer"}, follow=True)
    assert "The order is offered to the worker." in text(response)
    enter(world.company)
    order.refresh_from_db()
    assert order.worker_id == world.worker2.pk

    assert client.post(url + "cancel/", {"reason": ""}).status_code == 400
    response = client.post(url + "cancel/", {"reason": "Customer called"}, follow=True)
    assert "The order is cancelled." in text(response)
    enter(world.company)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_an_illegal_office_action_is_a_message_and_company_b_ids_are_404(world, page_client, people):
    order = paid(world)
    client = page_client(world.company, people.owner_a)
    response = client.post(f"/office/orders/{order.pk}/confirm-payment/", {}, follow=True)
    assert response.status_code == 200
    assert "You cannot pay an order that is offered to a worker." in text(response)
    assert page_client(people.company_b, people.owner_b).get(f"/office/orders/{order.pk}/").status_code == 404
    assert client.get("/office/orders/null,null/").status_code == 404


# ---- moving a visit and the review ----------------------------------------------------------------

def local_input(world, when) -> str:
    """A datetime-local value in the company's time zone, as the browser sends it."""
    from zoneinfo import ZoneInfo

    return when.astimezone(ZoneInfo(world.company.time_zone)).strftime("%Y-%m-%dT%H:%M")


def test_reschedule_shows_the_fee_first_and_the_approved_move_charges_exactly_that(world, page_client):
    from tenant_apps.orders.models import OrderSettings

    OrderSettings.objects.update_or_create(pk=1, defaults={"free_reschedule_hours": 24 * 30,
                                                           "reschedule_fee_percent": 10})
    order = paid(world)
    client = page_client(world.company, world.people.customer_a)
    assert f'href="/orders/{order.pk}/reschedule/"' in text(client.get(f"/orders/{order.pk}/"))

    preview = client.get(f"/orders/{order.pk}/reschedule/")
    assert preview.status_code == 200
    assert "Moving now costs ¥10.00." in text(preview)
    assert 'name="expected_fee" value="1000"' in text(preview) and 'type="radio" name="start"' in text(preview)
    assert 'type="datetime-local"' not in text(preview)  # the calendar's free times, not a free field
    new_start = world.start(15)
    response = client.post(f"/orders/{order.pk}/reschedule/", {
        "start": local_input(world, new_start), "expected_fee": 1000, "reason": "Meeting"}, follow=True)
    assert "Your request to move the visit is sent" in text(response)
    assert 'id="reschedule-request"' in text(response) and "waiting for your worker" in text(response)

    enter(world.company)
    row = order.reschedule_requests.get()
    assert row.starts_at == new_start and row.fee == 1000
    worker = order.worker
    client_w = page_client(None, worker.staff_member.user)
    url = f"/worker/tasks/{world.company.pk}/{order.pk}/"
    assert "The customer asks to move the visit" in text(client_w.get(url))
    assert "The visit is moved." in text(client_w.post(url + f"reschedule/{row.pk}/approve/", follow=True))
    enter(world.company)
    order.refresh_from_db()
    assert order.starts_at == new_start and order.fees_charged == 1000


def test_a_changed_reschedule_fee_is_shown_to_confirm_again_and_a_taken_time_is_a_message(world, page_client):
    order = paid(world, workers=(world.worker1.pk,))
    paid(world, workers=(world.worker2.pk,), hour=15)
    client = page_client(world.company, world.people.customer_a)
    url = f"/orders/{order.pk}/reschedule/"
    assert "Moving now is free." in text(client.get(url))

    changed = client.post(url, {"start": local_input(world, world.start(15)), "expected_fee": 999})
    assert changed.status_code == 409
    assert "The fee is now 0.00 CNY; please confirm again." in text(changed)
    assert 'name="expected_fee" value="0"' in text(changed)

    bad = client.post(url, {"start": "soon", "expected_fee": 0})
    assert bad.status_code == 400 and "start-errors" in text(bad)
    enter(world.company)
    assert not order.reschedule_requests.exists()


def test_a_taken_time_is_a_message_on_the_reschedule_form(world, page_client):
    order = paid(world, workers=(world.worker1.pk,))
    paid(world, workers=(world.worker2.pk,), hour=15)
    paid(world, workers=(world.worker1.pk,), hour=15, again=True)
    client = page_client(world.company, world.people.customer_a)
    taken = client.post(f"/orders/{order.pk}/reschedule/", {"start": local_input(world, world.start(15)),
                                                             "expected_fee": 0})
    assert taken.status_code == 409 and 'name="start"' in text(taken)
    enter(world.company)
    assert not order.reschedule_requests.exists()


def test_another_customers_order_cannot_be_moved_or_reviewed(world, page_client, people):
    order = paid(world)
    other = page_client(world.company, people.customer_b)
    assert other.get(f"/orders/{order.pk}/reschedule/").status_code == 404
    assert other.post(f"/orders/{order.pk}/reschedule/", {"start": local_input(world, world.start(15)),
                                                          "expected_fee": 0}).status_code == 404
    assert other.post(f"/orders/{order.pk}/review/", {"comment": "x"}).status_code == 404
    assert page_client(people.company_b, people.customer_a).get(f"/orders/{order.pk}/reschedule/").status_code == 404
    enter(world.company)
    assert not order.reschedule_requests.exists()


def worker_asks_to_move(world, page_client, hour: int = 15):
    order = paid(world)
    worker = order.worker
    lifecycle.accept_task(actor=worker.staff_member.user, worker=worker, order=order)
    client = page_client(None, worker.staff_member.user)
    url = f"/worker/tasks/{world.company.pk}/{order.pk}/"
    assert "Ask to move" in text(client.get(url))
    response = client.post(url + "reschedule/", {"start": local_input(world, world.start(hour)), "reason": "Traffic"},
                           follow=True)
    assert "the customer will answer" in text(response)
    assert "waiting for the customer to answer" in text(response)
    enter(world.company)
    return order, order.reschedule_requests.get()


def test_the_customer_approves_the_workers_request_to_move(world, page_client):
    order, row = worker_asks_to_move(world, page_client)
    client = page_client(world.company, world.people.customer_a)
    page = text(client.get(f"/orders/{order.pk}/"))
    assert "Your worker asks to move the visit" in page and "Traffic" in page
    response = client.post(f"/orders/{order.pk}/reschedule/{row.pk}/approve/", follow=True)
    assert "The visit is moved." in text(response)
    enter(world.company)
    order.refresh_from_db()
    assert order.starts_at == world.start(15) and order.fees_charged == 0


def test_the_customer_declines_the_workers_request_and_answering_twice_is_a_message(world, page_client):
    order, row = worker_asks_to_move(world, page_client)
    client = page_client(world.company, world.people.customer_a)
    response = client.post(f"/orders/{order.pk}/reschedule/{row.pk}/decline/", follow=True)
    assert "The visit stays as it was." in text(response)
    again = client.post(f"/orders/{order.pk}/reschedule/{row.pk}/approve/", follow=True)
    assert again.status_code == 200 and "This request has been answered already." in text(again)
    enter(world.company)
    order.refresh_from_db()
    assert order.starts_at == world.start(10)


def test_the_worker_declines_the_customers_request_and_cannot_answer_its_own(world, page_client):
    order = paid(world)
    client = page_client(world.company, world.people.customer_a)
    client.post(f"/orders/{order.pk}/reschedule/", {"start": local_input(world, world.start(15)),
                                                    "expected_fee": 0})
    enter(world.company)
    row = order.reschedule_requests.get()
    url = f"/worker/tasks/{world.company.pk}/{order.pk}/"
    worker = page_client(None, order.worker.staff_member.user)
    assert worker.post(url + "reschedule/999999/decline/").status_code == 404
    assert page_client(None, world.worker2.staff_member.user if order.worker_id == world.worker1.pk
                       else world.worker1.staff_member.user).post(url + f"reschedule/{row.pk}/decline/").status_code \
        == 404
    response = worker.post(url + f"reschedule/{row.pk}/decline/", follow=True)
    assert "The visit stays as it was." in text(response)
    enter(world.company)
    row.refresh_from_db()
    order.refresh_from_db()
    assert row.status == "declined" and order.starts_at == world.start(10)
    # the customer cannot approve their own request
    mine = client.post(f"/orders/{order.pk}/reschedule/{row.pk}/approve/", follow=True)
    assert mine.status_code == 200 and "answered already" in text(mine)


def test_the_customer_reviews_a_completed_order(world, page_client):
    order = paid(world)
    worker = order.worker
    user = worker.staff_member.user
    order = lifecycle.accept_task(actor=user, worker=worker, order=order)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=(31.2304, 121.4737))
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=order.starts_at)
    order = lifecycle.complete_task(actor=user, worker=worker, order=order, note="", photos=[], now=order.ends_at)
    client = page_client(world.company, world.people.customer_a)
    page = text(client.get(f"/orders/{order.pk}/"))
    assert 'id="review-form"' in page and "Reschedule" not in page
    response = client.post(f"/orders/{order.pk}/review/", {"comment": "Spotless"}, follow=True)
    assert "Thank you for your review." in text(response) and 'id="review-form"' not in text(response)
    enter(world.company)
    order.refresh_from_db()
    assert order.status == OrderStatus.REVIEWED
    assert order.events.filter(action="review", reason="Spotless").exists()
    again = client.post(f"/orders/{order.pk}/review/", {"comment": "Again"}, follow=True)
    assert again.status_code == 200 and "You cannot review" in text(again)


# ---- doing nothing says so; the same visit twice is warned of ---------------------------------------

def test_reassigning_to_the_same_worker_or_to_nobody_changes_nothing_and_says_so(world, page_client, people):
    from shared_apps.notifications.models import Outbox

    order = paid(world, workers=(world.worker1.pk,))
    client = page_client(world.company, people.owner_a)
    url = f"/office/orders/{order.pk}/"
    events, sent = order.events.count(), Outbox.objects.count()

    same = text(client.post(url + "assign/", {"worker": world.worker1.pk, "reason": "again"}, follow=True))
    assert "The order is already with One; nothing changed." in same
    nobody = client.post(url + "assign/", {"worker": "", "reason": ""})
    assert nobody.status_code == 400
    assert "Choose a worker: giving the order to nobody changes nothing." in text(nobody)
    enter(world.company)
    assert order.events.count() == events and Outbox.objects.count() == sent
    order.refresh_from_db()
    assert order.worker_id == world.worker1.pk


def test_booking_the_same_visit_twice_warns_and_asks_to_confirm(world, page_client):
    from tenant_apps.catalog.pricing import QuoteRequest
    from tenant_apps.catalog.quotes import make_quote
    from tenant_apps.orders.models import Order
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, place_hold
    from tests.workforce.builders import SHANGHAI

    first = world.book(workers=(world.worker1.pk,))
    start = world.start()
    quote = make_quote(request=QuoteRequest(service_id=world.service.pk, start=start, location=SHANGHAI,
                                            customer_id=world.customer.pk))
    hold = place_hold(actor=world.people.customer_a, customer=world.customer, request=HoldRequest(
        job=JobRequest(service_id=world.service.pk, location=SHANGHAI), start=start))
    client = page_client(world.company, world.people.customer_a)
    url = f"/book/?hold={hold.hold_id}&quote={quote.token}"

    page = text(client.get(url))
    assert f"You already have order #{first.pk} for this service at this time." in page
    assert f'href="/orders/{first.pk}/"' in page and 'name="book_anyway"' in page
    form = {"hold": str(hold.hold_id), "quote": quote.token, "address": "new", "line": "1 People's Square",
            "district": "Huangpu", "contact_name": "Cathy", "contact_phone": "+8618600186001"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "Book another visit only if you mean to." in text(refused)
    enter(world.company)
    assert Order.objects.filter(customer=world.customer).count() == 1

    placed = client.post(url, {**form, "book_anyway": "on"})
    assert placed.status_code == 302
    enter(world.company)
    assert Order.objects.filter(customer=world.customer).count() == 2


# ---- starting or finishing early (issue 12, point 13) ----------------------------------------------

def _arrived(world):
    order = paid(world)
    worker, user = order.worker, order.worker.staff_member.user
    order = lifecycle.accept_task(actor=user, worker=worker, order=order)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5)
    return lifecycle.arrive(actor=user, worker=worker, order=order, location=(31.2304, 121.4737))


def test_a_start_days_early_is_refused_beyond_the_window_and_needs_a_reason_within_it(world, page_client):
    order = _arrived(world)  # the visit is three days ahead
    client = page_client(None, order.worker.staff_member.user)
    url = f"/worker/tasks/{world.company.pk}/{order.pk}/"

    page = text(client.get(url))
    assert "You can start this visit from" in page and 'action="' + url + 'start/"' not in page
    refused = text(client.post(url + "start/", follow=True))
    assert "Too early to start" in refused and "at most 120 minutes before" in refused

    allow_early_starts(world, days=5)
    page = text(client.get(url))
    assert "a day or more from now. Say why you start it now." in page and 'name="early_reason"' in page
    assert "give a reason" in text(client.post(url + "start/", {"early_reason": ""}, follow=True))
    assert "The service has started." in text(client.post(url + "start/", {"early_reason": "Customer asked"},
                                                           follow=True))
    page = text(client.get(url))
    assert "Say why you mark it done now." in page
    assert "give a reason" in text(client.post(url + "complete/", {"note": "ok"}, follow=True))
    assert "The task is done." in text(client.post(url + "complete/", {"note": "ok", "early_reason": "Quick"},
                                                   follow=True))
    enter(world.company)
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    assert order.events.get(action="start_service").reason == "Customer asked"


# ---- moving a visit offers the calendar's free times (issue 12, point 8) -----------------------------

def _offered(page: str) -> list[str]:
    import re

    return re.findall(r'type="radio" name="start" value="([\d-]+T[\d:]+)"', page)


def test_the_customer_moves_a_visit_choosing_from_free_times_only(world, page_client):
    from datetime import timedelta

    order = paid(world, workers=(world.worker1.pk,))
    # both workers are busy at 15:00 that day: nobody can take it, so it is never offered
    paid(world, workers=(world.worker2.pk,), hour=15)
    paid(world, workers=(world.worker1.pk,), hour=15, again=True)
    client = page_client(world.company, world.people.customer_a)
    url = f"/orders/{order.pk}/reschedule/"

    offered = _offered(text(client.get(url, {"day": world.day.isoformat()})))
    taken = local_input(world, world.start(15))
    assert offered and taken not in offered and local_input(world, world.start(12)) in offered
    next_day = world.day + timedelta(days=1)
    next_page = text(client.get(url, {"day": next_day.isoformat()}))
    assert local_input(world, world.start(15, next_day)) in _offered(next_page)

    missing = client.post(url, {"expected_fee": 0})
    assert missing.status_code == 400 and "Choose one of the free times." in text(missing)
    moved = client.post(url, {"start": local_input(world, world.start(12)), "expected_fee": 0}, follow=True)
    assert "Your request to move the visit is sent" in text(moved)


def test_the_office_moves_a_visit_to_a_free_time_with_a_reason(world, page_client, people):
    from datetime import timedelta

    order = paid(world, workers=(world.worker1.pk,))
    client = page_client(world.company, people.owner_a)
    url = f"/office/orders/{order.pk}/"
    next_day = world.day + timedelta(days=1)
    page = text(client.get(url, {"day": next_day.isoformat()}))
    assert 'id="office-reschedule"' in page and local_input(world, world.start(11, next_day)) in _offered(page)

    assert client.post(url + "reschedule/", {"start": local_input(world, world.start(11, next_day)),
                                             "reason": ""}).status_code == 400
    done = client.post(url + "reschedule/", {"start": local_input(world, world.start(11, next_day)),
                                             "reason": "The customer phoned"}, follow=True)
    assert "The visit is moved." in text(done)
    enter(world.company)
    order.refresh_from_db()
    assert order.starts_at == world.start(11, next_day)
