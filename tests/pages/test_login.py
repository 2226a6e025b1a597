"""The sign-in pages of the four surfaces: who gets in where, and what the others are told."""
import pytest
from django.test import override_settings

from tests.support import PASSWORD


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def password_login(client, path, identifier, password=PASSWORD, **extra):
    return client.post(path, {"method": "password", "identifier": identifier, "password": password, **extra})


@pytest.mark.parametrize(("host", "path", "who", "goes_to"), [
    ("alpha", "/login/", "customer_a", "/account/"),
    ("alpha", "/office/login/", "owner_a", "/office/"),
    ("alpha", "/office/login/", "dispatcher_a", "/office/"),
    (None, "/worker/login/", "shared_worker", "/worker/"),
    (None, "/console/login/", "operator", "/console/"),
])
def test_signing_in_with_a_password_goes_to_the_surface_home(page_client, people, host, path, who, goes_to):
    company = people.company_a if host else None
    client = page_client(company)
    response = password_login(client, path, people.PHONES[who])
    assert response.status_code == 302
    assert response["Location"] == goes_to
    assert signed_in_user_id(client) == str(getattr(people, who).pk)


def test_the_office_refuses_a_worker_with_a_message_and_no_session(page_client, people):
    client = page_client(people.company_a)
    response = password_login(client, "/office/login/", people.PHONES["worker_a"])
    assert response.status_code == 200
    assert "Only the office staff of Alpha Cleaning can sign in here." in response.content.decode()
    assert signed_in_user_id(client) is None


def test_the_console_refuses_a_company_owner(page_client, people):
    client = page_client()
    response = password_login(client, "/console/login/", "owner@alpha.example")
    assert "Only platform operators can sign in to the console." in response.content.decode()
    assert signed_in_user_id(client) is None


def test_a_wrong_password_is_shown_on_the_password_field(page_client, people):
    client = page_client(people.company_a)
    response = password_login(client, "/login/", people.PHONES["customer_a"], password="not-it-at-all")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The phone/email or password is not right." in html
    assert 'id="password-login"' in html  # the password form stays open
    assert signed_in_user_id(client) is None


def test_a_banned_person_is_told_so(page_client, people):
    from shared_apps.accounts.services import set_user_status

    set_user_status(actor=people.operator, user=people.customer_a, status="banned")
    client = page_client(people.company_a)
    response = password_login(client, "/login/", people.PHONES["customer_a"])
    assert "This account is banned." in response.content.decode()
    assert signed_in_user_id(client) is None


def test_after_signing_in_the_visitor_returns_to_the_page_they_wanted(page_client, people):
    client = page_client(people.company_a)
    response = password_login(client, "/office/login/", "owner@alpha.example", next="/office/staff/")
    assert response["Location"] == "/office/staff/"


def test_next_cannot_send_people_to_another_site(page_client, people):
    client = page_client(people.company_a)
    response = password_login(client, "/login/", people.PHONES["customer_a"], next="https://evil.example/")
    assert response["Location"] == "/account/"


def test_the_send_code_button_says_where_the_code_went(page_client, company_a):
    response = page_client(company_a).post("/login/code/", {"phone": "13800138000"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Code sent to +86 138****8000. It works for 5 minutes." in response.content.decode()
    assert "<html" not in response.content.decode()  # htmx gets the status line only


def test_without_javascript_send_code_shows_the_whole_page(page_client, company_a):
    response = page_client(company_a).post("/login/code/", {"phone": "13800138000"})
    html = response.content.decode()
    assert "<html" in html and "Code sent to +86 138****8000" in html
    assert 'value="13800138000"' in html


def test_a_bad_phone_number_is_explained(page_client, company_a):
    response = page_client(company_a).post("/login/code/", {"phone": "12345"}, HTTP_HX_REQUEST="true")
    assert "Enter a valid mobile number, e.g. +86 138 0013 8000." in response.content.decode()


@override_settings(SMS_CODE_PER_PHONE_PER_HOUR=1)
def test_too_many_codes_are_refused(page_client, company_a):
    client = page_client(company_a)
    client.post("/login/code/", {"phone": "13800138000"}, HTTP_HX_REQUEST="true")
    response = client.post("/login/code/", {"phone": "13800138000"}, HTTP_HX_REQUEST="true")
    assert "Too many codes sent to this number. Try again in an hour." in response.content.decode()


def test_signing_in_with_an_sms_code(page_client, company_a, monkeypatch, django_capture_on_commit_callbacks):
    from shared_apps.accounts import tasks

    sent = {}
    monkeypatch.setattr(tasks.send_login_code, "delay", lambda **kwargs: sent.update(kwargs))
    client = page_client(company_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/login/code/", {"phone": "139 1234 5678"}, HTTP_HX_REQUEST="true")
    assert sent["phone"] == "+8613912345678"

    wrong = f"{(int(sent['code']) + 1) % 10**6:06d}"
    response = client.post("/login/", {"method": "sms", "phone": "13912345678", "code": wrong})
    assert "That code is not right." in response.content.decode()
    response = client.post("/login/", {"method": "sms", "phone": "13912345678", "code": sent["code"]})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert signed_in_user_id(client) is not None


def test_the_sign_in_page_offers_both_ways(page_client, company_a):
    client = page_client(company_a)
    sms = client.get("/login/").content.decode()
    assert 'id="sms-login"' in sms and "Send code" in sms
    password = client.get("/login/?with=password").content.decode()
    assert 'id="password-login"' in password
    assert 'id="password-login"' in page_client(company_a).get("/office/login/").content.decode()


def test_signing_out_ends_the_session(page_client, people):
    client = page_client(people.company_a, people.customer_a)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user_id(client) is None
