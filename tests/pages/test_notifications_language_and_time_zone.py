"""Notifications speak the reader's language (the one they use on the site, remembered on their
account) and give times in the company's time zone, in the inbox, the SMS and the email."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.utils import timezone

from shared_apps.notifications.messages import render
from shared_apps.notifications.models import Notification
from shared_apps.notifications.services import deliver_outbox_message, notify
from shared_apps.sms.backends import outbox as sms_outbox
from tests.support import PASSWORD

# 06:00 UTC is 14:00 in Shanghai, alpha's time zone.
START = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


def order_context(**extra) -> dict:
    return {"company": "Alpha Cleaning", "language": "en", "order": "#7", "service": "Home cleaning",
            "time_zone": "Asia/Shanghai", "times": {"start": START.isoformat()}, **extra}


def test_times_are_the_companys_written_the_readers_way():
    assert render("order.paid", order_context(), language="en")[1] == (
        "Your order for Home cleaning on Dec. 3, 2026, 14:00 is confirmed. We are finding your worker.")
    title, body = render("order.paid", order_context(), language="zh-hans")
    assert title == "订单 #7 已确认"
    assert "2026年12月3日 14:00" in body and "Dec" not in body


def test_words_the_system_wrote_are_translated_for_the_reader_a_persons_words_are_not():
    context = order_context(requester="The customer", reason="It was not paid in time.",
                            times={"start": START.isoformat(), "new_start": START.isoformat()})
    _title, body = render("order.reschedule_requested", context, language="zh-hans")
    assert body.startswith("顾客") and "未按时付款。" in body and "The customer" not in body

    _title, typed = render("order.cancelled", order_context(reason="Car broke down"), language="zh-hans")
    assert typed.endswith("Car broke down")


def password_login(client, path, phone, **headers):
    return client.post(path, {"method": "password", "identifier": phone, "password": PASSWORD}, **headers)


def test_the_language_a_customer_signs_in_with_is_remembered_and_their_messages_use_it(
        page_client, people, in_schema):
    customer = people.customer_a
    assert customer.preferred_language == ""
    client = page_client(people.company_a, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert password_login(client, "/login/", customer.phone).status_code == 302
    customer.refresh_from_db()
    assert customer.preferred_language == "zh-hans"

    # an English company's message reaches them in Chinese, on every channel
    customer.email = "customer@alpha.example"
    customer.save(update_fields=["email"])
    with in_schema(people.company_a.schema_name):
        [row] = notify(actor=customer, user_ids=[customer.pk], kind="order.paid", context=order_context())
    sms_outbox.clear()
    assert deliver_outbox_message(outbox_id=row.pk)
    inbox = Notification.objects.get(outbox=row)
    assert inbox.title == "订单 #7 已确认" and "2026年12月3日 14:00" in inbox.body
    assert "订单 #7 已确认" in sms_outbox[-1]["text"]
    assert mail.outbox[-1].subject == "订单 #7 已确认"

    # choosing English on the site replaces it
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    customer.refresh_from_db()
    assert customer.preferred_language == "en"


def test_signing_in_again_in_another_language_keeps_the_remembered_one(page_client, people):
    worker = people.shared_worker
    worker.preferred_language = "zh-hans"
    worker.save(update_fields=["preferred_language"])
    client = page_client(None, HTTP_ACCEPT_LANGUAGE="en-US")
    assert password_login(client, "/worker/login/", worker.phone).status_code == 302
    worker.refresh_from_db()
    assert worker.preferred_language == "zh-hans"


@pytest.mark.parametrize("where", ["site", "worker app"])
def test_the_inbox_shows_when_in_the_companys_time_zone(page_client, people, where):
    user = people.customer_a if where == "site" else people.shared_worker
    note = Notification.objects.create(user=user, company_id=people.company_a.pk, kind="order.paid",
                                       title="Order #7 confirmed", body="")
    Notification.objects.filter(pk=note.pk).update(created_at=START)
    client = page_client(people.company_a if where == "site" else None, user, HTTP_ACCEPT_LANGUAGE="en")

    html = client.get("/notifications/" if where == "site" else "/worker/notifications/").content.decode()

    assert "Order #7 confirmed" in html
    assert "Dec. 3, 2026, 14:00" in html and "2026, 06:00" not in html
    assert timezone.get_current_timezone_name() == "UTC"  # the page's zone did not leak out
