"""Expiry that acts: reminders 90, 60, 30 and 7 days ahead (each once), and expiry on the day after."""
from datetime import timedelta

from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from shared_apps.credentials.services import (
    approve_credential,
    expire_credentials,
    send_expiry_reminders,
    submit_credential,
)
from shared_apps.notifications.models import Outbox

from .support import health_input


def test_reminders_go_out_at_90_60_30_and_7_days_each_once(people):
    today = timezone.localdate()
    credential = submit_credential(actor=people.worker_a, data=health_input(valid_until=today + timedelta(days=100)))
    approve_credential(actor=people.operator, credential_id=credential.pk)

    def reminders():
        return Outbox.objects.filter(user=people.worker_a, kind="credential.expiring").count()

    assert send_expiry_reminders(actor=SYSTEM, today=today) == 0  # 100 days: nothing yet
    assert send_expiry_reminders(actor=SYSTEM, today=today + timedelta(days=10)) == 1  # 90 days left
    assert send_expiry_reminders(actor=SYSTEM, today=today + timedelta(days=11)) == 0  # not twice
    assert send_expiry_reminders(actor=SYSTEM, today=today + timedelta(days=40)) == 1  # 60
    assert send_expiry_reminders(actor=SYSTEM, today=today + timedelta(days=75)) == 1  # 25 left: the 30 one
    assert send_expiry_reminders(actor=SYSTEM, today=today + timedelta(days=94)) == 1  # 6 left: the 7 one
    assert send_expiry_reminders(actor=SYSTEM, today=today + timedelta(days=95)) == 0
    assert reminders() == 4
    context = Outbox.objects.filter(user=people.worker_a, kind="credential.expiring").order_by("pk").first().context
    assert context["days"] == "90" and context["credential"] == "Health certificate"

    assert expire_credentials(actor=SYSTEM, today=today + timedelta(days=100)) == 0  # valid through its last day
    assert expire_credentials(actor=SYSTEM, today=today + timedelta(days=101)) == 1
    credential.refresh_from_db()
    assert credential.status == "expired"
    assert Outbox.objects.filter(user=people.worker_a, kind="credential.expired").count() == 1
