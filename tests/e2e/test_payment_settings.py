"""Payments in the browser: the owner enters WeChat Pay credentials with a mistake, sees it beside the
field, fixes it and sees each credential "set", never the secret itself."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone, unique_slug
from tests.payments.conftest import API_V3_KEY, Keys, generate_keys
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def keys() -> Keys:
    return generate_keys()


@pytest.fixture
def fresh_company(transactional_db):
    """A company of its own (committed, removed after the package)."""
    from tenants.services import OwnerInput, sign_up_company

    phone = unique_phone()
    company = sign_up_company(
        name="Paid Cleaning", slug=unique_slug("pay"), vertical="housekeeping",
        owner=OwnerInput(phone=phone, email=None, password=PASSWORD, name="Pei Owner"),
    ).company
    company.owner_phone = phone
    return company


def test_owner_enters_wechat_pay_credentials_fixes_a_mistake_and_sees_them_set(live, page, fresh_company, keys):
    page.goto(live.url(fresh_company.slug, "/office/payments/"))
    page.get_by_label("Mobile number or email").fill(fresh_company.owner_phone)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Payments", exact=True)).to_be_visible()
    wechat = page.locator("#wechat_pay")
    expect(wechat.locator("#wechat_pay-api_v3_key-state")).to_contain_text("not set")

    # given credentials with an API v3 key one character short
    wechat.get_by_label("Merchant ID (mchid)").fill("1900000109")
    wechat.get_by_label("App ID (appid)").fill("wx8888888888888888")
    wechat.get_by_label("API v3 key").fill(API_V3_KEY[:-1])
    wechat.get_by_label("Merchant private key (apiclient_key.pem)").fill(keys.private_pem)
    wechat.get_by_label("Merchant certificate serial number").fill("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")
    wechat.get_by_role("button", name="Save WeChat Pay credentials").click()

    # then the mistake is named beside its field, and the secrets typed are not shown back
    wechat = page.locator("#wechat_pay")
    expect(wechat.locator("#wechat_pay-api_v3_key-errors")).to_have_text(
        "The API v3 key is exactly 32 letters and digits (set in the WeChat Pay merchant platform).")
    expect(wechat.get_by_label("API v3 key")).to_have_value("")
    expect(wechat.get_by_label("Merchant private key (apiclient_key.pem)")).to_have_value("")
    expect(wechat.get_by_label("Merchant ID (mchid)")).to_have_value("1900000109")

    # when the owner fixes it
    wechat.get_by_label("API v3 key").fill(API_V3_KEY)
    wechat.get_by_label("Merchant private key (apiclient_key.pem)").fill(keys.private_pem)
    wechat.get_by_role("button", name="Save WeChat Pay credentials").click()

    # then every credential is set, shown by its last characters only
    expect(page.get_by_text("Credentials saved.")).to_be_visible()
    wechat = page.locator("#wechat_pay")
    expect(wechat.locator("#wechat_pay-api_v3_key-state")).to_have_text(f"API v3 key: set, ends in …{API_V3_KEY[-4:]}")
    for name in ("mchid", "appid", "private_key", "cert_serial"):
        expect(wechat.locator(f"#wechat_pay-{name}-state")).to_contain_text("set, ends in …")
    content = page.content()
    assert API_V3_KEY not in content and keys.private_body[40:120] not in content
