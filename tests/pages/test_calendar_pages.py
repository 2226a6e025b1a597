"""The storefront's calendar on a service page (htmx partials): the month with free days, a day's
start times, "earliest available", and holding a time; per company, never a 500 on odd input."""
from __future__ import annotations

import html
import re
from datetime import time
from urllib.parse import parse_qs, urlsplit

import pytest

from tenant_apps.scheduling.models import Assignment
from tests.workforce.builders import SHANGHAI, at, company_day, enter, make_service, make_worker

WEEKDAYS_NINE_TO_FIVE = tuple((day, time(9), time(17)) for day in range(1, 6))


@pytest.fixture
def shop(people):
    """In alpha: a two-hour service and one worker who works weekdays 9 to 5."""
    enter(people.company_a)

    class Shop:
        company = people.company_a
        service = make_service(people.owner_a, duration=120, lead=60)
        worker = make_worker(people.owner_a, people.company_a, name="Li Na", week=WEEKDAYS_NINE_TO_FIVE)
        day = company_day(people.company_a, 7, weekday=3)  # a Wednesday at least a week ahead

        def data(self, **extra) -> dict:
            variant = self.service.v[0].pk
            return {"variant": variant, "shown_variant": variant, "latitude": SHANGHAI.latitude,
                    "longitude": SHANGHAI.longitude, **extra}

    return Shop()


def calendar(client, shop, **extra):
    return client.get(f"/services/{shop.service.pk}/calendar/", shop.data(**extra))


def hold(client, shop, start: str):
    return client.post(f"/services/{shop.service.pk}/hold/", shop.data(start=start), HTTP_HX_REQUEST="true")


def test_the_service_page_loads_the_calendar_with_the_quote_forms_choices(page_client, shop):
    html = page_client(shop.company).get(f"/services/{shop.service.pk}/").content.decode()

    assert f'hx-get="/services/{shop.service.pk}/calendar/"' in html
    assert 'hx-include="#quote-form"' in html and "Choose a time" in html


def test_the_month_marks_the_workers_days_and_greys_the_others(page_client, shop):
    html = calendar(page_client(shop.company), shop, month=shop.day.strftime("%Y-%m")).content.decode()

    free = set(re.findall(r'class="day has-slots[^"]*" data-date="([\d-]+)"', html))
    none = set(re.findall(r'class="day none" data-date="([\d-]+)"', html))
    assert shop.day.isoformat() in free
    assert free and all(_weekday(d) <= 5 for d in free)
    assert any(_weekday(d) >= 6 for d in none)
    assert "Li Na" not in html and str(shop.worker.pk) not in re.findall(r'workers?="(\d+)"', html)


def _weekday(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).isoweekday()


def test_a_day_shows_its_start_times_in_company_time(page_client, shop):
    html = calendar(page_client(shop.company), shop, day=shop.day.isoformat()).content.decode()

    times = re.findall(r'data-slot-start="[\d-]+T([\d:]+)"', html)
    assert times[0] == "09:00" and times[-1] == "15:00"  # two hours of work end by five
    assert "Asia/Shanghai" in html


def test_earliest_available_picks_the_first_free_time(page_client, shop):
    html = calendar(page_client(shop.company), shop, earliest="1").content.decode()

    picked = re.search(r'data-pick-start="([\d-]+T[\d:]+)"', html).group(1)
    assert picked.endswith(("09:00", "09:30")) or picked[11:] >= "09:00"
    assert f'data-slot-start="{picked}"' in html


def test_a_chosen_time_offers_a_hold_to_customers_and_sign_in_to_visitors(page_client, people, shop):
    start = f"{shop.day.isoformat()}T10:00"

    visitor = calendar(page_client(shop.company), shop, day=shop.day.isoformat(), start=start).content.decode()
    customer = calendar(page_client(shop.company, people.customer_a), shop, day=shop.day.isoformat(),
                        start=start).content.decode()

    assert "Sign in to hold this time" in visitor and "Hold this time" not in visitor.replace("Sign in to hold", "")
    assert "/login/?next=" in visitor
    assert 'id="hold-button"' in customer and 'aria-pressed="true">10:00<' in customer


