"""Before accepting a task, a worker learns only the area of the visit (the district, coordinates to
about a kilometre) from EVERY worker endpoint and page; the exact place once accepted. Each answer
is walked field by field, so a new field that leaks the place fails here."""
from __future__ import annotations

import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.services import booking, dispatch, lifecycle
from tests.workforce.builders import SHANGHAI, enter

# World.book() puts the visit at SHANGHAI (31.2304, 121.4737), "1 People's Square, Room 1201".
EXACT = re.compile(r"31\.23\d|121\.47\d|Room 1201|People(&#x27;|')s Square")


def leaves(value, path="") -> Iterator[tuple[str, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def exact_places_in(body) -> list[str]:
    """Every field of a JSON answer that gives the place away: a coordinate near the visit with more
    than two decimals, or a text with the address or such a coordinate in it."""
    found = []
    for path, value in leaves(body):
        if isinstance(value, float) and (abs(value - SHANGHAI.latitude) < 0.1 or abs(value - SHANGHAI.longitude) < 0.1):
            if round(value, 2) != value:
                found.append(f"{path}={value}")
        elif isinstance(value, str) and EXACT.search(value):
            found.append(f"{path}={value!r}")
    return found


@pytest.fixture
def offered(world, client_for):
    """A paid order offered to a worker (assigned, not accepted), and that worker's clients."""
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(workers=(world.worker1.pk,)))
    user = order.worker.staff_member.user
    pages = Client(HTTP_HOST="localhost")
    pages.force_login(user)
    return order, user, client_for(None, user), client_for(world.company, user), pages


def worker_answers(world, order, platform, company_site, pages) -> dict[str, object]:
    """Every worker endpoint and page that shows this task (JSON bodies and page texts)."""
    base = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"
    day = order.starts_at.date().isoformat()
    answers = {
        "GET /api/v1/worker/tasks/": platform.get("/api/v1/worker/tasks/"),
        f"GET {base}": platform.get(base),
        "GET /api/v1/notifications/": platform.get("/api/v1/notifications/"),
        "GET /api/v1/worker/companies/": platform.get("/api/v1/worker/companies/"),
        "GET /api/v1/workers/me/schedule/": company_site.get("/api/v1/workers/me/schedule/",
                                                             {"start": day, "end": day}),
        "page /worker/": pages.get("/worker/"),
        "page /worker/tasks/": pages.get("/worker/tasks/"),
        "page /worker/day/": pages.get("/worker/day/", {"day": order.starts_at.astimezone(
            ZoneInfo(world.company.time_zone)).date().isoformat()}),
        "page task": pages.get(f"/worker/tasks/{world.company.pk}/{order.pk}/"),
        "page /worker/notifications/": pages.get("/worker/notifications/"),
    }
    for name, response in answers.items():
        assert response.status_code == 200, (name, response.status_code)
    return {name: (r.json() if r["Content-Type"].startswith("application/json") else r.content.decode())
            for name, r in answers.items()}


def leaks(answers: dict[str, object]) -> dict[str, list[str]]:
    out = {}
    for name, body in answers.items():
        found = EXACT.findall(body) if isinstance(body, str) else exact_places_in(body)
        if found:
            out[name] = found
    return out


def test_before_accepting_no_worker_endpoint_or_page_gives_the_place_away(world, offered):
    order, _user, platform, company_site, pages = offered

    answers = worker_answers(world, order, platform, company_site, pages)

    assert leaks(answers) == {}
    task = answers[f"GET /api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"]
    assert task["address"] == {"line": None, "district": "Huangpu", "latitude": 31.23, "longitude": 121.47,
                               "is_approximate": True, "point_is_approximate": False}
    schedule = answers["GET /api/v1/workers/me/schedule/"]
    assert [a["location"] for a in schedule["assignments"]] == [
        {"latitude": 31.23, "longitude": 121.47, "is_approximate": True}]
    assert "Huangpu" in answers["page task"]


def test_once_accepted_the_task_gives_the_exact_place(world, offered):
    order, user, platform, _company_site, pages = offered
    base = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"

    accepted = platform.post(base + "accept/").json()

    assert accepted["address"]["line"] == "1 People's Square, Room 1201"
    assert (accepted["address"]["latitude"], accepted["address"]["longitude"]) == (SHANGHAI.latitude,
                                                                                   SHANGHAI.longitude)
    assert "Room 1201" in pages.get(f"/worker/tasks/{world.company.pk}/{order.pk}/").content.decode()
    # the walk finds them now (so its silence before acceptance means something)
    assert {"address.line", "address.latitude", "address.longitude"} <= {
        found.split("=")[0].lstrip(".") for found in exact_places_in(accepted)}


def test_a_task_accepted_by_another_worker_and_given_to_a_new_one_is_approximate_again(world, offered, client_for):
    # given: the first worker accepted (the exact place was theirs to see)
    order, first_user, _platform, _site, _pages = offered
    lifecycle.accept_task(actor=first_user, worker=order.worker, order=order)
    enter(world.company)

    # when: the office gives the task to the second worker, who has not accepted it
    order = dispatch.assign_worker(actor=world.people.owner_a, order=order, worker_id=world.worker2.pk, reason="ill")
    second = world.worker2.staff_member.user
    pages = Client(HTTP_HOST="localhost")
    pages.force_login(second)
    answers = worker_answers(world, order, client_for(None, second), client_for(world.company, second), pages)

    # then: nothing exact for them
    assert leaks(answers) == {}
    task = answers[f"GET /api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"]
    assert task["address"]["is_approximate"] is True


def test_the_answers_to_a_workers_actions_before_accepting_are_approximate_too(world, offered):
    order, _user, platform, _company_site, _pages = offered
    base = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"

    moved = platform.post(base + "reschedule/", {"start": world.start(14).isoformat(), "reason": "Earlier job"},
                          format="json")
    declined = platform.post(base + "decline/", {"reason": "Too far"}, format="json")

    assert moved.status_code == 200, moved.content
    assert moved.json()["reschedule_requests"] and exact_places_in(moved.json()) == []
    assert declined.status_code == 200 and exact_places_in(declined.json()) == []
