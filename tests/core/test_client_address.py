"""Rate limits see the client's address: X-Forwarded-For only as far as TRUSTED_PROXY_HOPS says."""
import pytest

PROXY = "10.0.0.2"  # every request reaches the web process from the same proxy


def ask_code(client, phone_suffix: int, forwarded_for: str | None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client.post("/api/v1/auth/sms-code/", {"phone": f"+86138123456{phone_suffix:02d}"}, format="json",
                       REMOTE_ADDR=PROXY, **extra)


@pytest.fixture
def one_code_per_ip(settings):
    settings.SMS_CODE_PER_IP_PER_HOUR = 1


def test_without_proxies_the_forwarded_for_header_is_ignored(client_for, db, settings, one_code_per_ip):
    settings.TRUSTED_PROXY_HOPS = 0
    client = client_for()

    answers = [ask_code(client, i, f"203.0.113.{i}").status_code for i in range(3)]

    assert answers == [202, 429, 429]


def test_behind_one_proxy_each_client_has_its_own_limit(client_for, db, settings, one_code_per_ip):
    settings.TRUSTED_PROXY_HOPS = 1
    client = client_for()

    first = ask_code(client, 1, "203.0.113.1")
    second = ask_code(client, 2, "203.0.113.2")
    first_again = ask_code(client, 3, "203.0.113.1")

    assert [first.status_code, second.status_code, first_again.status_code] == [202, 202, 429]
    assert "Too many codes requested" in first_again.json()["message"]


def test_behind_one_proxy_addresses_the_client_wrote_are_not_believed(client_for, db, settings, one_code_per_ip):
    settings.TRUSTED_PROXY_HOPS = 1
    client = client_for()

    # The proxy appends the address it saw (203.0.113.7) to whatever the client sent.
    answers = [ask_code(client, i, f"198.51.100.{i}, 203.0.113.7").status_code for i in range(3)]

    assert answers == [202, 429, 429]


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(client_for, db, settings, one_code_per_ip):
    settings.TRUSTED_PROXY_HOPS = 2
    client = client_for()

    answers = [ask_code(client, i, f"198.51.100.{i}, 203.0.113.9, 10.0.0.1").status_code for i in range(2)]
    other_client = ask_code(client, 5, "203.0.113.10, 10.0.0.1")

    assert answers == [202, 429]
    assert other_client.status_code == 202


@pytest.mark.parametrize("header", ["", "not-an-address", " , "])
def test_a_missing_or_malformed_header_falls_back_to_the_peer(client_for, db, settings, one_code_per_ip, header):
    settings.TRUSTED_PROXY_HOPS = 1
    client = client_for()

    answers = [ask_code(client, 1, header).status_code, ask_code(client, 2, None).status_code]

    assert answers == [202, 429]
