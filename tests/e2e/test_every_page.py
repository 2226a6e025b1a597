"""Every main page of every surface, on a phone (390x844), in English and in Chinese: no console
error (htmx's included), nothing wider than the screen, a favicon, no word broken letter by letter,
one time format; calendar days nobody can book stay readable; the landing page tells the truth."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e

LOCALES = ["en-US", "zh-CN"]
# The contrast of a text colour on its background, as WCAG defines it (the nearest opaque background).
CONTRAST_JS = """el => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b]
    .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = el, background = [255, 255, 255];
  while (node) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) { background = c; break; }
    node = node.parentElement;
  }
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


class PageChecker:
    """Opens pages in one browser tab and collects what a person on a phone would notice."""

    def __init__(self, page, locale: str):
        self.page, self.locale = page, locale
        self.problems: list[str] = []
        self.console: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
                else None)
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def sign_in(self, url: str, identifier: str) -> None:
        self.page.goto(url)
        self.page.locator("input[name=identifier]").fill(identifier)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.page.locator("form:has(input[name=identifier]) button[type=submit]").click()
        self.page.wait_for_load_state("networkidle")
        assert "/login/" not in self.page.url, f"could not sign in {identifier} at {url}"

    def check(self, url: str) -> None:
        self.console.clear()
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        self.page.wait_for_load_state("networkidle")
        self.inspect(url)

    def inspect(self, url: str) -> None:
        page = self.page
        where = f"{url} [{self.locale}]"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            self.problems.append(f"{where}: {overflow} px wider than the phone")
        icons = page.evaluate("[...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        if not icons:
            self.problems.append(f"{where}: no favicon")
        elif page.evaluate("async url => (await fetch(url)).status", icons[0]) != 200:
            self.problems.append(f"{where}: favicon {icons[0]} does not load")
        broken = page.evaluate("[...document.querySelectorAll('body *')]"
                               ".filter(e => getComputedStyle(e).wordBreak === 'break-all').length")
        if broken:
            self.problems.append(f"{where}: {broken} elements break words letter by letter")
        text = page.locator("body").inner_text()
        if re.search(r"\d\s?[ap]\.m\.", text):
            self.problems.append(f"{where}: a 12-hour time next to 24-hour ones")
        self.problems.extend(f"{where}: {line}" for line in self.console)
        self.console.clear()


@pytest.fixture
def checker(new_page):
    def make(locale: str) -> PageChecker:
        return PageChecker(new_page(locale=locale), locale)

    return make


def links(page, selector: str, pattern: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    return list(dict.fromkeys(h for h in hrefs if re.search(pattern, h)))


@pytest.mark.parametrize("locale", LOCALES)
def test_platform_and_storefront_pages(live, checker, locale):
    c = checker(locale)
    for path in ("/", "/worker/login/", "/console/login/"):
        c.check(live.url(None, path))
    c.check(live.url("alpha", "/"))
    categories = links(c.page, "a[href*='/categories/']", r"/categories/\d+/$")
    services = links(c.page, "a[href*='/services/']", r"/services/\d+/$")
    assert categories and services
    c.check(categories[0])
    c.check(live.url("alpha", "/login/"))
    c.sign_in(live.url("alpha", "/login/?with=password"), People.PHONES["customer_a"])
    for path in ("/orders/", "/account/", "/notifications/"):
        c.check(live.url("alpha", path))
    for url in services:
        c.check(url)
        expect(c.page.locator("#calendar table.month")).to_be_visible()
        # every option once: the quote and the calendar follow (htmx), without a console error
        options = c.page.locator("input[name=variant]")
        for index in range(options.count()):
            options.nth(index).check()
            c.page.wait_for_load_state("networkidle")
        c.inspect(url + " (options)")
    assert c.problems == [], "\n".join(c.problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_office_pages(live, checker, locale):
    c = checker(locale)
    c.sign_in(live.url("alpha", "/office/login/?with=password"), People.PHONES["owner_a"])
    for path in ("/office/", "/office/orders/", "/office/catalog/", "/office/catalog/surcharges/",
                 "/office/catalog/zones/", "/office/catalog/holidays/", "/office/catalog/services/new/",
                 "/office/workers/", "/office/roster/", "/office/time-off/", "/office/staff/", "/office/brand/",
                 "/office/payments/", "/office/earnings/", "/office/withdrawals/", "/office/dispatch/",
                 "/office/dispatch/?view=week", "/office/finance/payments/", "/office/finance/refunds/",
                 "/office/finance/payouts/", "/office/finance/balances/", "/office/finance/reconciliation/",
                 "/office/finance/webhooks/", "/office/reviews/", "/office/quality/",
                 "/office/cases/"):
        c.check(live.url("alpha", path))
    c.page.goto(live.url("alpha", "/office/catalog/"))
    for url in links(c.page, "a[href*='/office/catalog/services/']", r"/services/\d+/$")[:2]:
        c.check(url)
    c.page.goto(live.url("alpha", "/office/workers/"))
    for url in links(c.page, "a[href*='/office/workers/']", r"/workers/\d+/$")[:1]:
        c.check(url)
        c.check(url + "schedule/")
    assert c.problems == [], "\n".join(c.problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_worker_app_and_console_pages(live, checker, locale):
    c = checker(locale)
    c.sign_in(live.url(None, "/worker/login/?with=password"), People.PHONES["shared_worker"])
    for path in ("/worker/", "/worker/day/", "/worker/tasks/", "/worker/notifications/", "/worker/profile/",
                 "/worker/income/", "/worker/score/", "/worker/problems/",
                 "/worker/credentials/", "/worker/exams/", "/worker/courses/"):
        c.check(live.url(None, path))
    console = checker(locale)
    console.sign_in(live.url(None, "/console/login/?with=password"), "ops@doorstep.example")
    for path in ("/console/", "/console/users/", "/console/escalations/", "/console/credentials/",
                 "/console/background-checks/", "/console/quality/",
                 "/console/exams/", "/console/courses/"):
        console.check(live.url(None, path))
    assert c.problems + console.problems == []


def test_calendar_days_nobody_can_book_are_readable(live, page):
    page.goto(live.url("alpha", "/"))
    page.locator("a[href*='/services/']").first.click()
    closed = page.locator("#calendar table.month .day.none")
    expect(closed.first).to_be_visible()

    ratios = [closed.nth(i).evaluate(CONTRAST_JS) for i in range(closed.count())]

    assert min(ratios) >= 4.5, f"contrast {min(ratios):.2f}:1"


def test_the_landing_page_names_every_vertical_and_calls_nothing_coming_soon(live, page):
    from tenant_apps.catalog.starter_data import STARTERS
    from tenants.models import Vertical

    page.goto(live.url(None, "/"))
    text = page.locator("main").inner_text()

    assert "soon" not in text.lower()
    verticals = page.locator("#verticals")
    for value, label in Vertical.choices:
        assert value in STARTERS  # a vertical the sign-up form offers has a starter catalog
        expect(verticals).to_contain_text(str(label))
    expect(verticals).to_contain_text("nannies and maternity nurses")


def test_chinese_pages_speak_chinese(live, new_page, world):
    page = new_page(locale="zh-CN")
    english = new_page(locale="en-US")
    english.goto(live.url("alpha", "/"))  # the English page first: its cached menu must not leak
    expect(english.locator(".service-card").first).to_contain_text("From ¥")

    page.goto(live.url("alpha", "/"))
    card = page.locator(".service-card").first
    expect(card).to_contain_text("起")
    expect(card).not_to_contain_text("From")

