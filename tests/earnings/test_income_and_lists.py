"""The worker's income by day and by company, and the pinned query counts of the withdrawal lists."""
from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.earnings.models import Earning
from tenant_apps.earnings.selectors import worker_income
from tests.earnings.conftest import complete
from tests.earnings.support import make_available


def test_income_by_day_counts_the_earning_on_the_completion_day_in_the_company_zone(world):
    order = complete(world)
    user = order.worker.staff_member.user
    share = Earning.objects.get(order_id=order.pk).share

    income = worker_income(worker=user, time_zone=world.company.time_zone, days=30)

    assert income.completed_orders == 1 and income.earned == share
    # postings are stamped when booked (now), so today in the company's zone holds the earning
    from django.utils import timezone

    [today] = income.days
    assert today.day == timezone.now().astimezone(ZoneInfo(world.company.time_zone)).date()
    assert (today.earned, today.settled, today.withdrawn) == (share, 0, 0)


def test_another_company_shows_nothing_of_this_income(world, people, in_schema):
    order = complete(world)
    user = order.worker.staff_member.user

    with in_schema(people.company_b.schema_name):
        income = worker_income(worker=user, time_zone="Asia/Shanghai")

    assert (income.completed_orders, income.earned, income.days) == (0, 0, [])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_withdrawal_lists_cost_the_same_for_one_and_for_ten(people, client_for, in_schema):
    with in_schema(people.company_a.schema_name):
        make_available(people.worker_a, 100000)
    worker = client_for(None, people.worker_a)
    office = client_for(people.company_a, people.owner_a)
    ask_url = f"/api/v1/worker/companies/{people.company_a.pk}/withdrawals/"

    def ask():
        body = {"amount": 1000, "method": "wechat", "payee_name": "Li", "account": "o6_bmjrPT"}
        response = worker.post(ask_url, body, format="json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
        assert response.status_code == 201

    def counts():
        return (_count(office, "/api/v1/office/withdrawals/"), _count(worker, ask_url),
                _count(worker, "/api/v1/worker/income/"))

    ask()
    counts()  # warm: the host lookup and the signed-in caller are cached after the first request
    one = counts()
    for _ in range(9):
        ask()
    ten = counts()

    assert len(office.get("/api/v1/office/withdrawals/").json()) == 10
    assert one == ten
