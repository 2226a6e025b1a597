from django.apps import AppConfig


class PlatformLedgerConfig(AppConfig):
    """The platform's own double-entry accounts (fees earned from companies). Public schema.

    Its migrations also install the ledger's database invariants as functions in `public` (balanced
    journal transactions at commit, balances kept by postings, append-only rows), shared by this
    ledger and every company's (`tenant_apps.ledger`)."""

    name = "shared_apps.platform_ledger"
    label = "platform_ledger"
