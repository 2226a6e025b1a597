"""A worker's day in the worker app: the day's jobs in order with the travel before each (from home
for the first), when to leave, the route, and navigation hand-off links only for accepted jobs; the
worker sets their own home base there."""
from __future__ import annotations

import pytest
from django.test import Client

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.services import booking, lifecycle
from tenant_apps.workforce.models import WorkerProfile
from tests.orders.conftest import World
from tests.workforce.builders import SHANGHAI, enter

FIVE_KM_EAST = {"latitude": SHANGHAI.latitude, "longitude": round(SHANGHAI.longitude + 5 / (111.32 * 0.8549), 6)}


@pytest.fixture
def day(people):
    """worker1's day: an accepted job at 10:00 and one offered (not accepted) at 14:00."""
    world = World(people)
    worker = world.worker1
    user = worker.staff_member.user
    first = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10, workers=(worker.pk,)))
    first = lifecycle.accept_task(actor=user, worker=worker, order=first)
    second = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=14, workers=(worker.pk,)))
    pages = Client(HTTP_HOST="localhost")
    pages.force_login(user)
    return world, worker, first, second, pages


def test_the_day_lists_the_jobs_in_order_with_navigation_only_for_the_accepted_one(day):
    world, worker, first, second, pages = day
    answer = pages.post(f"/worker/day/home/{world.company.pk}/", {
        f"c{world.company.pk}-latitude": FIVE_KM_EAST["latitude"],
        f"c{world.company.pk}-longitude": FIVE_KM_EAST["longitude"]})
    assert answer.status_code == 302

    page = pages.get(f"/worker/day/?day={world.day.isoformat()}").content.decode()

    assert page.index(f'data-order="{first.pk}"') < page.index(f'data-order="{second.pk}"')
    accepted = page[page.index(f'data-order="{first.pk}"'):page.index(f'data-order="{second.pk}"')]
    assert "15 min from home" in accepted and "leave by 09:45" in accepted
    assert "https://uri.amap.com/navigation?to=121.473700,31.230400," in accepted
    assert "https://api.map.baidu.com/direction?destination=latlng:31.230400,121.473700|name:" in accepted
    assert "https://maps.apple.com/?daddr=31.230400,121.473700" in accepted
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=31.230400,121.473700" in accepted
    offered = page[page.index(f'data-order="{second.pk}"'):]
    offered = offered[:offered.index("</li>")]
    assert "min from the previous job" in offered  # same place: 0 minutes after the first
    assert "amap" not in offered and "Room 1201" not in offered and "appear once you accept" in offered
    assert '<svg id="day-route"' in page


def test_the_worker_sets_their_home_base_and_a_wrong_company_is_404(day, people):
    world, worker, _first, _second, pages = day

    pages.post(f"/worker/day/home/{world.company.pk}/", {f"c{world.company.pk}-latitude": "31.2",
                                                        f"c{world.company.pk}-longitude": "121.5"})
    enter(world.company)
    saved = WorkerProfile.objects.get(pk=worker.pk)
    assert (float(saved.home_latitude), float(saved.home_longitude)) == (31.2, 121.5)

    # no position from the phone (location refused, or no JavaScript): nothing changes, and it says why
    half = pages.post(f"/worker/day/home/{world.company.pk}/", {f"c{world.company.pk}-latitude": "31.2"},
                      follow=True)
    assert "Your phone did not share where you are" in half.content.decode()
    enter(world.company)
    assert WorkerProfile.objects.get(pk=worker.pk).home_latitude is not None
    page = pages.get("/worker/day/").content.decode()
    assert "Use where I am now" in page and "Home latitude" not in page  # nobody types coordinates
    pages.post(f"/worker/day/home/{world.company.pk}/", {f"c{world.company.pk}-clear": "on"})
    enter(world.company)
    assert WorkerProfile.objects.get(pk=worker.pk).home_latitude is None
    assert pages.post(f"/worker/day/home/{people.company_b.pk}/", {}).status_code == 404
    assert pages.get("/worker/day/?day=not-a-day").status_code == 200  # today instead


def test_the_day_needs_a_signed_in_user(day):
    assert Client(HTTP_HOST="localhost").get("/worker/day/").status_code == 302


def test_setting_off_suggests_the_eta_from_the_travel_of_the_day(day):
    world, worker, first, _second, pages = day
    pages.post(f"/worker/day/home/{world.company.pk}/", {
        f"c{world.company.pk}-latitude": FIVE_KM_EAST["latitude"],
        f"c{world.company.pk}-longitude": FIVE_KM_EAST["longitude"]})

    page = pages.get(f"/worker/tasks/{world.company.pk}/{first.pk}/").content.decode()

    assert 'name="eta_minutes" value="15"' in page  # 5 km from home at 3 min/km
