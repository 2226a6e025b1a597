"""Optimise tomorrow in a browser (issue 16 point 5): the dispatcher opens the board, presses
"Optimise tomorrow", sees the plan (the job that moves, to whom, the travel), applies it, and the
board shows the job in the worker's row.

Tomorrow is reached as the product reaches it: Lei is busy 10:00-13:00, the 11:00 order was offered
to Mo, who declined it, so it waits; Cy joined later and is free."""
from __future__ import annotations

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.test_dispatch_board import DESK, _worker_of
from tests.e2e.test_order_surfaces import _book, shop, sign_in  # noqa: F401 (shop is a fixture)

pytestmark = pytest.mark.e2e


@pytest.fixture
def tomorrow(shop):  # noqa: F811
    from tenant_apps.orders.models import OrderStatus
    from tenant_apps.orders.services import lifecycle
    from tests.workforce.builders import company_day, make_worker

    lei, mo = shop.workers
    _book(shop, hour=10, days=1, workers=(lei.pk,))
    offered = _book(shop, hour=11, days=1, workers=(mo.pk,))
    with schema_context(shop.schema_name):
        order = lifecycle.decline_task(actor=mo.staff_member.user, worker=mo, order=offered, reason="Too far")
        assert order.status == OrderStatus.PENDING_DISPATCH
        cy = make_worker(shop.owner, shop, skills=("e2e",), name="Cy Worker")
    shop.waiting, shop.cy, shop.day = order, cy, company_day(shop, 1).isoformat()
    return shop


def test_the_dispatcher_optimises_tomorrow_sees_the_plan_and_applies_it(live, browser, tomorrow, tmp_path):
    context = browser.new_context(viewport=DESK)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live.url(tomorrow.slug, f"/office/dispatch/?day={tomorrow.day}"))
    sign_in(page, tomorrow.owner_phone)
    expect(page.get_by_role("heading", name="Dispatch board")).to_be_visible()
    expect(page.locator("#pending").locator(f"#job-{tomorrow.waiting.pk}")).to_be_visible()

    page.get_by_role("button", name="Optimise tomorrow").click()

    expect(page.get_by_role("heading", name="Jobs that move")).to_be_visible()
    move = page.locator(f"#move-{tomorrow.waiting.pk}")
    expect(move).to_contain_text("Cy Worker")
    expect(move).to_contain_text("waiting")
    expect(move).to_contain_text("11:00")  # the booked time is kept
    expect(page.locator("#plan-travel")).to_contain_text("min")
    expect(page.locator("#plan-travel-now")).to_contain_text("min")
    assert _worker_of(tomorrow, tomorrow.waiting.pk) is None  # nothing changed yet
    page.screenshot(path=str(tmp_path / "optimise-preview.png"), full_page=True)

    page.get_by_role("button", name="Apply").click()

    expect(page.get_by_text("The plan is applied")).to_be_visible()
    expect(page.locator(f"#worker-{tomorrow.cy.pk}").locator(f"#job-{tomorrow.waiting.pk}")).to_be_visible()
    assert _worker_of(tomorrow, tomorrow.waiting.pk) == tomorrow.cy.pk
    context.close()
