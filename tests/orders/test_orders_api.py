"""The orders API: booking over HTTP, the timeline, previews that equal charges, and who may see what."""
from __future__ import annotations

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.models import OrderSettings, OrderStatus
from tenant_apps.orders.services import booking
from tests.workforce.builders import SHANGHAI, enter


def _refused(response, status: int, code: str) -> None:
    """Refused the way a client can tell: the status, the error code and a message for people."""
    body = response.json()
    assert (response.status_code, body["code"]) == (status, code), body
    assert body["message"]


def _book_over_http(world, client_for):
    customer = client_for(world.company, world.people.customer_a)
    start = world.start(11).isoformat()
    quote = customer.post("/api/v1/quotes/", {"service": world.service.pk, "start": start, "address": {
        "latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude}}, format="json")
    assert quote.status_code == 201, quote.json()
    hold = customer.post("/api/v1/holds/", {"service": world.service.pk, "start": start, "address": {
        "latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude}}, format="json")
    assert hold.status_code == 201, hold.json()
    response = customer.post("/api/v1/orders/", {
        "quote": quote.json()["token"], "hold": hold.json()["id"],
        "address": {"line": "1 People's Square", "district": "Huangpu", "latitude": SHANGHAI.latitude,
                    "longitude": SHANGHAI.longitude},
        "contact_name": "Cathy", "contact_phone": "+8618600186001", "requirements": ["ladder"]}, format="json")
    assert response.status_code == 201, response.json()
    return customer, response.json()


def test_a_customer_books_cancels_with_the_previewed_fee(world, client_for):
    customer, order = _book_over_http(world, client_for)
    assert order["status"] == "pending_payment"
    assert [e["action"] for e in order["timeline"]] == ["book"]

    preview = customer.post(f"/api/v1/orders/{order['id']}/cancel/preview/")
    assert preview.status_code == 200
    wrong = customer.post(f"/api/v1/orders/{order['id']}/cancel/", {"expected_fee": preview.json()["fee"] + 1})
    assert wrong.status_code == 409 and wrong.json()["code"] == "fee_changed"
    done = customer.post(f"/api/v1/orders/{order['id']}/cancel/", {"expected_fee": preview.json()["fee"]})
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    again = customer.post(f"/api/v1/orders/{order['id']}/cancel/", {"expected_fee": 0})
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    assert "cancelled" in again.json()["message"]
    redo = customer.get(f"/api/v1/orders/{order['id']}/book-again/")
    assert redo.json()["service"] == world.service.pk and redo.json()["requirements"] == ["ladder"]


def test_another_customer_and_a_worker_cannot_see_or_act(world, client_for, people):
    _customer, order = _book_over_http(world, client_for)
    from shared_apps.accounts.models import User
    from tenant_apps.people.models import Customer

    stranger = User.objects.create_user(phone="+8618600186099", name="Stranger")
    Customer.objects.create(user=stranger)
    other = client_for(world.company, stranger)
    _refused(other.get(f"/api/v1/orders/{order['id']}/"), 404, "not_found")
    _refused(other.post(f"/api/v1/orders/{order['id']}/cancel/", {"expected_fee": 0}), 404, "not_found")
    assert other.get("/api/v1/orders/").json() == []
    _refused(client_for(world.company, people.worker_a).get("/api/v1/office/orders/"), 403, "permission_denied")
    _refused(client_for(world.company, people.customer_a).get("/api/v1/office/orders/"), 403, "permission_denied")
    other_company = client_for(people.company_b, people.owner_b)
    _refused(other_company.get(f"/api/v1/office/orders/{order['id']}/"), 404, "not_found")
    # someone else's order and a missing one read the same
    assert other.get(f"/api/v1/orders/{order['id']}/").json() == other.get("/api/v1/orders/999999/").json()
    _refused(client_for(world.company, people.owner_a).get("/api/v1/office/orders/nul,null/"), 404, "not_found")


def test_the_worker_sees_a_masked_phone_and_the_full_address_only_after_accepting(world, client_for, people):
    _customer, data = _book_over_http(world, client_for)
    from tenant_apps.orders.models import Order

    order = booking.mark_order_paid(actor=SYSTEM, order=Order.objects.get(pk=data["id"]))
    user = order.worker.staff_member.user
    other_worker = world.worker2 if order.worker_id == world.worker1.pk else world.worker1
    app = client_for(None, user)
    base = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"
    tasks = app.get("/api/v1/worker/tasks/").json()
    task = next(t for t in tasks if t["id"] == order.pk)
    assert task["address"]["line"] is None and task["address"]["is_approximate"]
    assert "****" in task["contact_phone"]
    stranger = client_for(None, other_worker.staff_member.user)
    _refused(stranger.get(base), 404, "not_found")
    _refused(stranger.post(base + "accept/"), 404, "not_found")
    _refused(client_for(None, people.customer_a).post(base + "accept/"), 404, "not_found")
    _refused(app.get(f"/api/v1/worker/companies/{people.company_b.pk}/tasks/{order.pk}/"), 404, "not_found")
    _refused(app.post(base + "arrive/", {"latitude": 31.0, "longitude": 121.0}), 409, "illegal_transition")

    accepted = app.post(base + "accept/")
    assert accepted.status_code == 200
    assert accepted.json()["address"]["line"] == "1 People's Square"
    assert app.post(base + "depart/", {"eta_minutes": 15}).json()["status"] == "on_the_way"
    far = app.post(base + "arrive/", {"latitude": 31.3, "longitude": 121.6}).json()
    assert far["timeline"][-1]["data"]["far"] is True
    too_early = app.post(base + "start/")  # the visit is days ahead; the window is two hours
    assert too_early.status_code == 409 and "Too early to start" in too_early.json()["message"]
    enter(world.company)
    OrderSettings.objects.update_or_create(pk=1, defaults={"early_start_minutes": 7 * 24 * 60})
    no_reason = app.post(base + "start/")
    assert no_reason.status_code == 409 and "give a reason" in no_reason.json()["message"]
    started = app.post(base + "start/", {"early_reason": "The customer asked"}).json()
    assert started["status"] == "in_service" and started["timeline"][-1]["reason"] == "The customer asked"
    assert app.post(base + "complete/", {"note": "Done"}).status_code == 409
    done = app.post(base + "complete/", {"note": "Done", "early_reason": "Quick job"}).json()
    assert done["status"] == OrderStatus.COMPLETED
    board = client_for(world.company, people.dispatcher_a).get("/api/v1/office/orders/?status=completed").json()
    assert any(x["kind"] == "far_arrival" for x in board["exceptions"])


def test_booking_without_coordinates_places_the_address_at_its_districts_centre(world, client_for, people):
    from tenant_apps.catalog import services as catalog

    zone = catalog.create_zone(actor=people.owner_a, values={
        "name": {"en": "Huangpu"}, "kind": "radius", "center_latitude": 31.2304, "center_longitude": 121.4737,
        "radius_km": 8})
    customer = client_for(world.company, world.people.customer_a)
    start = world.start(11).isoformat()
    where = {"latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude}
    quote = customer.post("/api/v1/quotes/", {"service": world.service.pk, "start": start, "address": where},
                          format="json").json()
    hold = customer.post("/api/v1/holds/", {"service": world.service.pk, "start": start, "address": where},
                         format="json").json()
    half = customer.post("/api/v1/orders/", {
        "quote": quote["token"], "hold": hold["id"], "address": {"line": "8 Bund Road", "latitude": 31.2},
        "contact_name": "Cathy", "contact_phone": "+8618600186001"}, format="json")
    assert half.status_code == 400, half.json()
    assert any("longitude" in key for key in half.json()["fields"]), half.json()
    response = customer.post("/api/v1/orders/", {
        "quote": quote["token"], "hold": hold["id"], "address": {"line": "8 Bund Road", "zone": zone.pk},
        "contact_name": "Cathy", "contact_phone": "+8618600186001"}, format="json")
    assert response.status_code == 201, response.json()
    address = response.json()["address"]
    assert address["district"] == "Huangpu" and address["point_is_approximate"]
    assert (address["latitude"], address["longitude"]) == (31.2304, 121.4737)


def test_the_worker_arrives_over_the_api_without_a_location_and_the_office_sees_it(world, client_for, people):
    _customer, data = _book_over_http(world, client_for)
    from tenant_apps.orders.models import Order

    order = booking.mark_order_paid(actor=SYSTEM, order=Order.objects.get(pk=data["id"]))
    app = client_for(None, order.worker.staff_member.user)
    base = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"
    app.post(base + "accept/")
    app.post(base + "depart/", {"eta_minutes": 15})
    assert app.post(base + "arrive/", {"latitude": 31.2}, format="json").status_code == 400
    arrived = app.post(base + "arrive/", {}, format="json")
    assert arrived.status_code == 200 and arrived.json()["status"] == "arrived"
    assert arrived.json()["timeline"][-1]["data"] == {"no_location": True}
    board = client_for(world.company, people.dispatcher_a).get(f"/api/v1/office/orders/{order.pk}/").json()
    assert [x["kind"] for x in board["exceptions"]] == ["arrival_without_location"]


def test_someone_who_never_booked_here_lists_no_orders_and_is_not_made_a_customer(people, client_for, in_schema):
    from tenant_apps.people.models import Customer
    from tenants.models import Affiliation

    owner = client_for(people.company_b, people.owner_a)  # signed in, but never a customer of Bravo

    listed = owner.get("/api/v1/orders/")
    opened = owner.get("/api/v1/orders/1/")

    assert listed.status_code == 200 and listed.json() == []
    assert opened.status_code == 404 and opened.json()["code"] == "not_found"
    with in_schema(people.company_b.schema_name):
        assert not Customer.objects.filter(user=people.owner_a).exists()
    assert not Affiliation.objects.filter(user=people.owner_a, company=people.company_b).exists()
