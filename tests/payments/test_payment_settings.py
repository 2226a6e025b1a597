"""A company's payment settings: credentials sealed at rest and never shown, logged or recorded;
who may read and change what; field-level refusals; key rotation."""
from __future__ import annotations

import logging

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.changes.models import Change
from tenant_apps.payments.models import PaymentMethodSetting
from tenant_apps.payments.selectors import credentials_for, payment_settings_state
from tenant_apps.payments.services import reseal_payment_credentials, set_payment_credentials
from tests.payments.conftest import API_V3_KEY, wechat_credentials

API = "/api/v1/office/payments/"
WECHAT = API + "wechat_pay/credentials/"


def settings_body(**changes):
    body = {"use_sandbox": True, "deposit_policy": "none", "deposit_percent": None,
            "methods": {"wechat_pay": {"is_enabled": True, "mode": "own", "sub_merchant_id": ""},
                        "on_site": {"is_enabled": True}}}
    body.update(changes)
    return body


def page_client(company, user) -> Client:
    client = Client(HTTP_HOST=f"{company.slug}.localhost")
    client.force_login(user)
    return client


def secrets_of(keys) -> list[str]:
    """Pieces of the WeChat Pay secrets that must never be found in clear."""
    return [API_V3_KEY, keys.private_body[40:120], keys.private_body[-200:-100]]


def raw_credentials_column(company) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT sealed_credentials, row_to_json(m)::text FROM "{company.schema_name}".'  # noqa: S608
                       "payments_paymentmethodsetting m WHERE method = 'wechat_pay'")
        sealed, whole_row = cursor.fetchone()
    return sealed + whole_row


# ---- sealed at rest ---------------------------------------------------------------------------------

def test_credentials_are_encrypted_in_the_database_and_read_back_whole(people, client_for, keys):
    owner = client_for(people.company_a, people.owner_a)

    response = owner.put(WECHAT, wechat_credentials(keys), format="json")

    assert response.status_code == 200
    raw = raw_credentials_column(people.company_a)
    assert raw.startswith("gAAAAA")  # a Fernet token
    for secret in [*secrets_of(keys), "1900000109", "wx8888888888888888", "5157F09EFDC096DE"]:
        assert secret not in raw
    with schema_context(people.company_a.schema_name):
        assert credentials_for(method="wechat_pay") == {**wechat_credentials(keys),
                                                        "private_key": keys.private_pem.strip() + "\n"}


def test_a_blank_field_keeps_the_stored_value_and_a_new_one_replaces_it(people, client_for, keys):
    owner = client_for(people.company_a, people.owner_a)
    owner.put(WECHAT, wechat_credentials(keys), format="json")

    response = owner.put(WECHAT, {"api_v3_key": "", "mchid": "1900000110"}, format="json")

    assert response.status_code == 200
    with schema_context(people.company_a.schema_name):
        stored = credentials_for(method="wechat_pay")
    assert stored["mchid"] == "1900000110" and stored["api_v3_key"] == API_V3_KEY


@pytest.fixture
def old_and_new_keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PAYMENT_CREDENTIALS_KEY = [old]
    return settings, old, new


def test_rotation_reads_with_old_and_new_keys_then_reseals_under_the_new_one(people, keys, old_and_new_keys):
    settings, old, new = old_and_new_keys
    connection.set_tenant(people.company_a)
    set_payment_credentials(actor=people.owner_a, method="wechat_pay", values=wechat_credentials(keys))
    sealed_with_old = PaymentMethodSetting.objects.get(method="wechat_pay").sealed_credentials

    settings.PAYMENT_CREDENTIALS_KEY = [new, old]  # the new key first, the old one still readable
    assert credentials_for(method="wechat_pay")["api_v3_key"] == API_V3_KEY
    assert reseal_payment_credentials(actor=people.owner_a) == 1
    resealed = PaymentMethodSetting.objects.get(method="wechat_pay").sealed_credentials

    settings.PAYMENT_CREDENTIALS_KEY = [new]  # the old key dropped
    assert resealed != sealed_with_old
    assert credentials_for(method="wechat_pay")["api_v3_key"] == API_V3_KEY
    settings.PAYMENT_CREDENTIALS_KEY = [old]
    with pytest.raises(ImproperlyConfigured):
        credentials_for(method="wechat_pay")
    assert Change.objects.filter(action="payments.credentials_resealed").exists()


