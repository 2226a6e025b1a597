"""The production web server (gunicorn) pointed at a dead Redis or a dead PostgreSQL: it degrades
instead of answering 500 (issue 13 point 9)."""
import json
import urllib.error
import urllib.request

import pytest

from tests.processes import web_server

pytestmark = pytest.mark.fault

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
DEAD_POSTGRES = "postgres://postgres@127.0.0.1:1/doorstep_gone"


def call(running, host: str, path: str, body: dict | None = None, **headers: str) -> tuple[int, dict, str]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Host": host, **headers, **({"Content-Type": "application/json"} if data else {})}
    request = urllib.request.Request(f"{running.base_url}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_with_redis_down_pages_are_served_and_sign_in_is_refused_clearly(people):
    with web_server(workers=1, threads=2, healthy=False, REDIS_URL=DEAD_REDIS) as running:
        health = call(running, "localhost", "/healthz")
        home = call(running, "alpha.localhost", "/")
        services = call(running, "alpha.localhost", "/api/v1/catalog/services/")
        platform = call(running, "localhost", "/")
        sign_in = call(running, "alpha.localhost", "/api/v1/auth/token/",
                       {"identifier": "owner@alpha.example", "password": "wrong-password"})

    assert health[0] == 503 and "redis" in health[2]
    assert home[0] == 200 and "Alpha Cleaning" in home[2]
    assert services[0] == 200 and json.loads(services[2])
    assert platform[0] == 200
    assert sign_in[0] == 503
    assert json.loads(sign_in[2])["code"] == "rate_limit_unavailable"
    assert sign_in[1]["Retry-After"].isdigit()


def test_with_postgres_down_pages_answer_a_friendly_503_and_the_api_json(people):
    with web_server(workers=1, threads=2, healthy=False, DATABASE_URL=DEAD_POSTGRES) as running:
        health = call(running, "localhost", "/healthz")
        page = call(running, "alpha.localhost", "/")
        platform = call(running, "localhost", "/worker/")
        api = call(running, "alpha.localhost", "/api/v1/catalog/services/")
        chinese = call(running, "alpha.localhost", "/", **{"Accept-Language": "zh-CN,zh;q=0.9"})
        sign_in = call(running, "alpha.localhost", "/api/v1/auth/token/",
                       {"identifier": "owner@alpha.example", "password": "wrong-password"})
        log = running.log()

    assert health[0] == 503 and "database" in health[2]
    for status, headers, body in (page, platform):
        assert status == 503
        assert headers["Retry-After"].isdigit()
        assert "Temporarily unavailable" in body
        assert "Traceback" not in body and "OperationalError" not in body
    for status, headers, body in (api, sign_in):
        assert status == 503
        assert headers["Retry-After"].isdigit()
        assert json.loads(body)["code"] == "temporarily_unavailable"
    assert chinese[0] == 503 and "暂时无法使用" in chinese[2]
    assert "dependency unavailable" in log  # still reported, as an error
