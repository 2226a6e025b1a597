"""A user banned from the console can no longer sign in, and what they already hold stops working."""
import re

import pytest

from shared_apps.accounts.models import LoginEvent
from tests.accounts.conftest import code_sent_to
from tests.support import PASSWORD


@pytest.fixture
def ban(client_for, people):
    def ban_user(user, status="banned"):
        response = client_for(None, people.operator).post(
            f"/api/v1/console/users/{user.pk}/status/", {"status": status, "reason": "fraud"}, format="json"
        )
        assert response.status_code == 200, response.json()
        return response

    return ban_user


def test_a_banned_user_cannot_sign_in_with_a_password(client_for, company_a, people, ban):
    client = client_for(company_a)
    before = client.post("/api/v1/auth/token/", {"identifier": "owner@alpha.example", "password": PASSWORD})

    ban(people.owner_a)
    after = client.post("/api/v1/auth/token/", {"identifier": "owner@alpha.example", "password": PASSWORD})

    assert before.status_code == 200
    assert after.status_code == 403
    assert after.json() == {"code": "account_banned", "message": "This account is banned.", "fields": {}}
    assert LoginEvent.objects.filter(user=people.owner_a, succeeded=False, reason="account_banned").exists()


def test_a_banned_user_cannot_sign_in_with_an_sms_code(client_for, company_a, people, ban, request_code):
    phone = people.PHONES["customer_a"]
    client = client_for(company_a)
    request_code(client, phone)  # sent before the ban
    ban(people.customer_a)

    response = client.post("/api/v1/auth/token/", {"phone": phone, "code": code_sent_to(phone)})

    assert response.status_code == 403
    assert response.json()["code"] == "account_banned"
    assert "token" not in response.json()


def test_a_ban_revokes_the_users_api_token(client_for, company_a, people, ban):
    client = client_for(company_a, people.dispatcher_a)
    assert client.get("/api/v1/office/staff/").status_code == 200

    ban(people.dispatcher_a)

    assert client.get("/api/v1/office/staff/").status_code == 401
    assert client.get("/api/v1/me/").json()["code"] in ("authentication_failed", "not_authenticated")


def test_a_ban_ends_the_users_web_session(client_for, company_a, people, ban):
    client = client_for(company_a)
    client.force_login(people.dispatcher_a)
    assert client.get("/api/v1/me/").json()["user"]["id"] == people.dispatcher_a.pk

    ban(people.dispatcher_a)

    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert client.get("/api/v1/office/staff/").status_code in (401, 403)


@pytest.mark.parametrize("status", ["warned", "restricted"])
def test_a_warned_or_restricted_user_still_signs_in(client_for, people, ban, status):
    ban(people.owner_a, status=status)

    response = client_for().post("/api/v1/auth/token/", {"identifier": "owner@alpha.example", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["user"]["status"] == status


def test_a_restored_user_signs_in_again(client_for, people, ban):
    ban(people.owner_a)
    ban(people.owner_a, status="active")

    response = client_for().post("/api/v1/auth/token/", {"identifier": "owner@alpha.example", "password": PASSWORD})

    assert response.status_code == 200


def test_a_ban_ends_the_web_session_for_good_even_after_the_ban_is_lifted(client_for, company_a, people, ban):
    client = client_for(company_a)
    client.force_login(people.dispatcher_a)
    assert client.get("/api/v1/me/").json()["user"]["id"] == people.dispatcher_a.pk

    ban(people.dispatcher_a)
    ban(people.dispatcher_a, status="active")

    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert client.get("/api/v1/office/staff/").status_code in (401, 403)


def test_a_ban_lifted_lets_the_user_sign_in_afresh(client_for, company_a, people, ban):
    ban(people.owner_a)
    ban(people.owner_a, status="active")
    client = client_for(company_a)

    response = client.post("/api/v1/auth/token/", {"identifier": "owner@alpha.example", "password": PASSWORD})

    assert response.status_code == 200
    fresh = client_for(company_a)
    fresh.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert fresh.get("/api/v1/me/").json()["user"]["id"] == people.owner_a.pk


def test_a_banned_user_gets_no_sms_code_and_the_answer_reveals_nothing(client_for, company_a, people, ban,
                                                                       request_code):
    from shared_apps.accounts.models import SmsCode
    from shared_apps.sms import backends as sms

    banned_phone, other_phone = people.PHONES["customer_a"], people.PHONES["customer_b"]
    ban(people.customer_a)
    client = client_for(company_a)

    banned = request_code(client, banned_phone)
    other = request_code(client, other_phone)

    assert banned.status_code == other.status_code == 202
    assert banned.json().keys() == other.json().keys()
    assert not SmsCode.objects.filter(phone=banned_phone).exists()
    texts = [message["text"] for message in sms.outbox if message["to"] == banned_phone]
    assert len(texts) == 1 and "banned" in texts[0]
    assert not re.search(r"\b\d{6}\b", texts[0])