def test_without_a_configured_key_development_derives_one_from_the_secret_key(people, keys, settings):
    settings.PAYMENT_CREDENTIALS_KEY = []
    connection.set_tenant(people.company_a)
    set_payment_credentials(actor=people.owner_a, method="wechat_pay", values=wechat_credentials(keys))

    settings.SECRET_KEY = "another-" + settings.SECRET_KEY  # a different derived key cannot open it
    with pytest.raises(ImproperlyConfigured):
        credentials_for(method="wechat_pay")


# ---- never shown, logged or recorded ------------------------------------------------------------------

def test_credentials_are_not_in_answers_pages_logs_or_the_change_log(people, client_for, keys, caplog):
    caplog.set_level(logging.DEBUG)
    owner = client_for(people.company_a, people.owner_a)

    saved = owner.put(WECHAT, wechat_credentials(keys), format="json")
    refused = owner.put(WECHAT, wechat_credentials(keys, appid="not-an-app-id"), format="json")
    read = owner.get(API)
    page = page_client(people.company_a, people.owner_a).get("/office/payments/")
    refused_page = page_client(people.company_a, people.owner_a).post(
        "/office/payments/wechat_pay/credentials/",
        {f"wechat_pay-{name}": value for name, value in wechat_credentials(keys, appid="wx-bad").items()})

    texts = [saved.content.decode(), refused.content.decode(), read.content.decode(), page.content.decode(),
             refused_page.content.decode()]
    texts += [record.getMessage() for record in caplog.records]
    with schema_context(people.company_a.schema_name):
        changes = list(Change.objects.filter(action__startswith="payments.").values_list("data", flat=True))
    texts += [str(data) for data in changes]
    for secret in secrets_of(keys):
        assert not any(secret in text for text in texts)
    wechat = next(m for m in read.json()["methods"] if m["method"] == "wechat_pay")
    api_key_state = next(c for c in wechat["credentials"] if c["name"] == "api_v3_key")
    assert api_key_state == {"name": "api_v3_key", "label": "API v3 key", "is_set": True, "ends_with": "L0aDe"[-4:],
                             "required": True}
    assert "set, ends in …0aDe" in page.content.decode()
    assert {"method": "wechat_pay", "fields": ["api_v3_key", "appid", "cert_serial", "mchid", "private_key"]} in changes


def test_the_change_log_says_which_credential_changed(people, client_for, keys):
    owner = client_for(people.company_a, people.owner_a)
    owner.put(WECHAT, wechat_credentials(keys), format="json")

    owner.put(WECHAT, {"api_v3_key": "Z" * 32}, format="json")

    with schema_context(people.company_a.schema_name):
        last = Change.objects.filter(action="payments.credentials_changed").first()
    assert last.data == {"method": "wechat_pay", "fields": ["api_v3_key"]} and last.actor_id == people.owner_a.pk


# ---- who may do what --------------------------------------------------------------------------------

def test_owner_admin_and_finance_read_and_change_the_settings(people, client_for, finance_a):
    finance = client_for(people.company_a, finance_a)

    read = finance.get(API)
    changed = finance.put(API, settings_body(deposit_policy="percent", deposit_percent=30), format="json")

    assert read.status_code == 200 and read.json()["use_sandbox"] is True
    assert changed.status_code == 200
    assert changed.json()["deposit_policy"] == "percent" and changed.json()["deposit_percent"] == 30
    with schema_context(people.company_a.schema_name):
        change = Change.objects.filter(action="payments.settings_changed").first()
    assert change.actor_id == finance_a.pk and change.data["deposit_percent"] == [None, 30]


def test_only_the_owner_enters_credentials(people, client_for, keys, finance_a):
    finance = client_for(people.company_a, finance_a)

    api = finance.put(WECHAT, wechat_credentials(keys), format="json")
    page = page_client(people.company_a, finance_a).post("/office/payments/wechat_pay/credentials/",
                                                         {"wechat_pay-mchid": "1900000109"})
    shown = page_client(people.company_a, finance_a).get("/office/payments/")

    assert api.status_code == 403 and page.status_code == 403
    assert "Only the owner can enter or replace credentials." in shown.content.decode()
    assert 'name="wechat_pay-api_v3_key"' not in shown.content.decode()
    with schema_context(people.company_a.schema_name):
        assert credentials_for(method="wechat_pay") == {}


