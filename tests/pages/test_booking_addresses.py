"""Booking as a customer meets it (issue 12, points 1-3 and Back after booking): addresses saved on
the profile with a district from the company's service zones and no coordinates typed, a point from
the geocoder or the district's centre (approximate), how the company is paid, choices kept through
signing in, and a booked hold that leads to its order."""
from __future__ import annotations

import html as html_lib
import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from shared_apps import geocoding
from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.pricing import QuoteRequest
from tenant_apps.catalog.quotes import make_quote
from tenant_apps.orders.models import ExceptionKind, Order, OrderException, OrderSettings, OrderStatus
from tenant_apps.orders.services import booking, lifecycle
from tenant_apps.people.models import Address
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import HoldRequest, place_hold
from tests.orders.conftest import World
from tests.workforce.builders import SHANGHAI, enter

HUANGPU_CENTRE = (Decimal("31.230400"), Decimal("121.473700"))


@pytest.fixture
def world(people):
    world = World(people)
    world.zone = catalog.create_zone(actor=people.owner_a, values={
        "name": {"en": "Huangpu", "zh-hans": "黄浦区"}, "kind": "radius", "center_latitude": 31.2304,
        "center_longitude": 121.4737, "radius_km": 8})
    return world


def text(response) -> str:
    return response.content.decode()


def held(world, hour: int = 11, location=SHANGHAI):
    start = world.start(hour)
    quote = make_quote(request=QuoteRequest(service_id=world.service.pk, start=start, location=location,
                                            customer_id=world.customer.pk))
    hold = place_hold(actor=world.people.customer_a, customer=world.customer, request=HoldRequest(
        job=JobRequest(service_id=world.service.pk, location=location), start=start))
    return {"hold": str(hold.hold_id), "quote": quote.token}


NEW = {"address": "new", "line": "8 Bund Road", "building": "Room 5", "contact_name": "Cathy",
       "contact_phone": "+8618600186001"}


def test_the_booking_form_asks_a_district_from_the_zones_not_coordinates(world, page_client):
    client = page_client(world.company, world.people.customer_a)
    booking_url = held(world)

    form = text(client.get("/book/", booking_url))
    assert "Latitude" not in form and 'name="latitude"' not in form
    assert f'<option value="{world.zone.pk}" selected>Huangpu</option>' in form  # where it was quoted

    no_district = client.post("/book/", {**booking_url, **NEW, "zone": ""})
    assert 'id="zone-errors"><li>Choose your district.' in text(no_district)
    assert not Order.objects.filter(hold_id=booking_url["hold"]).exists()

    placed = client.post("/book/", {**booking_url, **NEW, "zone": world.zone.pk})
    order = Order.objects.get(hold_id=booking_url["hold"])
    assert placed.status_code == 302 and placed["Location"] == f"/orders/{order.pk}/"
    assert (order.address_line, order.district, order.contact_name) == ("8 Bund Road, Room 5", "Huangpu", "Cathy")
    assert (order.latitude, order.longitude) == HUANGPU_CENTRE and order.location_is_approximate
    saved = Address.objects.get(customer=world.customer)
    assert (saved.line, saved.building, saved.zone_id, saved.is_approximate) == (
        "8 Bund Road", "Room 5", world.zone.pk, True)


def test_a_saved_address_is_offered_first_and_books_without_retyping(world, page_client):
    client = page_client(world.company, world.people.customer_a)
    client.post("/account/addresses/", {**NEW, "label": "Home", "zone": world.zone.pk})
    address = Address.objects.get(customer=world.customer)
    booking_url = held(world, hour=14)

    form = text(client.get("/book/", booking_url))
    assert f'name="address" value="{address.pk}" checked' in form
    assert 'id="new-address" hidden' in form

    placed = client.post("/book/", {**booking_url, "address": address.pk})
    assert placed.status_code == 302
    order = Order.objects.get(hold_id=booking_url["hold"])
    assert order.address_line == "8 Bund Road, Room 5" and order.contact_phone == "+8618600186001"
    assert Address.objects.filter(customer=world.customer).count() == 1


