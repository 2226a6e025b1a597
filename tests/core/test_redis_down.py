"""With Redis down the sites keep working, uncached (issue 13 point 9): pages and the API answer,
signed-in people stay signed in, unknown hosts are still told so; only what cannot work without it
is refused, clearly: sign-in attempts cannot be counted, so they get a 503 instead of unlimited guesses."""
import pytest
from django.test import Client

from tests.conftest import HostClient

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {alias: {**conf, "LOCATION": DEAD_REDIS} for alias, conf in settings.CACHES.items()}


def test_the_storefront_and_its_api_are_served_uncached(people, redis_down):
    client = HostClient("alpha.localhost")

    home = client.get("/")
    services = client.get("/api/v1/catalog/services/")

    assert home.status_code == 200
    assert "Alpha Cleaning" in home.content.decode()
    assert services.status_code == 200
    assert services.json()


def test_a_signed_in_customer_stays_signed_in(people, redis_down):
    client = Client(HTTP_HOST="alpha.localhost")
    client.force_login(people.customer_a)

    response = client.get("/orders/")

    assert response.status_code == 200
    assert "/login/" not in response.get("Location", "")


def test_an_unknown_host_is_still_unknown(people, redis_down):
    response = Client(HTTP_HOST="nobody-here.localhost").get("/")

    assert response.status_code == 404
    assert "nobody-here.localhost" in response.content.decode()


@pytest.mark.parametrize("path, body", [
    ("/api/v1/auth/token/", {"identifier": "owner@alpha.example", "password": "wrong-password"}),
    ("/api/v1/auth/sms-code/", {"phone": "+8613812345678"}),
])
def test_sign_in_attempts_are_refused_with_a_clear_503(people, redis_down, path, body):
    response = HostClient("alpha.localhost").post(path, body, format="json")

    assert response.status_code == 503
    assert response.json()["code"] == "rate_limit_unavailable"
    assert "try again in a few minutes" in response.json()["message"]
    assert response["Retry-After"].isdigit()


def test_the_sign_in_page_says_why_it_refuses(people, redis_down):
    client = Client(HTTP_HOST="alpha.localhost")

    response = client.post("/login/", {"method": "password", "identifier": "owner@alpha.example",
                                       "password": "wrong-password"})

    assert "Signing in is paused for a moment" in response.content.decode()
    assert "_auth_user_id" not in client.session
