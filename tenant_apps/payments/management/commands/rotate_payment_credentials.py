"""Re-seal every company's payment credentials and webhook secrets under the newest PAYMENT_CREDENTIALS_KEY.

Rotation: put the new key first in PAYMENT_CREDENTIALS_KEY (keep the old one after it), deploy, run
this, then drop the old key."""
from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context


class Command(BaseCommand):
    help = "Re-seal payment credentials under the newest PAYMENT_CREDENTIALS_KEY, in every company."

    def handle(self, *args, **options):
        from shared_apps.core.actor import SYSTEM
        from tenant_apps.payments.money_events import reseal_webhook_secrets
        from tenant_apps.payments.services import reseal_payment_credentials
        from tenants.selectors import companies

        total = endpoints = 0
        for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
            with schema_context(schema_name):
                total += reseal_payment_credentials(actor=SYSTEM)
                endpoints += reseal_webhook_secrets(actor=SYSTEM)
        self.stdout.write(f"Re-sealed the credentials of {total} payment method(s) "
                          f"and the secrets of {endpoints} webhook endpoint(s).")
