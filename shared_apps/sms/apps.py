from django.apps import AppConfig


class SmsConfig(AppConfig):
    """Outgoing SMS through a pluggable backend (console, file, locmem, Twilio). Public; no tables."""

    name = "shared_apps.sms"
    label = "sms"
