"""The worker's Income page (platform host) and the office's withdrawal queue and earnings settings."""
from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.earnings.models import Withdrawal, WithdrawalStatus
from tenant_apps.ledger.selectors import worker_balance
from tests.earnings.conftest import complete
from tests.earnings.support import make_available


@pytest.fixture
def page(db):
    def make(company=None, user=None) -> Client:
        client = Client(HTTP_HOST="localhost" if company is None else f"{company.slug}.localhost",
                        HTTP_ACCEPT_LANGUAGE="zh-hans")
        if user is not None:
            client.force_login(user)
        return client

    return make


def test_the_worker_sees_the_earning_of_a_completed_order_pending(world, page):
    order = complete(world)
    user = order.worker.staff_member.user
    from tenant_apps.earnings.models import Earning

    share = Earning.objects.get(order_id=order.pk).share

    response = page(None, user).get("/worker/income/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "收入" in html and world.company.name in html
    assert f"¥{share / 100:,.2f}" in html


def test_a_withdrawal_from_the_page_and_its_review_in_the_office(people, page, in_schema):
    with in_schema(people.company_a.schema_name):
        make_available(people.worker_a, 8000)
    worker = page(None, people.worker_a)
    prefix = f"c{people.company_a.pk}"

    too_small = worker.post(f"/worker/income/{people.company_a.pk}/withdraw/", {
        f"{prefix}-amount": "1", f"{prefix}-method": "bank_card", f"{prefix}-payee_name": "Wang Wu",
        f"{prefix}-account": "6222021234567890123"})
    asked = worker.post(f"/worker/income/{people.company_a.pk}/withdraw/", {
        f"{prefix}-amount": "50.00", f"{prefix}-method": "bank_card", f"{prefix}-payee_name": "Wang Wu",
        f"{prefix}-account": "6222021234567890123"})

    assert too_small.status_code == 400 and "最低提现" in too_small.content.decode()
    assert asked.status_code == 302
    income = worker.get("/worker/income/").content.decode()
    assert "**** **** **** 0123" in income and "6222021234567890123" not in income

    office = page(people.company_a, people.owner_a)
    queue = office.get("/office/withdrawals/").content.decode()
    with in_schema(people.company_a.schema_name):
        withdrawal = Withdrawal.objects.get(worker=people.worker_a)
    assert f'data-withdrawal="{withdrawal.pk}"' in queue and "0123" in queue and "6222021234567890123" not in queue
    empty_reason = office.post(f"/office/withdrawals/{withdrawal.pk}/reject/", {f"w{withdrawal.pk}-reason": ""})
    assert empty_reason.status_code == 400
    assert office.post(f"/office/withdrawals/{withdrawal.pk}/approve/").status_code == 302
    with in_schema(people.company_a.schema_name):
        withdrawal.refresh_from_db()
        assert withdrawal.status == WithdrawalStatus.IN_TRANSIT and withdrawal.reviewed_by == people.owner_a
        assert worker_balance(worker=people.worker_a).in_transit == 5000


def test_a_dispatcher_cannot_open_the_queue_and_another_company_sees_only_its_own(people, page, in_schema):
    with in_schema(people.company_a.schema_name):
        make_available(people.worker_a, 8000)
        from tenant_apps.earnings.services.withdrawals import request_withdrawal

        withdrawal = request_withdrawal(actor=people.worker_a, amount=5000, method="alipay", payee_name="Wang Wu",
                                        account="wang@example.com")

    assert page(people.company_a, people.dispatcher_a).get("/office/withdrawals/").status_code == 403
    other = page(people.company_b, people.owner_b)
    assert f'data-withdrawal="{withdrawal.pk}"' not in other.get("/office/withdrawals/").content.decode()
    assert other.post(f"/office/withdrawals/{withdrawal.pk}/approve/").status_code == 404


def test_the_office_sets_the_default_share_and_a_rule(people, page, world, in_schema):
    office = page(people.company_a, people.owner_a)

    saved = office.post("/office/earnings/", {"s-share_kind": "percent", "s-share_percent": "65", "s-share_fixed": "",
                                              "s-settlement_days": "3", "s-withdrawal_minimum": "20",
                                              "s-withdrawal_daily_limit": "3000"})
    rule = office.post("/office/earnings/rules/", {"r-service": str(world.service.pk), "r-worker_level": "",
                                                   "r-share_kind": "fixed", "r-share_fixed": "88.00"})
    bad = office.post("/office/earnings/", {"s-share_kind": "percent", "s-share_percent": "65",
                                            "s-settlement_days": "3", "s-withdrawal_minimum": "50",
                                            "s-withdrawal_daily_limit": "20"})

    assert saved.status_code == 302 and rule.status_code == 302 and bad.status_code == 400
    with in_schema(people.company_a.schema_name):
        from tenant_apps.earnings.selectors import earning_settings, share_for

        assert earning_settings().withdrawal_minimum == 2000 and earning_settings().settlement_days == 3
        assert share_for(service_id=world.service.pk, worker_level=1, total=20000) == 8800
        assert share_for(service_id=None, worker_level=1, total=20000) == 13000
    assert "¥88.00" in office.get("/office/earnings/").content.decode()
