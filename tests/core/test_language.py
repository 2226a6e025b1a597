"""Language: the visitor's cookie, then Accept-Language, then the company's default, then English."""
import pytest

from tenants.models import Company


@pytest.fixture
def chinese_company(company_b):
    Company.objects.filter(pk=company_b.pk).update(default_language="zh-hans")
    return Company.objects.get(pk=company_b.pk)


@pytest.mark.parametrize("header, language", [
    ("zh-CN", "zh-hans"), ("zh-CN,zh;q=0.9,en;q=0.8", "zh-hans"), ("zh-Hans", "zh-hans"), ("zh", "zh-hans"),
    ("en-US,en;q=0.9", "en"), ("fr-FR,zh-CN;q=0.5", "zh-hans"),
])
def test_accept_language_picks_a_supported_language(client_for, company_a, header, language):
    response = client_for(company_a).get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE=header)

    assert response["Content-Language"] == language


def test_without_a_header_the_companys_default_language_is_used(client_for, company_a, chinese_company):
    assert client_for(chinese_company).get("/api/v1/me/")["Content-Language"] == "zh-hans"
    assert client_for(company_a).get("/api/v1/me/")["Content-Language"] == "en"
    assert client_for().get("/api/v1/me/")["Content-Language"] == "en"


def test_a_header_nobody_supports_falls_back_to_the_company_default(client_for, chinese_company):
    response = client_for(chinese_company).get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8")

    assert response["Content-Language"] == "zh-hans"


def test_the_language_cookie_wins_over_header_and_default(client_for, chinese_company, settings):
    client = client_for(chinese_company)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert response["Content-Language"] == "en"


def test_an_unsupported_cookie_is_ignored(client_for, chinese_company, settings):
    client = client_for(chinese_company)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "klingon"

    assert client.get("/api/v1/me/")["Content-Language"] == "zh-hans"


def test_every_response_tells_caches_it_varies_by_language(client_for, company_a):
    api = client_for(company_a).get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    page = client_for(company_a).get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")

    for response in (api, page):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary
