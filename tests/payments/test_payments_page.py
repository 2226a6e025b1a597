"""The office's Payments page: the settings form saves, and refusals show beside their fields."""
from __future__ import annotations

import html

from django_tenants.utils import schema_context

from tenant_apps.payments.selectors import payment_settings_state
from tests.payments.test_payment_settings import page_client

URL = "/office/payments/"


def form(**changes) -> dict:
    data = {"environment": "sandbox", "deposit_policy": "none", "deposit_percent": "",
            "wechat_pay_account": "own", "wechat_pay_sub_merchant_id": "", "alipay_account": "own",
            "alipay_sub_merchant_id": "", "unionpay_account": "own", "unionpay_sub_merchant_id": ""}
    data.update(changes)
    return data


def test_finance_saves_a_deposit_and_the_methods_accepted(people, finance_a):
    response = page_client(people.company_a, finance_a).post(URL, form(
        deposit_policy="percent", deposit_percent="30", wechat_pay_enabled="on", on_site_enabled="on"), follow=True)

    assert "Payment settings saved." in response.content.decode()
    with schema_context(people.company_a.schema_name):
        state = payment_settings_state()
    assert (state.deposit_policy, state.deposit_percent) == ("percent", 30)
    assert [m.method for m in state.methods if m.is_enabled] == ["wechat_pay", "on_site"]


def test_a_deposit_out_of_range_is_shown_beside_its_field(people, finance_a):
    response = page_client(people.company_a, finance_a).post(URL, form(deposit_policy="percent",
                                                                       deposit_percent="150"))

    page = html.unescape(response.content.decode())
    assert 'id="deposit_percent-errors"' in page and "A deposit is a whole percentage from 1 to 99." in page
    with schema_context(people.company_a.schema_name):
        assert payment_settings_state().deposit_policy == "none"


def test_going_live_without_an_account_is_shown_beside_the_method(people):
    response = page_client(people.company_a, people.owner_a).post(URL, form(environment="live",
                                                                            wechat_pay_enabled="on"))

    page = html.unescape(response.content.decode())
    assert 'id="wechat_pay_enabled-errors"' in page
    assert "Enter these WeChat Pay credentials before taking live payments" in page
    with schema_context(people.company_a.schema_name):
        assert payment_settings_state().use_sandbox is True


def test_a_wrong_sub_merchant_id_is_shown_beside_its_field(people):
    response = page_client(people.company_a, people.owner_a).post(URL, form(
        wechat_pay_enabled="on", wechat_pay_account="partner", wechat_pay_sub_merchant_id="12ab"))

    page = html.unescape(response.content.decode())
    assert 'id="wechat_pay_sub_merchant_id-errors"' in page and "8 to 12 digits" in page
