"""The pages speak the visitor's language: Accept-Language first, then their explicit choice."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_a_chinese_browser_gets_the_storefront_in_chinese(live, new_page):
    page = new_page(locale="zh-CN")
    page.goto(live.url("alpha", "/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("link", name="登录预约")).to_be_visible()
    expect(page.get_by_role("heading", name="我们的服务")).to_be_visible()


def test_the_language_switcher_changes_the_language(live, page):
    page.goto(live.url("bravo", "/login/"))
    expect(page.get_by_role("heading", name="Sign in to Bravo Repairs")).to_be_visible()
    page.get_by_label("Language").select_option("zh-hans")
    expect(page.get_by_role("heading", name="登录 Bravo Repairs")).to_be_visible()
    expect(page).to_have_url(live.url("bravo", "/login/"))
