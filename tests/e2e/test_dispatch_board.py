"""The dispatch board in a browser (issue 16 point 1): at desk size a dispatcher drags an order that
waits for a worker onto a busy worker (refused, with the reason on the board, the order stays where
it was) and onto a free one (given); on a phone they tap the order, then the worker. And a worker's
day at phone size: the jobs in order with the links that open navigation.

The waiting order is reached as the product reaches it: paid, offered to the only free worker, who
declines while the other is busy."""
from __future__ import annotations

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.test_order_surfaces import _book, shop, sign_in  # noqa: F401 (shop is a fixture)
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def waiting(shop):  # noqa: F811
    """Lei is busy 10:00-13:00; an order at 11:00 waits for a worker (Mo declined it); Cy joined later."""
    from shared_apps.accounts.models import User
    from tenant_apps.orders.models import OrderStatus
    from tenant_apps.orders.services import lifecycle
    from tests.e2e.conftest import unique_phone
    from tests.workforce.builders import company_day, make_worker

    lei, mo = shop.workers
    busy = _book(shop, hour=10, workers=(lei.pk,))
    offered = _book(shop, hour=11, workers=(mo.pk,))
    with schema_context(shop.schema_name):
        order = lifecycle.decline_task(actor=mo.staff_member.user, worker=mo, order=offered, reason="Too far")
        assert order.status == OrderStatus.PENDING_DISPATCH
        cy_phone = unique_phone()
        cy = make_worker(shop.owner, shop, skills=("e2e",), name="Cy Worker", phone=cy_phone)
    user = User.objects.get(phone=cy_phone)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    shop.busy, shop.waiting, shop.lei, shop.cy = busy, order, lei, cy
    shop.board_day = company_day(shop, 3).isoformat()
    return shop


def _board(browser_page, live, company):
    browser_page.goto(live.url(company.slug, f"/office/dispatch/?day={company.board_day}"))
    sign_in(browser_page, company.owner_phone)
    expect(browser_page.get_by_role("heading", name="Dispatch board")).to_be_visible()


def _worker_of(company, order_id):
    from tenant_apps.orders.models import Order

    with schema_context(company.schema_name):
        return Order.objects.get(pk=order_id).worker_id


def test_dragging_an_order_onto_a_busy_worker_is_refused_and_onto_a_free_one_assigns_it(live, browser, waiting,
                                                                                         tmp_path):
    context = browser.new_context(viewport=DESK)
    context.set_default_timeout(10_000)
    page = context.new_page()
    _board(page, live, waiting)
    job = page.locator(f"#job-{waiting.waiting.pk}")
    expect(page.locator("#pending").locator(f"#job-{waiting.waiting.pk}")).to_be_visible()

    # onto Lei, who is busy then: refused with the reason, and the order stays in the waiting list
    job.drag_to(page.locator(f"#worker-{waiting.lei.pk} .dispatch-track"))
    expect(page.locator("#dispatch-message")).to_contain_text("busy")
    expect(page.locator("#dispatch-message")).to_have_class("notice error")
    expect(page.locator("#pending").locator(f"#job-{waiting.waiting.pk}")).to_be_visible()
    assert _worker_of(waiting, waiting.waiting.pk) is None
    page.screenshot(path=str(tmp_path / "dispatch-refused.png"), full_page=True)

    # onto Cy, who is free: given, and the board shows it in Cy's row
    page.locator(f"#job-{waiting.waiting.pk}").drag_to(page.locator(f"#worker-{waiting.cy.pk} .dispatch-track"))
    expect(page.locator("#dispatch-message")).to_contain_text("Cy Worker")
    expect(page.locator(f"#worker-{waiting.cy.pk}").locator(f"#job-{waiting.waiting.pk}")).to_be_visible()
    assert _worker_of(waiting, waiting.waiting.pk) == waiting.cy.pk
    page.screenshot(path=str(tmp_path / "dispatch-assigned.png"), full_page=True)
    context.close()


def test_on_a_phone_tap_the_order_then_the_worker(live, new_page, waiting, tmp_path):
    page = new_page()  # 390x844
    _board(page, live, waiting)

    page.locator(f"#job-{waiting.waiting.pk}").click()
    expect(page.locator("#dispatch-choice")).to_be_visible()
    page.screenshot(path=str(tmp_path / "dispatch-phone.png"), full_page=True)
    page.locator(f"#worker-{waiting.cy.pk} .assign-here").click()

    expect(page.locator("#dispatch-message")).to_contain_text("Cy Worker")
    expect(page.locator(f"#worker-{waiting.cy.pk}").locator(f"#job-{waiting.waiting.pk}")).to_be_visible()
    assert _worker_of(waiting, waiting.waiting.pk) == waiting.cy.pk


def test_the_keyboard_can_assign_too(live, browser, waiting):
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    _board(page, live, waiting)

    page.locator(f"#job-{waiting.waiting.pk}").focus()
    page.keyboard.press("Enter")
    page.locator(f"#worker-{waiting.cy.pk} .assign-here").focus()
    page.keyboard.press("Enter")

    expect(page.locator(f"#worker-{waiting.cy.pk}").locator(f"#job-{waiting.waiting.pk}")).to_be_visible()
    context.close()


def test_a_workers_day_on_a_phone_lists_the_jobs_in_order_with_navigation(live, new_page, waiting, tmp_path):
    from tenant_apps.orders.services import lifecycle

    lei = waiting.lei
    with schema_context(waiting.schema_name):
        lifecycle.accept_task(actor=lei.staff_member.user, worker=lei, order=waiting.busy)
    later = _book(waiting, hour=15, workers=(lei.pk,))
    page = new_page()  # 390x844
    page.goto(live.url(None, f"/worker/day/?day={waiting.board_day}"))
    sign_in(page, waiting.worker_phones[0])

    stops = page.locator("#day-stops > li")
    expect(stops).to_have_count(2)
    expect(stops.nth(0)).to_have_attribute("data-order", str(waiting.busy.pk))
    expect(stops.nth(1)).to_have_attribute("data-order", str(later.pk))
    for app in ("AMap", "Baidu", "Apple", "Google"):
        expect(stops.nth(0).locator(f"a[data-app={app}]")).to_be_visible()
    expect(stops.nth(1).locator("a[data-app]")).to_have_count(0)  # not accepted yet: an area only
    expect(page.locator("#day-route")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.screenshot(path=str(tmp_path / "worker-day.png"), full_page=True)


def test_a_worker_sets_their_home_base_from_where_the_phone_is(live, browser, waiting):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844},
                                  geolocation={"latitude": 31.2405, "longitude": 121.4901},
                                  permissions=["geolocation"])
    try:
        page = context.new_page()
        page.goto(live.url(None, f"/worker/day/?day={waiting.board_day}"))
        sign_in(page, waiting.worker_phones[1])
        form = page.locator("form.home-form").first
        form.get_by_role("button", name="Use where I am now").click()
        expect(page.get_by_text("Your home base is saved.")).to_be_visible()
        expect(page.locator("form.home-form").first).to_contain_text("Set where you were when you saved it.")
    finally:
        context.close()
    with schema_context(waiting.schema_name):
        from tenant_apps.workforce.models import WorkerProfile

        mo = WorkerProfile.objects.get(pk=waiting.workers[1].pk)
        assert (round(float(mo.home_latitude), 4), round(float(mo.home_longitude), 4)) == (31.2405, 121.4901)
