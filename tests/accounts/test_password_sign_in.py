"""Signing in with phone or email and a password: formats, failures, lockout, history."""
import pytest

from shared_apps.accounts.models import LoginEvent
from tests.support import PASSWORD


def sign_in(client, identifier, password, **extra):
    return client.post("/api/v1/auth/token/", {"identifier": identifier, "password": password}, format="json",
                       **extra)


@pytest.mark.parametrize(
    "identifier", ["+8613800138001", "138 0013 8001", "13800138001", "+86 138-0013-8001", "0086 138 0013 8001"]
)
def test_password_sign_in_by_phone_in_any_format(client_for, company_a, people, identifier):
    response = sign_in(client_for(company_a), identifier, PASSWORD)

    assert response.status_code == 200, response.json()
    assert response.json()["user"]["id"] == people.owner_a.pk
    assert response.json()["token"]


@pytest.mark.parametrize("identifier", ["owner@alpha.example", "  OWNER@Alpha.Example "])
def test_password_sign_in_by_email_ignores_case_and_spaces(client_for, people, identifier):
    response = sign_in(client_for(), identifier, PASSWORD)

    assert response.status_code == 200
    assert response.json()["user"]["id"] == people.owner_a.pk


@pytest.mark.parametrize(
    "identifier, password",
    [("owner@alpha.example", "wrong-password"), ("nobody@alpha.example", PASSWORD), ("+8613000000000", PASSWORD),
     ("not a phone", PASSWORD)],
)
def test_wrong_password_or_unknown_account_get_the_same_answer(client_for, identifier, password):
    response = sign_in(client_for(), identifier, password)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert list(response.json()["fields"]) == ["password"]
    assert "token" not in response.json()


def test_missing_identifier_and_password_are_field_errors(client_for):
    response = client_for().post("/api/v1/auth/token/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "identifier" in response.json()["fields"]


def test_ten_failures_lock_the_account_even_for_the_right_password(client_for, people):
    client = client_for()

    failures = [sign_in(client, "owner@alpha.example", "wrong-password").status_code for _ in range(10)]
    locked = sign_in(client, "owner@alpha.example", PASSWORD, REMOTE_ADDR="10.9.9.9")

    assert failures == [400] * 10
    assert locked.status_code == 429
    assert locked.json()["code"] == "rate_limited"
    assert "token" not in locked.json()


@pytest.mark.parametrize("spellings, then", [
    (["+8613800138001", "138 0013 8001", "13800138001", "138-0013-8001", "+86 138 0013 8001",
      "0086 13800138001", "(138) 0013-8001", "+86-138-0013-8001", "86 138 0013 8001", "138 00 13 80 01"],
     "1 3800 138 001"),
    (["owner@alpha.example", "Owner@alpha.example", "OWNER@ALPHA.EXAMPLE", " owner@Alpha.example"] * 3,
     "OWNER@alpha.example"),
])
def test_the_account_lock_cannot_be_dodged_by_writing_the_phone_or_email_differently(client_for, people,
                                                                                     spellings, then):
    client = client_for()

    failures = [sign_in(client, spelling, "wrong-password").status_code for spelling in spellings[:10]]
    locked = sign_in(client, then, PASSWORD)

    assert failures == [400] * 10
    assert locked.status_code == 429


def test_unknown_and_known_accounts_lock_alike_whatever_the_spelling(client_for, people):
    client = client_for()
    known = ["+8613800138001", "138 0013 8001", "13800138001"] * 4
    unknown = ["+8613000000001", "130 0000 0001", "13000000001"] * 4

    known_answers = [sign_in(client, spelling, "wrong-password").status_code for spelling in known[:11]]
    unknown_answers = [sign_in(client, spelling, "wrong-password").status_code for spelling in unknown[:11]]

    assert known_answers == unknown_answers == [400] * 10 + [429]


def test_failures_per_ip_are_limited_across_accounts(client_for, people, settings):
    settings.LOGIN_FAILURES_PER_IP = 3
    client = client_for()

    failures = [sign_in(client, f"someone{i}@example.com", "wrong-password", REMOTE_ADDR="10.2.2.2").status_code
                for i in range(3)]
    same_ip = sign_in(client, "owner@alpha.example", PASSWORD, REMOTE_ADDR="10.2.2.2")
    other_ip = sign_in(client, "owner@alpha.example", PASSWORD, REMOTE_ADDR="10.2.2.3")

    assert failures == [400, 400, 400]
    assert same_ip.status_code == 429 and same_ip.json()["code"] == "rate_limited"
    assert other_ip.status_code == 200


def test_successes_and_failures_are_recorded_in_the_login_history(client_for, company_a, people):
    client = client_for(company_a)

    sign_in(client, "owner@alpha.example", "wrong-password", HTTP_USER_AGENT="agent/1")
    sign_in(client, "nobody@alpha.example", "wrong-password")
    sign_in(client, "owner@alpha.example", PASSWORD, HTTP_USER_AGENT="agent/1")

    wrong, unknown, success = LoginEvent.objects.order_by("id")
    assert (wrong.user_id, wrong.succeeded, wrong.reason, wrong.method) == (
        people.owner_a.pk, False, "invalid_credentials", "password")
    assert (unknown.user_id, unknown.identifier, unknown.succeeded) == (None, "nobody@alpha.example", False)
    assert (success.user_id, success.succeeded, success.reason) == (people.owner_a.pk, True, "")
    assert (success.ip, success.host, success.user_agent) == ("127.0.0.1", "alpha.localhost", "agent/1")


def test_the_apps_language_is_remembered_for_the_messages_we_send(client_for, company_a, people):
    response = sign_in(client_for(company_a), "+8613800138001", PASSWORD, HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert response.status_code == 200
    people.owner_a.refresh_from_db()
    assert people.owner_a.preferred_language == "zh-hans"


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(db, settings):
    """40 threads, each with its own connection, guess at once: exactly the limit is checked."""
    import threading

    from django.db import connections

    from shared_apps.accounts.services import ClientInfo, sign_in_with_password
    from shared_apps.core.errors import DomainError

    identifier = "race-target@example.com"
    barrier = threading.Barrier(40)
    codes: list[str] = []

    def guess(index: int) -> None:
        try:
            barrier.wait()
            sign_in_with_password(identifier=identifier, password=f"guess-{index}",
                                  client=ClientInfo(ip=f"10.7.0.{index}"))
        except DomainError as error:
            codes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        LoginEvent.objects.filter(identifier=identifier).delete()  # committed by the threads' connections

    assert sorted(codes).count("invalid_credentials") == settings.LOGIN_FAILURES_PER_ACCOUNT
    assert codes.count("rate_limited") == 40 - settings.LOGIN_FAILURES_PER_ACCOUNT


def test_the_lock_lasts_as_long_as_the_message_says(client_for, people, settings):
    from django.core.cache import caches

    settings.LOGIN_FAILURES_PER_IP = 2
    client = client_for()
    for i in range(2):
        sign_in(client, f"ip-lock-{i}@example.com", "wrong-password", REMOTE_ADDR="10.3.3.3")

    locked = sign_in(client, "owner@alpha.example", PASSWORD, REMOTE_ADDR="10.3.3.3")

    lock_seconds = caches["platform"].ttl("rl:login-fail:ip:10.3.3.3")
    assert locked.status_code == 429
    assert 14 * 60 < lock_seconds <= 15 * 60
    assert "Try again in 15 minutes" in locked.json()["message"]
    assert 14 * 60 < locked.json()["retry_after"] <= 15 * 60
