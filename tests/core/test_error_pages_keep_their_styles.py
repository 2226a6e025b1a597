"""Suspended and unknown hosts answer with an error page that still has its stylesheet: static files
belong to no company, so the host lookup never suspends or 404s them."""
import re

import pytest
from django.test import Client

from tenants import hosts
from tenants.models import Company


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def fetch(client: Client, url: str) -> tuple[int, str, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, response.get("Content-Type", ""), body


@pytest.fixture
def suspended_b(people):
    # The status column directly: how a company gets suspended (and why) is the console's business.
    Company.objects.filter(pk=people.company_b.pk).update(status="suspended")
    hosts.forget_company(people.company_b)
    return people.company_b


@pytest.mark.parametrize("host, status, text", [
    ("bravo.localhost", 503, "temporarily unavailable"),
    ("nobody-here.localhost", 404, "nobody-here.localhost"),
])
def test_the_error_page_and_its_stylesheet_are_served_through_the_same_host(suspended_b, host, status, text):
    client = Client(HTTP_HOST=host)

    page = client.get("/")
    sheets = stylesheets(page.content.decode())
    fetched = [fetch(client, url) for url in sheets]

    assert page.status_code == status
    assert text in page.content.decode()
    assert sheets, "the error page links a stylesheet"
    for code, content_type, body in fetched:
        assert code == 200
        assert content_type.startswith("text/css")
        assert b".surface-error" in body or b"--brand-primary" in body


def test_a_suspended_sites_page_links_nothing_the_closed_host_would_refuse(people, suspended_b):
    Company.objects.filter(pk=suspended_b.pk).update(logo=f"tenants/{suspended_b.pk}/brand/logo.png")
    hosts.forget_company(suspended_b)

    page = Client(HTTP_HOST="bravo.localhost").get("/").content.decode()

    assert "Bravo Repairs" in page
    assert "<img" not in page
    assert "/media/" not in page


def test_api_and_pages_of_a_suspended_company_stay_closed(suspended_b):
    client = Client(HTTP_HOST="bravo.localhost")

    assert client.get("/api/v1/catalog/").status_code == 503
    assert client.get("/static/../login/").status_code in (404, 503)


def test_an_unknown_hosts_page_speaks_the_visitors_language_not_the_last_requests(people):
    from django.utils import translation

    translation.activate("zh-hans")  # what a previous request on this server thread left active

    english = Client(HTTP_HOST="nobody-here.localhost", HTTP_ACCEPT_LANGUAGE="en-US").get("/")
    chinese = Client(HTTP_HOST="nobody-here.localhost", HTTP_ACCEPT_LANGUAGE="zh-CN").get("/")

    assert english.status_code == 404 and "No site here" in english.content.decode()
    assert "这里没有网站" in chinese.content.decode()