def test_the_service_refuses_credentials_from_anyone_but_the_owner(people, keys, finance_a):
    from shared_apps.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        set_payment_credentials(actor=finance_a, method="wechat_pay", values=wechat_credentials(keys))

    assert refused.value.code == "owner_only" and refused.value.status == 403


@pytest.mark.parametrize("who", ["dispatcher_a", "worker_a", "customer_a", "owner_b"])
def test_others_get_403_from_the_api(people, client_for, who):
    client = client_for(people.company_a, getattr(people, who))

    assert client.get(API).status_code == 403
    assert client.put(API, settings_body(), format="json").status_code == 403
    assert client.put(WECHAT, {"mchid": "1900000109"}, format="json").status_code == 403


@pytest.mark.parametrize("who", ["dispatcher_a", "worker_a", "customer_a", "owner_b"])
def test_others_are_refused_the_page(people, who):
    response = page_client(people.company_a, getattr(people, who)).get("/office/payments/")

    assert response.status_code == 403


def test_a_visitor_is_sent_to_sign_in(people):
    response = Client(HTTP_HOST=f"{people.company_a.slug}.localhost").get("/office/payments/")

    assert response.status_code == 302 and "/office/login/" in response["Location"]


def test_the_office_menu_shows_payments_to_money_roles_only(people, finance_a):
    finance = page_client(people.company_a, finance_a).get("/office/").content.decode()
    owner = page_client(people.company_a, people.owner_a).get("/office/").content.decode()
    connection.set_tenant(people.company_a)
    from tenant_apps.people.models import StaffMember, StaffRole
    from tenant_apps.people.services import change_staff_member

    change_staff_member(actor=people.owner_a, company=people.company_a,
                        member=StaffMember.objects.get(user=finance_a), role=StaffRole.DISPATCHER)
    dispatcher = page_client(people.company_a, finance_a).get("/office/").content.decode()

    assert 'href="/office/payments/"' in finance and 'href="/office/payments/"' in owner
    assert 'href="/office/payments/"' not in dispatcher


def test_each_company_has_its_own_settings(people, client_for, keys):
    client_for(people.company_a, people.owner_a).put(WECHAT, wechat_credentials(keys), format="json")
    client_for(people.company_a, people.owner_a).put(API, settings_body(), format="json")

    other = client_for(people.company_b, people.owner_b).get(API).json()

    wechat = next(m for m in other["methods"] if m["method"] == "wechat_pay")
    assert wechat["is_enabled"] is False and not any(c["is_set"] for c in wechat["credentials"])


def test_reading_the_settings_writes_nothing(people, client_for):
    client_for(people.company_a, people.owner_a).get(API)

    with schema_context(people.company_a.schema_name):
        assert not PaymentMethodSetting.objects.exists()
        state = payment_settings_state()
    assert state.use_sandbox is True and state.deposit_policy == "none"
    assert [m.method for m in state.methods] == ["wechat_pay", "alipay", "unionpay", "on_site"]


# ---- refusals, field by field -------------------------------------------------------------------------

