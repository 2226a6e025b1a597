"""Withdrawals through the API: the worker asks (limits, balance), finance reviews (approve ->
sandbox transfer -> signed notification -> paid; reject or failure -> money back), roles and
companies scoped."""
from __future__ import annotations

import uuid

import pytest

from tenant_apps.earnings.models import Withdrawal, WithdrawalStatus
from tenant_apps.earnings.services.earning import update_earning_settings
from tenant_apps.ledger.selectors import ledger_total, worker_balance
from tests.earnings.support import deliver_transfer_notification, make_available

CARD = "6222 0212 3456 7890 123"


def key() -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex}


@pytest.fixture
def setup(people, client_for, in_schema):
    class Setup:
        worker = people.worker_a
        owner = people.owner_a
        company = people.company_a
        worker_api = client_for(None, people.worker_a)
        office = client_for(people.company_a, people.owner_a)

        def ask(self, amount, **extra):
            body = {"amount": amount, "method": "bank_card", "payee_name": "Wang Wu", "account": CARD, **extra}
            return self.worker_api.post(f"/api/v1/worker/companies/{self.company.pk}/withdrawals/", body,
                                        format="json", **key())

        def balance(self):
            with in_schema(self.company.schema_name):
                return worker_balance(worker=self.worker)

    with in_schema(people.company_a.schema_name):
        make_available(people.worker_a, 20000)
        update_earning_settings(actor=people.owner_a, share_kind="percent", share_percent=70, share_fixed=0,
                                settlement_days=7, withdrawal_minimum=1000, withdrawal_daily_limit=15000)
    return Setup()


def test_a_request_moves_the_money_in_transit_and_shows_the_account_masked(setup):
    response = setup.ask(5000)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "requested" and body["account"] == "**** **** **** 0123"
    assert "6222" not in response.content.decode()
    balance = setup.balance()
    assert (balance.available, balance.in_transit) == (15000, 5000)


def test_below_the_minimum_is_a_400_on_the_amount(setup):
    response = setup.ask(999)

    assert response.status_code == 400
    assert response.json()["code"] == "withdrawal_below_minimum" and response.json()["fields"]["amount"]
    assert setup.balance().available == 20000


def test_past_the_daily_limit_is_a_409_saying_what_is_left(setup):
    assert setup.ask(10000).status_code == 201

    response = setup.ask(6000)

    assert response.status_code == 409
    assert response.json()["code"] == "withdrawal_daily_limit" and response.json()["left_today"] == 5000
    assert "amount" in response.json()["fields"]


def test_over_the_available_balance_is_a_409(setup, in_schema):
    with in_schema(setup.company.schema_name):
        update_earning_settings(actor=setup.owner, share_kind="percent", share_percent=70, share_fixed=0,
                                settlement_days=7, withdrawal_minimum=1000, withdrawal_daily_limit=10**7)

    response = setup.ask(20001)

    assert response.status_code == 409
    assert response.json()["code"] == "withdrawal_over_balance" and response.json()["available"] == 20000


def test_a_bad_card_number_is_a_field_error(setup):
    response = setup.ask(5000, account="12ab")

    assert response.status_code == 400 and "account" in response.json()["fields"]


def test_the_request_is_idempotent(setup):
    headers = key()
    body = {"amount": 3000, "method": "alipay", "payee_name": "Wang Wu", "account": "13800138000"}
    url = f"/api/v1/worker/companies/{setup.company.pk}/withdrawals/"

    first = setup.worker_api.post(url, body, format="json", **headers)
    again = setup.worker_api.post(url, body, format="json", **headers)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and first.json()["account"] == "138****8000"
    assert setup.balance().in_transit == 3000


def test_approve_transfers_and_the_signed_notification_completes_it(setup, in_schema, client_for):
    withdrawal_id = setup.ask(5000).json()["id"]

    response = setup.office.post(f"/api/v1/office/withdrawals/{withdrawal_id}/approve/", {}, format="json", **key())

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_transit" and response.json()["reviewed_by"]
    with in_schema(setup.company.schema_name):
        withdrawal = Withdrawal.objects.get(pk=withdrawal_id)
        answer = deliver_transfer_notification(client_for(setup.company), withdrawal)
        again = deliver_transfer_notification(client_for(setup.company), withdrawal)  # a repeat changes nothing
        assert answer.status_code == again.status_code == 200
        assert Withdrawal.objects.get(pk=withdrawal_id).status == WithdrawalStatus.PAID
        assert ledger_total() == 0
    balance = setup.balance()
    assert (balance.available, balance.in_transit, balance.withdrawn) == (15000, 0, 5000)