def test_a_customer_holds_a_time_and_the_next_one_hears_it_was_just_taken(page_client, people, shop):
    start = f"{shop.day.isoformat()}T10:00"

    first = hold(page_client(shop.company, people.customer_a), shop, start)
    second = hold(page_client(shop.company, people.shared_worker), shop, start)

    assert first.status_code == 200
    assert "Held for you until" in first.content.decode()
    assert Assignment.objects.filter(worker=shop.worker, starts_at=at(shop.company, shop.day, 10)).count() == 1
    body = second.content.decode()
    assert "This time was just taken" in body
    fresh = re.findall(r'data-slot-start="([\d-]+T[\d:]+)"', body)
    assert fresh and start not in fresh


def test_visitors_are_sent_to_sign_in_to_hold(page_client, shop):
    response = page_client(shop.company).post(f"/services/{shop.service.pk}/hold/", shop.data(start="2030-01-01T10:00"))

    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("extra", [
    {"variant": "abc"}, {"month": "2020-13"}, {"day": "yesterday"}, {"latitude": "north"},
    {"latitude": "999", "longitude": "0"}, {"start": "soon"}, {"month": "1999-01"},
])
def test_odd_calendar_input_is_a_message_or_a_calendar_never_a_500(page_client, shop, extra):
    response = calendar(page_client(shop.company), shop, **extra)

    assert response.status_code == 200


def test_a_bad_hold_is_a_message_next_to_the_calendar(page_client, people, shop):
    client = page_client(shop.company, people.customer_a)

    missing = client.post(f"/services/{shop.service.pk}/hold/", shop.data(), HTTP_HX_REQUEST="true")
    off_grid = hold(client, shop, f"{shop.day.isoformat()}T10:07")
    past = hold(client, shop, "2020-01-01T10:00")

    assert "Choose a time in the calendar." in missing.content.decode()
    assert "Choose one of the offered times." in off_grid.content.decode()
    assert past.status_code == 200 and 'id="hold-status"' in past.content.decode()
    assert not Assignment.objects.exists()


def test_company_bs_service_is_not_found_on_alphas_host(page_client, people, shop, in_schema):
    from tenant_apps.catalog.models import Service

    with in_schema(people.company_b.schema_name):
        bravo_service = Service.objects.order_by("pk").last().pk
    enter(people.company_a)
    alpha_ids = set(Service.objects.values_list("pk", flat=True))
    client = page_client(shop.company, people.customer_a)
    other = bravo_service if bravo_service not in alpha_ids else max(alpha_ids) + 1000

    assert client.get(f"/services/{other}/calendar/").status_code == 404
    assert client.post(f"/services/{other}/hold/", {"start": "2030-01-01T10:00"}).status_code == 404


def test_a_held_time_leads_to_booking_it_at_the_quoted_price(page_client, people, shop):
    from tenant_apps.orders.models import Order

    customer = page_client(shop.company, people.customer_a)
    held = hold(customer, shop, f"{shop.day.isoformat()}T10:00").content.decode()
    book_url = html.unescape(re.search(r'id="book-held-time" href="([^"]+)"', held).group(1))
    query = {key: values[0] for key, values in parse_qs(urlsplit(book_url).query).items()}

    assert customer.get(book_url).status_code == 200
    response = customer.post("/book/", {
        **query, "address": "new", "line": "1 Main Road", "building": "Room 3", "district": "Huangpu",
        "contact_name": "Cathy", "contact_phone": "+8618600186001", "notes": "",
    })

    assert response.status_code == 302
    assert Order.objects.get(hold_id=query["hold"]).status == "pending_payment"


# ---- a variant change and a typed start (issue 12, point 9) --------------------------------------