def test_the_account_page_adds_and_removes_addresses(world, page_client, people):
    client = page_client(world.company, people.customer_a)
    page = text(client.get("/account/"))
    assert "Your addresses" in page and "Huangpu" in page

    refused = client.post("/account/addresses/", {"line": "", "contact_name": "", "contact_phone": "12"})
    assert refused.status_code == 400
    assert all(f'id="{name}-errors"' in text(refused) for name in ("line", "zone", "contact_name"))
    bad_phone = client.post("/account/addresses/", {**NEW, "contact_phone": "12", "zone": world.zone.pk})
    assert 'id="contact_phone-errors"><li>Enter a valid mobile number' in text(bad_phone)

    client.post("/account/addresses/", {**NEW, "label": "Office", "zone": world.zone.pk})
    address = Address.objects.get(customer=world.customer)
    assert "Office" in text(client.get("/account/"))
    # another customer cannot remove it
    assert page_client(world.company, people.customer_b).post(
        f"/account/addresses/{address.pk}/delete/").status_code == 404
    client.post(f"/account/addresses/{address.pk}/delete/")
    assert not Address.objects.filter(pk=address.pk).exists()


def test_a_price_that_differs_at_the_address_is_shown_before_booking(world, page_client, people):
    far_zone = catalog.create_zone(actor=people.owner_a, values={
        "name": {"en": "Pudong"}, "kind": "radius", "center_latitude": 31.22, "center_longitude": 121.60,
        "radius_km": 3, "surcharge": 3000})
    client = page_client(world.company, people.customer_a)
    booking_url = held(world, hour=15)  # quoted in Huangpu, no surcharge

    first = client.post("/book/", {**booking_url, **NEW, "zone": far_zone.pk})
    assert first.status_code == 200 and "The price at this address is ¥130.00" in text(first)
    assert not Order.objects.filter(hold_id=booking_url["hold"]).exists()
    token = re.search(r'name="quote" value="([^"]+)"', text(first)).group(1)
    address = re.search(r'name="address" value="(\d+)" checked', text(first)).group(1)

    client.post("/book/", {**booking_url, "quote": html_lib.unescape(token), "address": address})
    order = Order.objects.get(hold_id=booking_url["hold"])
    assert order.total == 13000 and Address.objects.filter(customer=world.customer).count() == 1


class FakeResponse:
    def __init__(self, body: dict):
        self.body = json.dumps(body).encode()

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_with_a_geocoding_key_the_address_gets_the_providers_point(world, page_client, settings, monkeypatch):
    settings.GEOCODING_AMAP_KEY = "test-key"
    asked = []

    def fake_urlopen(url, timeout):
        asked.append(url)
        return FakeResponse({"status": "1", "geocodes": [{"location": "121.490000,31.240000"}]})

    monkeypatch.setattr(geocoding.urllib.request, "urlopen", fake_urlopen)
    client = page_client(world.company, world.people.customer_a)
    client.post("/account/addresses/", {**NEW, "zone": world.zone.pk})
    saved = Address.objects.get(customer=world.customer)
    assert (saved.latitude, saved.longitude, saved.is_approximate) == (Decimal("31.24"), Decimal("121.49"), False)
    assert "key=test-key" in asked[0] and "8+Bund+Road" in asked[0]


def test_an_unreachable_geocoder_falls_back_to_the_district_centre(world, settings, monkeypatch):
    settings.GEOCODING_AMAP_KEY = "test-key"

    def down(url, timeout):
        raise OSError("connection refused")

    monkeypatch.setattr(geocoding.urllib.request, "urlopen", down)
    assert geocoding.geocoder().geocode("8 Bund Road") is None
    from tenant_apps.catalog.locating import locate_address

    located = locate_address(line="8 Bund Road", zone=world.zone)
    assert (located.latitude, located.longitude, located.is_approximate) == (31.2304, 121.4737, True)


# ---- how the company is paid (point 2) ----------------------------------------------------------

