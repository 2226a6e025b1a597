"""SMS backends, chosen by settings.SMS_BACKEND. Every backend takes (phone in E.164, text)."""
from __future__ import annotations

import base64
import json
import logging
import threading
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

logger = logging.getLogger("doorstep.sms")

# The locmem backend's outbox, like django.core.mail.outbox (tests read it).
outbox: list[dict] = []
_file_lock = threading.Lock()


class SmsDeliveryFailed(Exception):
    pass


def _record(phone: str, text: str) -> dict:
    return {
        "to": phone,
        "text": text,
        "schema": connection.schema_name,
        "sent_at": datetime.now(UTC).isoformat(),
    }


def send_console(phone: str, text: str) -> None:
    logger.info("SMS to %s: %s", phone, text)


def send_locmem(phone: str, text: str) -> None:
    outbox.append(_record(phone, text))


def send_file(phone: str, text: str) -> None:
    """Append one JSON line per message: development reads its codes there (and so do e2e tests)."""
    path = Path(settings.SMS_FILE_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(_record(phone, text), ensure_ascii=False)
    with _file_lock, path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    logger.info("SMS to %s written to %s", phone, path)


def send_twilio(phone: str, text: str) -> None:
    """Twilio's Messages API: form POST with HTTP basic auth."""
    sid, token = settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN
    if not (sid and token and settings.TWILIO_FROM_NUMBER):
        raise SmsDeliveryFailed("Twilio is not configured")
    url = f"{settings.TWILIO_API_BASE}/2010-04-01/Accounts/{sid}/Messages.json"
    body = urllib.parse.urlencode({"To": phone, "From": settings.TWILIO_FROM_NUMBER, "Body": text}).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - https URL from settings
    credentials = base64.b64encode(f"{sid}:{token}".encode()).decode()
    request.add_header("Authorization", f"Basic {credentials}")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status >= 300:
                raise SmsDeliveryFailed(f"Twilio answered {response.status}")
    except OSError as exc:
        raise SmsDeliveryFailed(str(exc)) from exc


BACKENDS = {"console": send_console, "locmem": send_locmem, "file": send_file, "twilio": send_twilio}


def send_sms(phone: str, text: str) -> None:
    try:
        backend = BACKENDS[settings.SMS_BACKEND]
    except KeyError:
        raise SmsDeliveryFailed(f"unknown SMS_BACKEND {settings.SMS_BACKEND!r}") from None
    backend(phone, text)
