"""Earnings in the browser, on a phone, in Chinese: the worker sees the earning of a completed order
in the Income page, asks for a withdrawal once it is settled; finance approves it in the office; the
real Celery worker settles the sandbox transfer and POSTs its signed notification to the company's
host (gunicorn); the worker then sees it paid out. A company of the test's own (its schema, ledger
included, is dropped with the package's clean-up)."""
import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.companies import company_with_a_finished_visit
from tests.e2e.conftest import forget_notifications
from tests.processes import wait_for
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e


def sign_in(page, url: str, identifier: str) -> None:
    page.goto(url)
    page.locator("input[name=identifier]").fill(identifier)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=identifier]) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/login/" not in page.url


@pytest.fixture
def completed(world):
    """A company of its own, its worker and one order of customer_a done (completed through the services)."""
    from tests.payment_providers.receiver import remove_sandbox_merchant

    made = company_with_a_finished_visit(world, name="Earn Cleaning", slug="earn", owner_name="Eve Owner")
    company, owner_phone, worker_phone, order = made.company, made.owner_phone, made.worker_phone, made.order
    yield company, owner_phone, worker_phone, order
    remove_sandbox_merchant(f"sandbox-{company.pk}")
    forget_notifications(company)


def yuan(fen: int) -> str:
    return f"¥{fen / 100:,.2f}"


def test_the_worker_sees_the_earning_withdraws_it_and_finance_approves(live, new_page, completed):
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.earnings.models import Earning, Withdrawal, WithdrawalStatus
    from tenant_apps.earnings.services.earning import settle_due_earnings

    company, owner_phone, worker_phone, order = completed
    with schema_context(company.schema_name):
        share = Earning.objects.get(order_id=order.pk).share
    assert share > 1000

    # given: the worker, on a phone in Chinese, sees the completed order's earning pending
    worker = new_page(locale="zh-CN")
    sign_in(worker, live.url(None, "/worker/login/?with=password"), worker_phone)
    worker.goto(live.url(None, "/worker/income/"))
    card = worker.locator(f"#income-{company.pk}")
    expect(worker.get_by_role("heading", name="收入")).to_be_visible()
    expect(card.locator("[data-figure=pending]")).to_have_text(yuan(share))
    expect(card.locator("[data-figure=completed]")).to_contain_text("1")
    assert worker.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    # when: settlement has run (beat, N days later) and the worker asks for 10 yuan to a bank card
    with schema_context(company.schema_name):
        settle_due_earnings(actor=SYSTEM, now=order.ends_at + __import__("datetime").timedelta(days=7))
    worker.reload()
    expect(card.locator("[data-figure=available]")).to_have_text(yuan(share))
    card.locator("summary", has_text="提现").last.click()
    card.get_by_label("金额（元）").fill("10.00")
    card.get_by_label("提现到").select_option("bank_card")
    card.get_by_label("收款人真实姓名").fill("吴工")
    card.get_by_label("卡号或账号").fill("6222 0212 3456 7890 123")
    card.get_by_role("button", name="申请提现").click()
    expect(worker.get_by_text("已提交提现申请")).to_be_visible()
    expect(card.locator("[data-figure=in_transit]")).to_have_text(yuan(1000))
    expect(card.locator("[data-withdrawal]")).to_contain_text("**** **** **** 0123")
    expect(card.locator("[data-withdrawal]")).to_contain_text("待审核")

    # then: finance (the owner) approves it in the office
    office = new_page(locale="zh-CN")
    sign_in(office, live.url(company.slug, "/office/login/?with=password"), owner_phone)
    office.goto(live.url(company.slug, "/office/withdrawals/"))
    request = office.locator("#withdrawal-queue [data-withdrawal]")
    expect(request).to_contain_text("0123")
    request.get_by_role("button", name="批准并转账").click()
    expect(office.get_by_text("已批准：正在转账。")).to_be_visible()

    # and the real Celery worker delivers the sandbox's signed transfer notification
    def paid():
        with schema_context(company.schema_name):
            return Withdrawal.objects.filter(status=WithdrawalStatus.PAID).exists()

    wait_for(paid, timeout=40, message="the transfer notification to mark the withdrawal paid")
    worker.reload()
    expect(card.locator("[data-figure=withdrawn]")).to_have_text(yuan(1000))
    expect(card.locator("[data-figure=in_transit]")).to_have_text(yuan(0))
    expect(card.locator("[data-withdrawal]")).to_contain_text("已到账")
    # the company's card stacks its figures and lists: nothing runs past a phone's width
    assert worker.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(worker.locator("body")).not_to_contain_text(re.compile(r"6222\s?0212"))


def _api_post(live, company, user, path: str, body: dict) -> tuple[int, dict]:
    """POST to the running server as `user` (token), with the company's Host and an Idempotency-Key."""
    import json
    import urllib.error
    import urllib.request
    import uuid

    from shared_apps.accounts.services import api_token_for

    request = urllib.request.Request(
        f"http://127.0.0.1:{live.port}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Host": f"{company.slug}.localhost", "Content-Type": "application/json",
                 "Authorization": f"Token {api_token_for(user)}", "Idempotency-Key": uuid.uuid4().hex})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the test's own server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_transfer_the_provider_fails_returns_the_money_through_the_real_worker(live, completed):
    from datetime import timedelta

    from shared_apps.accounts.models import User
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.earnings.models import Earning, Withdrawal, WithdrawalStatus
    from tenant_apps.earnings.services.earning import settle_due_earnings
    from tenant_apps.earnings.services.withdrawals import request_withdrawal
    from tenant_apps.ledger.selectors import ledger_total, worker_balance

    company, owner_phone, worker_phone, order = completed
    worker = User.objects.get(phone=worker_phone)
    with schema_context(company.schema_name):
        share = Earning.objects.get(order_id=order.pk).share
        settle_due_earnings(actor=SYSTEM, now=order.ends_at + timedelta(days=7))
        withdrawal = request_withdrawal(actor=worker, amount=1000, method="alipay", payee_name="Wu",
                                        account="13800138000")

    status, body = _api_post(live, company, User.objects.get(phone=owner_phone),
                             f"/api/v1/office/withdrawals/{withdrawal.pk}/approve/", {"note": "[sandbox:fail]"})
    assert status == 200 and body["status"] == "in_transit", body

    def failed():
        with schema_context(company.schema_name):
            return Withdrawal.objects.filter(pk=withdrawal.pk, status=WithdrawalStatus.FAILED).exists()

    wait_for(failed, timeout=40, message="the failed transfer's notification")
    with schema_context(company.schema_name):
        balance = worker_balance(worker=worker)
        assert (balance.available, balance.in_transit, balance.withdrawn) == (share, 0, 0)
        assert ledger_total() == 0
