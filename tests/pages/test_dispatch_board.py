"""The office's dispatch board: what it shows (workers' jobs by time with the travel before them, the
orders waiting for a worker, the map), giving a job to a worker through it (the dispatch service
judges: accepted, or refused with the reason), who may use it, the poll, and its query count.

The waiting order is reached as the product reaches it: paid, offered to the only free worker, who
declines, while the other worker is busy then."""
from __future__ import annotations

import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.orders.services import booking, lifecycle
from tests.orders.conftest import World
from tests.workforce.builders import SHANGHAI, make_worker

JSON = {"HTTP_ACCEPT": "application/json"}


class Board:
    def __init__(self, people):
        self.world = world = World(people)
        self.busy = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10))  # to worker One or Two
        self.busy_worker = self.busy.worker
        waiting = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10, again=True))  # the other one is free
        other = waiting.worker
        self.waiting = lifecycle.decline_task(actor=other.staff_member.user, worker=other, order=waiting,
                                              reason="Too far")
        assert self.waiting.status == OrderStatus.PENDING_DISPATCH  # nobody else is free at 10:00
        # a third worker joins later, living 5 km east of the jobs (15 minutes at 3 min/km)
        self.free = make_worker(people.owner_a, world.company, skills=("ordertest",), name="Three",
                                home={"latitude": SHANGHAI.latitude,
                                      "longitude": SHANGHAI.longitude + 5 / (111.32 * 0.8549)})
        self.day = world.day.isoformat()


@pytest.fixture
def board(people):
    return Board(people)


def text(response) -> str:
    return response.content.decode()


def row_of(page: str, worker_id: int) -> str:
    start = page.index(f'id="worker-{worker_id}"')
    end = page.find('class="dispatch-row"', start + 1)
    return page[start:end if end > 0 else len(page)]