def test_the_calendar_right_after_a_variant_change_reads_the_new_variants_defaults(page_client, people):
    enter(people.company_a)
    service = make_service(people.owner_a, duration=180, lead=60, variants=[
        {"price_model": "hourly", "unit_price": 5000, "minimum_minutes": 180, "duration_minutes": 180},
        {"price_model": "fixed", "base_price": 20000}])
    make_worker(people.owner_a, people.company_a, name="Wu Fei", week=WEEKDAYS_NINE_TO_FIVE)
    hourly, fixed = service.v
    # the page still carries the hourly variant's three hours when the fixed one is picked
    html = page_client(people.company_a).get(f"/services/{service.pk}/calendar/", {
        "variant": fixed.pk, "shown_variant": hourly.pk, "duration_minutes": 180,
        "latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude}).content.decode()

    assert "is not one of the available choices" not in html
    assert 'class="month"' in html


def test_a_typed_start_shows_its_day_and_says_why_it_cannot_be_held(page_client, people, shop):
    client = page_client(shop.company, people.customer_a)
    shown = shop.day.isoformat()
    later = company_day(shop.company, 14, weekday=3)

    # a start typed for another day moves the calendar there and offers to hold it when it is free
    free = calendar(client, shop, month=shop.day.strftime("%Y-%m"), day=shown, shown_start=f"{shown}T10:00",
                    start=f"{later.isoformat()}T10:00").content.decode()
    assert f'id="cal-day" name="day" value="{later.isoformat()}"' in free
    assert 'aria-pressed="true">10:00<' in free and 'id="hold-button"' in free

    # a start nobody can take says so instead of hiding the hold button
    late = calendar(client, shop, day=shown, shown_start=f"{shown}T10:00", start=f"{shown}T16:30").content.decode()
    assert 'id="hold-button"' not in late
    assert "Nobody is free to start at" in html.unescape(late) and "Choose one of the free times." in late
    weekend = company_day(shop.company, 7, weekday=6)
    saturday = calendar(client, shop, shown_start="", start=f"{weekend.isoformat()}T10:00").content.decode()
    assert "Nobody is free to start at" in html.unescape(saturday)


# ---- a customer's held times (issue 12, point 6) ---------------------------------------------------

def test_a_customer_sees_their_hold_on_the_service_page_and_in_their_account_and_releases_it(page_client, people,
                                                                                             shop):
    client = page_client(shop.company, people.customer_a)
    hold(client, shop, f"{shop.day.isoformat()}T10:00")
    held = Assignment.objects.get(worker=shop.worker)

    # back on the service page, the hold is there to book or release
    back = html.unescape(calendar(client, shop).content.decode())
    assert "Times you are holding" in back and f'data-hold="{held.hold_id}"' in back
    assert "/book/?hold=" in back and f"/holds/{held.hold_id}/release/" in back

    account = client.get("/account/").content.decode()
    assert 'id="holds"' in account and "Test cleaning" in account
    assert ", 10:00" in account  # the held start in the company's time (24-hour clock), not UTC

    # another customer cannot release it
    assert page_client(shop.company, people.shared_worker).post(f"/holds/{held.hold_id}/release/").status_code == 404
    released = client.post(f"/holds/{held.hold_id}/release/", {"next": f"/services/{shop.service.pk}/"})
    assert released.status_code == 302 and released["Location"] == f"/services/{shop.service.pk}/"
    assert not Assignment.objects.filter(hold_id=held.hold_id).exists()
    assert "Times you are holding" not in calendar(client, shop).content.decode()
    assert "Times you are holding" not in client.get("/account/").content.decode()


def test_the_hold_limit_message_links_to_the_held_times(page_client, people, shop):
    from tenant_apps.scheduling.services import update_scheduling_settings

    update_scheduling_settings(actor=people.owner_a, changes={"max_holds_per_customer": 1})
    client = page_client(shop.company, people.customer_a)
    hold(client, shop, f"{shop.day.isoformat()}T10:00")
    refused = hold(client, shop, f"{shop.day.isoformat()}T13:00").content.decode()
    assert "You are holding too many times already" in html.unescape(refused)
    assert 'href="/account/#holds"' in refused