def _set_payment(*, on_site: bool, office: bool) -> None:
    OrderSettings.objects.update_or_create(pk=1, defaults={"allow_pay_on_site": on_site,
                                                          "office_confirms_payment": office})


def test_with_online_payment_the_booking_and_order_pages_say_the_customer_pays_online(world, page_client):
    client = page_client(world.company, world.people.customer_a)
    booking_url = held(world)
    form = text(client.get("/book/", booking_url))
    assert "After you book, you pay online on the order page" in form
    client.post("/book/", {**booking_url, **NEW, "zone": world.zone.pk})
    order = Order.objects.get(hold_id=booking_url["hold"])
    page = text(client.get(f"/orders/{order.pk}/"))
    assert "Waiting for payment: pay online below." in page and "Pay with Sandbox (test)" in page


def test_without_an_online_method_the_order_page_says_the_office_confirms_the_payment(world, page_client):
    from tenant_apps.payments.services import update_payment_settings

    update_payment_settings(actor=world.people.owner_a, use_sandbox=False, deposit_policy="none",
                            deposit_percent=None, methods={})
    client = page_client(world.company, world.people.customer_a)
    booking_url = held(world)
    form = text(client.get("/book/", booking_url))
    assert "After you book, Alpha Cleaning confirms your payment with you" in form
    client.post("/book/", {**booking_url, **NEW, "zone": world.zone.pk})
    order = Order.objects.get(hold_id=booking_url["hold"])
    page = text(client.get(f"/orders/{order.pk}/"))
    assert "Alpha Cleaning takes payment through its office and will contact you to confirm it." in page


def test_a_company_paid_only_on_site_books_orders_paid_on_site(world, page_client):
    _set_payment(on_site=True, office=False)
    client = page_client(world.company, world.people.customer_a)
    booking_url = held(world)
    form = text(client.get("/book/", booking_url))
    assert "You pay the worker on site." in form and 'name="pay_on_site"' not in form
    client.post("/book/", {**booking_url, **NEW, "zone": world.zone.pk})
    order = Order.objects.get(hold_id=booking_url["hold"])
    assert order.payment_method == "on_site" and order.status == OrderStatus.ASSIGNED
    assert "You pay the worker on site." in text(client.get(f"/orders/{order.pk}/"))


def test_a_company_taking_only_online_payment_takes_bookings_paid_online(world, page_client):
    # given neither pay on site nor office confirmation, only online payment (the sandbox by default)
    _set_payment(on_site=False, office=False)
    client = page_client(world.company, world.people.customer_a)
    booking_url = held(world)

    form = client.get("/book/", booking_url)
    assert form.status_code == 200 and "After you book, you pay online on the order page" in text(form)
    answer = client.post("/book/", {**booking_url, **NEW, "zone": world.zone.pk})

    order = Order.objects.get(hold_id=booking_url["hold"])
    assert answer.status_code == 302 and order.status == OrderStatus.PENDING_PAYMENT
    assert order.payment_method == "online"
    assert "Pay with Sandbox (test)" in text(client.get(f"/orders/{order.pk}/"))


def test_a_company_taking_no_payment_refuses_at_booking_with_a_clear_message(world, page_client):
    from tenant_apps.payments.services import update_payment_settings

    _set_payment(on_site=False, office=False)
    update_payment_settings(actor=world.people.owner_a, use_sandbox=False, deposit_policy="none",
                            deposit_percent=None, methods={})  # live, with no online method ready
    client = page_client(world.company, world.people.customer_a)
    booking_url = held(world)
    page = client.get("/book/", booking_url)
    assert page.status_code == 409
    assert "Alpha Cleaning cannot take payment for bookings made here yet. Please contact them" in text(page)
    assert 'name="line"' not in text(page)
    refused = client.post("/book/", {**booking_url, **NEW, "zone": world.zone.pk})
    assert refused.status_code == 409 and not Order.objects.filter(hold_id=booking_url["hold"]).exists()


# ---- Back after booking (point 16) ----------------------------------------------------------------