@pytest.mark.parametrize("changes, field", [
    ({"appid": "wx123"}, "appid"),
    ({"mchid": "19000abc"}, "mchid"),
    ({"api_v3_key": "too-short"}, "api_v3_key"),
    ({"private_key": "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----"}, "private_key"),
    ({"private_key": "just some text"}, "private_key"),
    ({"cert_serial": "XYZ"}, "cert_serial"),
    ({"unknown": "1"}, "unknown"),
])
def test_wrong_credentials_are_400_with_the_field_named(people, client_for, keys, changes, field):
    response = client_for(people.company_a, people.owner_a).put(WECHAT, wechat_credentials(keys, **changes),
                                                                 format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and list(response.json()["fields"]) == [field]
    with schema_context(people.company_a.schema_name):
        assert credentials_for(method="wechat_pay") == {}  # nothing of a refused request is kept


def test_a_key_that_is_not_rsa_is_refused(people, client_for, keys):
    response = client_for(people.company_a, people.owner_a).put(
        API + "alipay/credentials/", {"app_id": "2021000000000001", "app_private_key": keys.ec_private_pem},
        format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"app_private_key": ["An RSA private key of 2048 bits or more is needed."]}


def test_alipay_and_unionpay_keys_and_certificates_are_accepted(people, client_for, keys):
    owner = client_for(people.company_a, people.owner_a)
    bare_private = keys.private_body  # Alipay's key tool writes keys without PEM lines

    alipay = owner.put(API + "alipay/credentials/", {
        "app_id": "2021000000000001", "app_private_key": bare_private, "alipay_public_key": keys.public_pem,
    }, format="json")
    unionpay = owner.put(API + "unionpay/credentials/", {
        "merchant_id": "777290058110048", "signing_key": keys.private_pem, "signing_cert": keys.certificate_pem,
    }, format="json")

    assert alipay.status_code == 200 and unionpay.status_code == 200
    methods = {m["method"]: m for m in unionpay.json()["methods"]}
    assert methods["alipay"]["missing"] == [] and methods["unionpay"]["missing"] == []
    with schema_context(people.company_a.schema_name):
        assert credentials_for(method="alipay")["app_private_key"].startswith("-----BEGIN PRIVATE KEY-----")


@pytest.mark.parametrize("changes, field", [
    ({"deposit_policy": "percent", "deposit_percent": 0}, "deposit_percent"),
    ({"deposit_policy": "percent", "deposit_percent": 100}, "deposit_percent"),
    ({"deposit_policy": "percent", "deposit_percent": None}, "deposit_percent"),
    ({"deposit_policy": "half"}, "deposit_policy"),
    ({"methods": {"wechat_pay": {"is_enabled": True, "mode": "partner", "sub_merchant_id": "abc"}}},
     "methods.wechat_pay.sub_merchant_id"),
    ({"methods": {"alipay": {"mode": "borrowed"}}}, "methods.alipay.mode"),
])
def test_wrong_settings_are_400_with_the_field_named(people, client_for, changes, field):
    response = client_for(people.company_a, people.owner_a).put(API, settings_body(**changes), format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"] or field.split(".", 1)[1] in response.json()["fields"]


def test_going_live_needs_complete_accounts(people, client_for, keys):
    owner = client_for(people.company_a, people.owner_a)
    owner.put(WECHAT, {"mchid": "1900000109"}, format="json")

    live = owner.put(API, settings_body(use_sandbox=False), format="json")

    assert live.status_code == 400
    assert "API v3 key" in live.json()["fields"]["wechat_pay.credentials"][0]
    assert owner.get(API).json()["use_sandbox"] is True  # nothing of the refused change was kept
    owner.put(WECHAT, wechat_credentials(keys), format="json")
    assert owner.put(API, settings_body(use_sandbox=False), format="json").status_code == 200


def test_in_partner_mode_only_the_sub_merchant_id_is_needed_to_go_live(people, client_for):
    owner = client_for(people.company_a, people.owner_a)
    partner = {"wechat_pay": {"is_enabled": True, "mode": "partner", "sub_merchant_id": ""}}

    without = owner.put(API, settings_body(use_sandbox=False, methods=partner), format="json")
    partner["wechat_pay"]["sub_merchant_id"] = "1900000201"
    with_id = owner.put(API, settings_body(use_sandbox=False, methods=partner), format="json")

    assert without.status_code == 400 and "wechat_pay.sub_merchant_id" in without.json()["fields"]
    assert with_id.status_code == 200
    wechat = next(m for m in with_id.json()["methods"] if m["method"] == "wechat_pay")
    assert wechat["mode"] == "partner" and wechat["sub_merchant_id"] == "1900000201" and wechat["is_ready_for_live"]


def test_the_rotation_command_reseals_every_company(people, keys, old_and_new_keys):
    from io import StringIO

    from django.core.management import call_command

    settings, old, new = old_and_new_keys
    for company, owner in ((people.company_a, people.owner_a), (people.company_b, people.owner_b)):
        connection.set_tenant(company)
        set_payment_credentials(actor=owner, method="wechat_pay", values=wechat_credentials(keys))
    settings.PAYMENT_CREDENTIALS_KEY = [new, old]
    out = StringIO()

    call_command("rotate_payment_credentials", stdout=out)

    assert "Re-sealed the credentials of 2 payment method(s) and the secrets of 0 webhook" in out.getvalue()
    settings.PAYMENT_CREDENTIALS_KEY = [new]
    for company in (people.company_a, people.company_b):
        with schema_context(company.schema_name):
            assert credentials_for(method="wechat_pay")["mchid"] == "1900000109"
