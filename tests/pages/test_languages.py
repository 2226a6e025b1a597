"""Languages: the visitor's choice (cookie), then Accept-Language, then the company's default."""
import pytest


def test_accept_language_chinese_gets_chinese(page_client, company_a):
    html = page_client(company_a, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录预约" in html


def test_english_is_the_default(page_client, company_a):
    html = page_client(company_a).get("/").content.decode()
    assert '<html lang="en">' in html and "Sign in to book" in html


def test_the_company_default_applies_when_the_browser_says_nothing(page_client, people):
    from tenants.services import update_branding

    update_branding(actor=people.owner_a, company=people.company_a, default_language="zh-hans")
    assert "登录预约" in page_client(people.company_a).get("/").content.decode()


def test_the_language_switcher_sets_the_choice(page_client, company_a):
    client = page_client(company_a, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert "发送验证码" in client.get("/login/").content.decode()


@pytest.mark.parametrize("path", ["/", "/worker/login/", "/console/login/"])
def test_platform_pages_are_translated(page_client, path):
    html = page_client(None, HTTP_ACCEPT_LANGUAGE="zh-CN").get(path).content.decode()
    assert '<html lang="zh-hans">' in html


def test_service_messages_are_translated_on_the_form(page_client, company_a):
    response = page_client(company_a, HTTP_ACCEPT_LANGUAGE="zh-CN").post(
        "/login/code/", {"phone": "12345"}, HTTP_HX_REQUEST="true")
    assert "请输入有效的手机号" in response.content.decode()
