"""SMS backends: the Twilio adapter against a local fake of its API, and the development backends."""
import base64
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection

from shared_apps.sms import backends as sms


class FakeTwilio:
    """Twilio's Messages endpoint on 127.0.0.1: records each request and answers `status`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 201
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                fake.requests.append({
                    "path": self.path, "headers": dict(self.headers), "form": urllib.parse.parse_qs(body),
                })
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"sid": "SM123"}).encode())

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def twilio(settings, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with FakeTwilio() as fake:
        settings.SMS_BACKEND = "twilio"
        settings.TWILIO_API_BASE = fake.base_url
        settings.TWILIO_ACCOUNT_SID = "AC0123456789"
        settings.TWILIO_AUTH_TOKEN = "s3cret-token"
        settings.TWILIO_FROM_NUMBER = "+15005550006"
        yield fake


def test_twilio_gets_a_form_post_with_basic_auth(twilio):
    sms.send_sms("+8613812345678", "[Alpha] Your code is 123456.")

    (request,) = twilio.requests
    assert request["path"] == "/2010-04-01/Accounts/AC0123456789/Messages.json"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    scheme, credentials = request["headers"]["Authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(credentials).decode() == "AC0123456789:s3cret-token"
    assert request["form"] == {
        "To": ["+8613812345678"], "From": ["+15005550006"], "Body": ["[Alpha] Your code is 123456."],
    }


def test_twilio_carries_unicode_text(twilio):
    sms.send_sms("+8613812345678", "【阿尔法】验证码 123456")

    assert twilio.requests[0]["form"]["Body"] == ["【阿尔法】验证码 123456"]


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_an_error_answer_from_twilio_raises_delivery_failed(twilio, status):
    twilio.status = status

    with pytest.raises(sms.SmsDeliveryFailed):
        sms.send_sms("+8613812345678", "hello")

    assert len(twilio.requests) == 1


def test_twilio_that_cannot_be_reached_raises_delivery_failed(twilio, settings):
    settings.TWILIO_API_BASE = "http://127.0.0.1:9"  # discard port: nothing listens

    with pytest.raises(sms.SmsDeliveryFailed):
        sms.send_sms("+8613812345678", "hello")


@pytest.mark.parametrize("missing", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"])
def test_twilio_without_configuration_raises_delivery_failed_and_sends_nothing(twilio, settings, missing):
    setattr(settings, missing, "")

    with pytest.raises(sms.SmsDeliveryFailed, match="not configured"):
        sms.send_sms("+8613812345678", "hello")

    assert twilio.requests == []


def test_an_unknown_backend_raises_delivery_failed(settings):
    settings.SMS_BACKEND = "carrier-pigeon"

    with pytest.raises(sms.SmsDeliveryFailed):
        sms.send_sms("+8613812345678", "hello")


def test_the_locmem_backend_records_the_schema(settings, company_a):
    settings.SMS_BACKEND = "locmem"
    connection.set_tenant(company_a)

    sms.send_sms("+8613812345678", "hello")

    assert [(m["to"], m["text"], m["schema"]) for m in sms.outbox] == [
        ("+8613812345678", "hello", company_a.schema_name)]


def test_the_file_backend_appends_json_lines(settings, tmp_path, db):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "deep" / "sms.jsonl")

    sms.send_sms("+8613812345678", "one")
    sms.send_sms("+8613812345679", "二")

    lines = [json.loads(line) for line in (tmp_path / "deep" / "sms.jsonl").read_text().splitlines()]
    assert [(line["to"], line["text"], line["schema"]) for line in lines] == [
        ("+8613812345678", "one", "public"), ("+8613812345679", "二", "public")]
