"""Sign-in helpers: SMS codes are sent by a Celery task after commit; here it runs in-process."""
from __future__ import annotations

import re

import pytest

from shared_apps.sms import backends as sms


@pytest.fixture
def tasks_run_eagerly():
    """Celery tasks run in this process when sent (the tenant header is still added and honoured)."""
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def request_code(django_capture_on_commit_callbacks, tasks_run_eagerly):
    """request_code(client, phone, **extra) -> response; the SMS lands in sms.outbox on commit."""

    def request(client, phone: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/api/v1/auth/sms-code/", {"phone": phone}, format="json", **extra)

    return request


def code_sent_to(phone: str) -> str:
    """The code of the latest SMS sent to `phone`."""
    texts = [message["text"] for message in sms.outbox if message["to"] == phone]
    assert texts, f"no SMS was sent to {phone}"
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"
