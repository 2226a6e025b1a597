"""Signing in with a code sent by SMS: request, delivery, checks, lockout, rate limits, history."""
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from shared_apps.accounts.models import LoginEvent, SmsCode, User
from shared_apps.accounts.tasks import send_login_code
from shared_apps.sms import backends as sms
from tests.accounts.conftest import code_sent_to, wrong_code

NEW_PHONE = "+8613812345678"


def sign_in(client, phone, code, **extra):
    return client.post("/api/v1/auth/token/", {"phone": phone, "code": code}, format="json", **extra)


def test_code_request_is_accepted_and_the_sms_is_sent_after_commit(client_for, company_a, request_code):
    response = request_code(client_for(company_a), NEW_PHONE)

    assert response.status_code == 202
    assert response.json() == {"sent_to": "+86138****5678", "expires_in": 300}
    assert [m["to"] for m in sms.outbox] == [NEW_PHONE]
    assert SmsCode.objects.filter(phone=NEW_PHONE).count() == 1


def test_no_sms_leaves_before_the_transaction_commits(client_for, company_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(company_a).post("/api/v1/auth/sms-code/", {"phone": NEW_PHONE}, format="json")

    assert response.status_code == 202
    assert len(callbacks) == 1
    assert sms.outbox == []


def test_the_sms_carries_the_company_brand_on_its_host_and_doorstep_on_the_platform(
    client_for, company_b, request_code
):
    request_code(client_for(company_b), NEW_PHONE)
    request_code(client_for(), "+8613812345679")

    texts = {m["to"]: m["text"] for m in sms.outbox}
    assert texts[NEW_PHONE].startswith("[Bravo Repairs] Your code is ")
    assert texts["+8613812345679"].startswith("[Doorstep] Your code is ")


@pytest.mark.parametrize("schema", ["public", "company"])
def test_a_fresh_worker_signs_the_code_with_the_brand_of_the_sending_schema(company_b, tasks_run_eagerly, schema):
    # A worker process starts on the public schema (django-tenants' FakeTenant, no Company row)
    # and switches by the task's header.
    sender = "public" if schema == "public" else company_b.schema_name
    connection.set_schema_to_public()

    send_login_code.apply(kwargs={"phone": NEW_PHONE, "code": "123456"}, headers={"_schema_name": sender})

    brand = "[Doorstep]" if schema == "public" else "[Bravo Repairs]"
    assert len(sms.outbox) == 1
    assert sms.outbox[0]["text"].startswith(f"{brand} Your code is 123456.")


@pytest.mark.parametrize("phone", ["12345", "not a phone", ""])
def test_an_invalid_phone_gets_a_field_error_and_no_sms(client_for, request_code, phone):
    response = request_code(client_for(), phone)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "phone" in response.json()["fields"]
    assert sms.outbox == []


def test_the_code_signs_in_and_answers_a_token_that_works(client_for, company_a, people, request_code):
    client = client_for(company_a)
    request_code(client, people.PHONES["customer_a"])

    response = sign_in(client, people.PHONES["customer_a"], code_sent_to(people.PHONES["customer_a"]))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["user"]["id"] == people.customer_a.pk
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/v1/me/").json()["user"]["id"] == people.customer_a.pk


def test_the_first_sign_in_by_code_creates_the_identity(client_for, request_code):
    client = client_for()
    request_code(client, "138 1234 5678")

    response = sign_in(client, "+86 138-1234-5678", code_sent_to(NEW_PHONE))

    assert response.status_code == 200
    user = User.objects.get(phone=NEW_PHONE)
    assert response.json()["user"]["id"] == user.pk
    assert not user.has_usable_password()


def test_a_code_works_once(client_for, request_code):
    client = client_for()
    request_code(client, NEW_PHONE)
    code = code_sent_to(NEW_PHONE)

    first, second = sign_in(client, NEW_PHONE, code), sign_in(client, NEW_PHONE, code)

    assert first.status_code == 200
    assert second.status_code == 400 and second.json()["code"] == "code_expired"


def test_a_wrong_code_is_refused(client_for, request_code):
    client = client_for()
    request_code(client, NEW_PHONE)

    response = sign_in(client, NEW_PHONE, wrong_code(code_sent_to(NEW_PHONE)))

    assert response.status_code == 400
    assert response.json()["code"] == "code_invalid"
    assert "code" in response.json()["fields"]
    assert not User.objects.filter(phone=NEW_PHONE).exists()


@pytest.mark.parametrize("code", ["12345", "abcdef", "1234567", ""])
def test_a_malformed_code_is_a_field_error(client_for, request_code, code):
    client = client_for()
    request_code(client, NEW_PHONE)

    response = client.post("/api/v1/auth/token/", {"phone": NEW_PHONE, "code": code}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_an_expired_code_is_refused(client_for, request_code):
    client = client_for()
    request_code(client, NEW_PHONE)
    SmsCode.objects.filter(phone=NEW_PHONE).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = sign_in(client, NEW_PHONE, code_sent_to(NEW_PHONE))

    assert response.status_code == 400
    assert response.json()["code"] == "code_expired"


def test_five_wrong_codes_lock_the_code_even_for_the_right_one(client_for, request_code):
    client = client_for()
    request_code(client, NEW_PHONE)
    code = code_sent_to(NEW_PHONE)

    answers = [sign_in(client, NEW_PHONE, wrong_code(code)).json()["code"] for _ in range(5)]
    after = sign_in(client, NEW_PHONE, code)

    assert answers == ["code_invalid"] * 4 + ["code_too_many_attempts"]
    assert after.status_code == 400 and after.json()["code"] == "code_expired"


def test_four_wrong_codes_still_let_the_right_one_in(client_for, request_code):
    client = client_for()
    request_code(client, NEW_PHONE)
    code = code_sent_to(NEW_PHONE)

    for _ in range(4):
        sign_in(client, NEW_PHONE, wrong_code(code))

    assert sign_in(client, NEW_PHONE, code).status_code == 200


def test_a_new_code_replaces_the_old_one(client_for, request_code):
    client = client_for()
    request_code(client, NEW_PHONE)
    old = code_sent_to(NEW_PHONE)
    request_code(client, NEW_PHONE)
    new = code_sent_to(NEW_PHONE)

    old_answer = sign_in(client, NEW_PHONE, old) if old != new else None
    new_answer = sign_in(client, NEW_PHONE, new)

    if old_answer is not None:
        assert old_answer.json()["code"] in ("code_invalid", "code_expired")
    assert new_answer.status_code == 200
    assert SmsCode.objects.filter(phone=NEW_PHONE, consumed_at__isnull=True).count() == 0


def test_codes_per_phone_are_rate_limited_across_ips(client_for, request_code, settings):
    settings.SMS_CODE_PER_PHONE_PER_HOUR = 2
    client = client_for()

    answers = [request_code(client, NEW_PHONE, REMOTE_ADDR=f"10.0.0.{i}") for i in range(1, 4)]
    other_phone = request_code(client, "+8613812345679", REMOTE_ADDR="10.0.0.9")

    assert [a.status_code for a in answers] == [202, 202, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert set(answers[-1].json()) == {"code", "message", "fields"}
    assert other_phone.status_code == 202
    assert len([m for m in sms.outbox if m["to"] == NEW_PHONE]) == 2


def test_the_phone_limit_counts_every_format_of_the_number(client_for, request_code, settings):
    settings.SMS_CODE_PER_PHONE_PER_HOUR = 2
    client = client_for()

    answers = [request_code(client, phone).status_code for phone in (NEW_PHONE, "138 1234 5678", "13812345678")]

    assert answers == [202, 202, 429]


def test_codes_per_ip_are_rate_limited_across_phones(client_for, company_a, request_code, settings):
    settings.SMS_CODE_PER_IP_PER_HOUR = 2
    client = client_for(company_a)

    answers = [request_code(client, f"+861381234567{i}", REMOTE_ADDR="10.1.1.1") for i in range(3)]
    other_ip = request_code(client, "+8613812345675", REMOTE_ADDR="10.1.1.2")

    assert [a.status_code for a in answers] == [202, 202, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert other_ip.status_code == 202


def test_sign_ins_by_code_are_recorded_in_the_login_history(client_for, company_a, people, request_code):
    phone = people.PHONES["customer_a"]
    client = client_for(company_a)
    request_code(client, phone)
    code = code_sent_to(phone)

    sign_in(client, phone, wrong_code(code), HTTP_USER_AGENT="pytest-agent")
    sign_in(client, phone, code, HTTP_USER_AGENT="pytest-agent")

    failure, success = LoginEvent.objects.filter(identifier=phone).order_by("id")
    assert (failure.method, failure.succeeded, failure.reason) == ("sms", False, "code_invalid")
    assert (success.method, success.succeeded, success.user_id) == ("sms", True, people.customer_a.pk)
    assert success.ip == "127.0.0.1"
    assert success.host == "alpha.localhost"
    assert success.user_agent == "pytest-agent"
