"""`make run` serves visitors the friendly error pages, never Django's technical ones (which list
URL patterns and settings); `make dev` keeps them."""
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from config.launcher import settings_environment
from tests.processes import ROOT, child_env, web_server

TECHNICAL = ["URLconf", "urlpatterns", "Traceback", "DEBUG = True", "Request Method"]


def get(running, host: str, path: str) -> tuple[int, str]:
    request = urllib.request.Request(f"{running.base_url}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def run_env(tmp_path, db):
    """The environment `make run` gives its children, with static files collected as it does."""
    env = child_env(**settings_environment(dev=False), DOORSTEP_LOCAL_DIR=str(tmp_path))
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                   cwd=ROOT, env=env, check=True)
    return env


def test_make_run_has_debug_off_and_make_dev_on():
    assert settings_environment(dev=False)["DEBUG"] == "false"
    assert settings_environment(dev=True)["DEBUG"] == "true"


def test_make_run_answers_a_missing_page_with_the_friendly_404_and_its_styles(run_env, people):
    with web_server(workers=1, threads=2, **{k: v for k, v in run_env.items() if k in (
            "DJANGO_SETTINGS_MODULE", "DEBUG", "DOORSTEP_LOCAL_DIR")}) as running:
        status, body = get(running, "alpha.localhost", "/no-such-page/")
        sheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', body).group(1)
        sheet_status, css = get(running, "alpha.localhost", sheet)

    assert status == 404
    assert "Page not found" in body
    assert not [word for word in TECHNICAL if word in body]
    assert sheet_status == 200
    assert "--brand-primary" in css


SERVER_ERROR = """
import django, os
from unittest import mock
django.setup()
from django.conf import settings
from django.test import Client
print("DEBUG", settings.DEBUG)
client = Client(HTTP_HOST="alpha.localhost", raise_request_exception=False)
broken = mock.Mock(get=mock.Mock(side_effect=RuntimeError("boom: a bug")))
with mock.patch("tenant_apps.storefront.views.cache", broken):
    response = client.get("/")
print("STATUS", response.status_code)
print(response.content.decode())
"""


def test_make_run_answers_a_bug_with_the_friendly_500(run_env, people):
    result = subprocess.run([sys.executable, "-c", SERVER_ERROR], cwd=ROOT, env=run_env, capture_output=True,
                            text=True, timeout=60)
    page = result.stdout

    assert "DEBUG False" in page, result.stderr[-3000:]
    assert "STATUS 500" in page
    assert "Something went wrong" in page
    assert not [word for word in TECHNICAL + ["boom: a bug"] if word in page]