def test_a_failed_transfer_returns_the_money(setup, in_schema, client_for):
    withdrawal_id = setup.ask(5000).json()["id"]
    setup.office.post(f"/api/v1/office/withdrawals/{withdrawal_id}/approve/", {}, format="json", **key())

    with in_schema(setup.company.schema_name):
        deliver_transfer_notification(client_for(setup.company), Withdrawal.objects.get(pk=withdrawal_id), fail=True)
        assert Withdrawal.objects.get(pk=withdrawal_id).status == WithdrawalStatus.FAILED
    balance = setup.balance()
    assert (balance.available, balance.in_transit, balance.withdrawn) == (20000, 0, 0)


def test_a_forged_notification_changes_nothing(setup, in_schema, client_for):
    withdrawal_id = setup.ask(5000).json()["id"]
    setup.office.post(f"/api/v1/office/withdrawals/{withdrawal_id}/approve/", {}, format="json", **key())

    response = client_for(setup.company).post(
        "/api/v1/earnings/transfers/sandbox/notify/", data=b'{"kind":"transfer_succeeded"}',
        content_type="application/json", HTTP_DOORSTEP_SANDBOX_SIGNATURE="v1=00", HTTP_DOORSTEP_SANDBOX_TIMESTAMP="1",
        HTTP_DOORSTEP_SANDBOX_NONCE="n", HTTP_DOORSTEP_SANDBOX_EVENT_ID="e")

    assert response.status_code == 400
    assert setup.balance().in_transit == 5000


def test_reject_with_a_reason_returns_the_money_and_records_who(setup, in_schema):
    withdrawal_id = setup.ask(5000).json()["id"]

    missing = setup.office.post(f"/api/v1/office/withdrawals/{withdrawal_id}/reject/", {}, format="json", **key())
    response = setup.office.post(f"/api/v1/office/withdrawals/{withdrawal_id}/reject/",
                                 {"reason": "Card name does not match"}, format="json", **key())
    twice = setup.office.post(f"/api/v1/office/withdrawals/{withdrawal_id}/approve/", {}, format="json", **key())

    assert missing.status_code == 400 and "reason" in missing.json()["fields"]
    assert response.status_code == 200
    assert response.json()["status"] == "rejected" and response.json()["reject_reason"] == "Card name does not match"
    assert response.json()["reviewed_by"] and response.json()["reviewed_at"]
    assert twice.status_code == 409 and twice.json()["code"] == "withdrawal_not_reviewable"
    assert setup.balance().available == 20000
    with in_schema(setup.company.schema_name):
        from shared_apps.notifications.models import Outbox

        assert Outbox.objects.filter(user_id=setup.worker.pk, kind="payout.rejected").exists()


def test_a_dispatcher_or_a_worker_cannot_review_and_another_company_sees_no_queue(setup, people, client_for):
    withdrawal_id = setup.ask(5000).json()["id"]
    url = f"/api/v1/office/withdrawals/{withdrawal_id}/approve/"

    dispatcher = client_for(people.company_a, people.dispatcher_a).post(url, {}, format="json", **key())
    worker = client_for(people.company_a, people.worker_a).post(url, {}, format="json", **key())
    other_queue = client_for(people.company_b, people.owner_b).get("/api/v1/office/withdrawals/")
    other_approve = client_for(people.company_b, people.owner_b).post(url, {}, format="json", **key())
    own_queue = setup.office.get("/api/v1/office/withdrawals/")

    assert dispatcher.status_code == 403 and worker.status_code == 403
    assert other_queue.status_code == 200 and other_queue.json() == []
    assert other_approve.status_code == 404
    assert [w["id"] for w in own_queue.json()] == [withdrawal_id]
    assert setup.balance().in_transit == 5000


def test_the_worker_sees_income_by_company(setup, people, client_for):
    setup.ask(5000)

    [row] = [r for r in client_for(None, people.worker_a).get("/api/v1/worker/income/").json()
             if r["company_id"] == setup.company.pk]

    assert row["balance"] == {"pending": 0, "available": 15000, "in_transit": 5000, "withdrawn": 0}
    assert row["days"][0]["settled"] == 20000