def test_the_booking_page_of_a_booked_hold_leads_to_the_order_and_is_never_cached(world, page_client):
    client = page_client(world.company, world.people.customer_a)
    booking_url = held(world)
    form = client.get("/book/", booking_url)
    assert "no-store" in form["Cache-Control"]
    client.post("/book/", {**booking_url, **NEW, "zone": world.zone.pk})
    order = Order.objects.get(hold_id=booking_url["hold"])

    back = client.get("/book/", booking_url)
    assert back.status_code == 302 and back["Location"] == f"/orders/{order.pk}/"
    assert Order.objects.filter(hold_id=booking_url["hold"]).count() == 1


# ---- choices kept through signing in (point 3) ------------------------------------------------------

def test_signing_in_to_hold_comes_back_with_every_choice(world, page_client, people):
    add_on = catalog.create_add_on(actor=people.owner_a, service=world.service,
                                   values={"name": {"en": "Balcony"}, "price": 2000, "max_quantity": 3})
    variant = world.service.v[0].pk
    from zoneinfo import ZoneInfo

    start = world.start(10).astimezone(ZoneInfo(world.company.time_zone)).strftime("%Y-%m-%dT%H:%M")
    choices = {"variant": variant, "shown_variant": variant, f"addon_{add_on.pk}": "2", "start": start,
               "address_line": "8 Bund Road", "zone": world.zone.pk}
    visitor = page_client(world.company)

    calendar = text(visitor.get(f"/services/{world.service.pk}/calendar/", choices))
    login = html_lib.unescape(re.search(r'href="(/login/\?next=[^"]+)"', calendar).group(1))
    back_to = parse_qs(urlsplit(login).query)["next"][0]
    kept = {k: v[0] for k, v in parse_qs(urlsplit(back_to).query).items()}
    assert kept == {k: str(v) for k, v in choices.items()}

    page = text(page_client(world.company, people.customer_a).get(back_to))
    assert 'value="8 Bund Road"' in page and f'name="addon_{add_on.pk}" value="2"' in page
    assert f'value="{start}"' in page and f'<option value="{world.zone.pk}" selected>' in page


# ---- the worker arrives without typing coordinates --------------------------------------------------

def test_arriving_without_a_location_is_recorded_and_flagged_for_the_office(world, page_client):
    from shared_apps.core.actor import SYSTEM

    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    worker = order.worker
    lifecycle.accept_task(actor=worker.staff_member.user, worker=worker, order=order)
    lifecycle.set_off(actor=worker.staff_member.user, worker=worker, order=order, eta_minutes=10)
    client = page_client(None, worker.staff_member.user)
    url = f"/worker/tasks/{world.company.pk}/{order.pk}/"
    page = text(client.get(url))
    assert "Latitude" not in page and 'type="hidden" name="latitude"' in page

    response = client.post(url + "arrive/", {"latitude": "", "longitude": ""}, follow=True)
    assert "You have arrived." in text(response)
    enter(world.company)
    order.refresh_from_db()
    assert order.status == OrderStatus.ARRIVED
    assert OrderException.objects.filter(order=order, kind=ExceptionKind.ARRIVAL_WITHOUT_LOCATION).exists()
    assert order.events.get(action="arrive").latitude is None


def test_the_sign_in_link_keeps_the_time_earliest_available_chose(world, page_client):
    variant = world.service.v[0].pk
    visitor = page_client(world.company)
    calendar = text(visitor.get(f"/services/{world.service.pk}/calendar/", {
        "variant": variant, "shown_variant": variant, "start": "2030-01-01T10:00", "zone": world.zone.pk,
        "earliest": "1"}))
    picked = re.search(r'data-pick-start="([^"]+)"', calendar).group(1)
    login = html_lib.unescape(re.search(r'href="(/login/\?next=[^"]+)"', calendar).group(1))
    back_to = parse_qs(urlsplit(login).query)["next"][0]
    assert parse_qs(urlsplit(back_to).query)["start"] == [picked] and picked != "2030-01-01T10:00"