def test_the_board_shows_each_workers_jobs_and_the_orders_waiting_for_a_worker(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    page = text(client.get(f"/office/dispatch/?day={board.day}"))

    assert f'id="job-{board.busy.pk}"' in row_of(page, board.busy_worker.pk)
    pending = page[page.index('id="pending"'):page.index('class="dispatch-grid"')]
    assert f'id="job-{board.waiting.pk}"' in pending
    assert 'hx-trigger="every 5s"' in page
    assert '<svg id="dispatch-map"' in page and "<polyline" in page  # plotted without any tiles
    assert "<image" not in page  # no tile source is set: nothing loads from the internet
    assert "Three" in page and 'href="/office/dispatch/"' in page  # the nav links the board


def test_an_order_with_an_open_exception_is_highlighted(board, page_client):
    from tenant_apps.orders.models import ExceptionKind, OrderException

    # what release_bookings_of_leaving_worker leaves when nobody else is free
    OrderException.objects.create(order=board.waiting, kind=ExceptionKind.WORKER_LEFT, detail={})
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    page = text(client.get(f"/office/dispatch/?day={board.day}"))

    block = page[page.index(f'id="job-{board.waiting.pk}"') - 200:page.index(f'id="job-{board.waiting.pk}"') + 600]
    assert "has-exception" in block and "stopped doing jobs" in block


def test_with_a_tile_source_the_map_lays_its_tiles_under_the_points(board, page_client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.com/{z}/{x}/{y}.png"
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    page = text(client.get(f"/office/dispatch/?day={board.day}"))

    tiles = re.findall(r'<image href="https://tiles\.example\.com/(\d+)/(\d+)/(\d+)\.png"', page)
    assert 1 <= len(tiles) <= 12  # the few tiles that cover the 600x400 box
    zoom, x, y = map(int, tiles[0])
    # People's Square lies in the tiles drawn: x, y of its tile at that zoom
    lat = math.radians(31.2304)
    tile_x = int((121.4737 + 180) / 360 * 2 ** zoom)
    tile_y = int((1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * 2 ** zoom)
    assert (tile_x, tile_y) in {(int(a), int(b)) for _z, a, b in tiles}


def test_the_week_view_and_the_filters(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    week = text(client.get(f"/office/dispatch/?day={board.day}&view=week"))
    assert "is-week" in week and f'id="job-{board.busy.pk}"' in week
    only_waiting = text(client.get(f"/office/dispatch/?day={board.day}&status=pending_dispatch"))
    assert f'id="job-{board.waiting.pk}"' in only_waiting and f'id="job-{board.busy.pk}"' not in only_waiting
    other_skill = text(client.get(f"/office/dispatch/?day={board.day}&skill=nosuchskill"))
    assert f'id="job-{board.busy.pk}"' not in other_skill

    # zones: a wide centre holds the jobs (People's Square); a small one 20 km away does not
    from tenant_apps.catalog import services as catalog

    centre = catalog.create_zone(actor=board.world.people.owner_a, values={
        "name": {"en": "Centre"}, "kind": "radius", "center_latitude": 31.2304, "center_longitude": 121.4737,
        "radius_km": 30})
    pudong = catalog.create_zone(actor=board.world.people.owner_a, values={
        "name": {"en": "Far east"}, "kind": "radius", "center_latitude": 31.2304, "center_longitude": 121.68,
        "radius_km": 5})
    inside = text(client.get(f"/office/dispatch/?day={board.day}&zone={centre.pk}"))
    outside = text(client.get(f"/office/dispatch/?day={board.day}&zone={pudong.pk}"))
    assert f'id="job-{board.busy.pk}"' in inside and f'id="job-{board.waiting.pk}"' in inside
    assert f'id="job-{board.busy.pk}"' not in outside and f'id="job-{board.waiting.pk}"' not in outside


def test_dropping_a_waiting_order_on_a_free_worker_gives_it_to_them(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    answer = client.post("/office/dispatch/assign/", {"order": board.waiting.pk, "worker": board.free.pk}, **JSON)

    assert answer.status_code == 200 and answer.json()["ok"] is True
    assert "Three" in answer.json()["message"]
    order = Order.objects.get(pk=board.waiting.pk)
    assert order.status == OrderStatus.ASSIGNED and order.worker_id == board.free.pk
    assert order.events.filter(action="assign", actor=board.world.people.dispatcher_a).exists()
    page = text(client.get(f"/office/dispatch/?day={board.day}"))
    three = row_of(page, board.free.pk)
    assert f'id="job-{order.pk}"' in three
    assert "15 min travel" in three  # from Three's home base to the day's first job


def test_dropping_it_on_a_busy_worker_is_refused_with_the_reason(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    answer = client.post("/office/dispatch/assign/", {"order": board.waiting.pk, "worker": board.busy_worker.pk},
                         **JSON)

    assert answer.status_code == 409 and answer.json()["ok"] is False
    assert "busy" in answer.json()["message"]
    order = Order.objects.get(pk=board.waiting.pk)
    assert order.status == OrderStatus.PENDING_DISPATCH and order.worker_id is None


def test_moving_a_job_to_another_worker_reassigns_it(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    answer = client.post("/office/dispatch/assign/", {"order": board.busy.pk, "worker": board.free.pk}, **JSON)

    assert answer.status_code == 200, answer.content
    assert Order.objects.get(pk=board.busy.pk).worker_id == board.free.pk


def test_a_plain_form_post_comes_back_to_the_board_with_the_message(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    answer = client.post("/office/dispatch/assign/", {"order": board.waiting.pk, "worker": board.busy_worker.pk},
                         follow=True)

    assert answer.redirect_chain[-1][0] == "/office/dispatch/"
    assert "busy" in text(answer)


def test_bad_input_is_a_400_with_the_field(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)

    answer = client.post("/office/dispatch/assign/", {"order": "x"}, **JSON)

    assert answer.status_code == 400 and {"order", "worker"} <= set(answer.json()["fields"])


def test_workers_and_customers_may_not_dispatch_and_another_companys_order_is_404(board, page_client, people):
    for user in (people.worker_a, people.customer_a):
        client = page_client(board.world.company, user)
        assert client.get("/office/dispatch/").status_code == 403
        assert client.post("/office/dispatch/assign/", {"order": board.waiting.pk, "worker": board.free.pk},
                           **JSON).status_code == 403
    assert Order.objects.get(pk=board.waiting.pk).worker_id is None
    from django_tenants.utils import schema_context

    with schema_context(people.company_b.schema_name):
        answer = page_client(people.company_b, people.owner_b).post(
            "/office/dispatch/assign/", {"order": board.waiting.pk, "worker": board.free.pk}, **JSON)
    assert answer.status_code == 404


def test_the_poll_swaps_nothing_until_the_board_changes(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)
    page = text(client.get(f"/office/dispatch/?day={board.day}"))
    version = re.search(r'data-version="([^"]+)"', page).group(1)

    unchanged = client.get(f"/office/dispatch/board/?day={board.day}&version={version}")
    assert unchanged.status_code == 204
    client.post("/office/dispatch/assign/", {"order": board.waiting.pk, "worker": board.free.pk}, **JSON)
    changed = client.get(f"/office/dispatch/board/?day={board.day}&version={version}")
    assert changed.status_code == 200 and text(changed).lstrip().startswith('<div id="board"')


def _board_queries(client, day) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/office/dispatch/?day={day}")
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries]


def test_the_board_costs_the_same_queries_for_more_jobs_and_workers_and_never_writes(board, page_client):
    client = page_client(board.world.company, board.world.people.dispatcher_a)
    _board_queries(client, board.day)  # warm: the session and the company's cached settings
    small, sql = _board_queries(client, board.day)
    assert not [q for q in sql if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]

    # given more workers and more jobs on the day (copies of the booked one, read only by the board)
    for n in range(5):
        make_worker(board.world.people.owner_a, board.world.company, skills=("ordertest",), name=f"Extra {n}")
    template = Order.objects.get(pk=board.busy.pk)
    copies = []
    for hour in range(1, 6):
        copy = Order.objects.get(pk=template.pk)
        copy.pk = None
        copy.starts_at = template.starts_at + hour * (template.ends_at - template.starts_at)
        copy.ends_at = copy.starts_at + (template.ends_at - template.starts_at)
        copies.append(copy)
    Order.objects.bulk_create(copies)

    large, _sql = _board_queries(client, board.day)
    assert large == small, "\n".join(_sql)
    assert small <= 12
