from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """The company's double-entry ledger: accounts, journal transactions and postings in fen, with
    the invariants held by the database (docs/decisions.md, "Ledger"). Company schema."""

    name = "tenant_apps.ledger"
    label = "ledger"
