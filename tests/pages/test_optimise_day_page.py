"""The dispatch board's "Optimise tomorrow" without a browser: the button is on the board, the plan
is shown before anything changes, Apply gives the jobs; only dispatchers (tests/orders/test_optimise_day.py
has the planning and the all-or-nothing rules)."""
from __future__ import annotations

import html

from tenant_apps.orders.models import Order
from tests.pages.test_dispatch_board import board  # noqa: F401 (a fixture)


def test_the_board_shows_the_plan_before_applying_it(board, people, page_client):  # noqa: F811
    client = page_client(board.world.company, people.dispatcher_a)
    assert "Optimise tomorrow" in client.get(f"/office/dispatch/?day={board.day}").content.decode()

    preview = client.post("/office/dispatch/optimise/", {"day": board.day, "preset": "chosen"})
    page = preview.content.decode()
    assert preview.status_code == 200 and f'id="move-{board.waiting.pk}"' in page and "Three" in page
    assert Order.objects.get(pk=board.waiting.pk).worker_id is None
    plan = page[page.index('name="plan"'):]
    value = plan[plan.index('value="') + 7:plan.index('"', plan.index('value="') + 7)]
    applied = client.post("/office/dispatch/optimise/apply/", {"plan": html.unescape(value)}, follow=True)
    assert "The plan is applied" in applied.content.decode()
    assert Order.objects.get(pk=board.waiting.pk).worker_id == board.free.pk

    worker = page_client(board.world.company, people.worker_a)  # not office staff: no planning, no applying
    assert worker.post("/office/dispatch/optimise/", {"day": board.day}).status_code == 403
    assert worker.post("/office/dispatch/optimise/apply/", {"plan": "{}"}).status_code == 403
