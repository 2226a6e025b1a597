"""Private files on local disk answer HTTP range requests, so a lesson video can be sought and
resumed (issue 18 point 5): 206 with Content-Range for one range, 416 when it cannot be met, the
whole file (200) without a Range header."""
from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from shared_apps.core.private_files import private_file_url
from shared_apps.core.storage import private_storage

BODY = bytes(range(256)) * 4  # 1024 bytes, every offset distinguishable


@pytest.fixture
def link(db):
    name = private_storage().save("courses/test/ranges.mp4", ContentFile(BODY))
    yield "/" + private_file_url(name).split("://", 1)[1].split("/", 1)[1]
    private_storage().delete(name)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_no_range_sends_the_whole_file_and_says_ranges_are_accepted(client, link):
    response = client.get(link, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert _body(response) == BODY


def test_the_first_bytes(client, link):
    response = client.get(link, HTTP_HOST="localhost", HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 0-99/1024"
    assert response["Content-Length"] == "100"
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == BODY[:100]


def test_a_range_in_the_middle(client, link):
    response = client.get(link, HTTP_HOST="localhost", HTTP_RANGE="bytes=500-511")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 500-511/1024"
    assert _body(response) == BODY[500:512]


def test_an_open_ended_range_runs_to_the_end(client, link):
    response = client.get(link, HTTP_HOST="localhost", HTTP_RANGE="bytes=1000-")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 1000-1023/1024"
    assert _body(response) == BODY[1000:]


def test_a_suffix_range_sends_the_last_bytes(client, link):
    response = client.get(link, HTTP_HOST="localhost", HTTP_RANGE="bytes=-100")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 924-1023/1024"
    assert response["Content-Length"] == "100"
    assert _body(response) == BODY[-100:]


def test_a_range_past_the_end_is_cut_to_the_file(client, link):
    response = client.get(link, HTTP_HOST="localhost", HTTP_RANGE="bytes=1020-5000")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 1020-1023/1024"
    assert _body(response) == BODY[1020:]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_an_unsatisfiable_range_is_416_with_the_size(client, link, header):
    response = client.get(link, HTTP_HOST="localhost", HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize("header", ["bytes=10-5", "items=0-5", "bytes=0-1,5-6"])
def test_a_range_we_do_not_serve_gets_the_whole_file(client, link, header):
    response = client.get(link, HTTP_HOST="localhost", HTTP_RANGE=header)
    assert response.status_code == 200
    assert _body(response) == BODY


def test_an_expired_or_forged_link_gets_no_bytes_even_with_a_range(client, link):
    response = client.get(link[:-3] + "xyz", HTTP_HOST="localhost", HTTP_RANGE="bytes=0-9")
    assert response.status_code == 403
