"""This app's company set-up step (settings.COMPANY_SETUP_STEPS): the company's own accounts."""
from typing import Any

from .services import ensure_company_accounts


def open_company_accounts(*, actor: Any, company: Any) -> None:
    """The company's own accounts exist from sign-up, so concurrent first payments and fees never
    race to make them (docs/decisions.md, "Ledger", known limit). Per-provider and per-worker
    accounts are still made on first use."""
    ensure_company_accounts()
