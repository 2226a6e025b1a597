"""The platform's accounts: what each company owes in fees, and the fees the platform has earned.

Same shape and the same database invariants as a company's ledger (tenant_apps.ledger): amounts
are signed fen, credit positive and debit negative; a journal transaction's postings sum to zero
(checked at COMMIT); a guarded account's balance never goes below zero (CHECK); postings are
append-only; an event key posts once (UNIQUE)."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class PlatformAccountKind(models.TextChoices):
    FEE_REVENUE = "fee_revenue", "Platform fee revenue (per company)"
    FEES_RECEIVABLE = "fees_receivable", "Fees receivable from a company"


# Debit-normal accounts (what is owed to the platform) hold negative balances; the rest are guarded.
MAY_GO_NEGATIVE = frozenset({PlatformAccountKind.FEES_RECEIVABLE})


class PlatformTransactionKind(models.TextChoices):
    PLATFORM_FEE = "platform_fee", "Platform fee"


class PlatformAccount(models.Model):
    kind = models.CharField(max_length=30, choices=PlatformAccountKind.choices)
    company = models.ForeignKey("tenants.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    may_go_negative = models.BooleanField()
    balance = models.BigIntegerField(default=0, help_text="Credits minus debits, in fen; kept by postings only.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "platform_ledger_account"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "company"], nulls_distinct=False, name="platform_account_once"),
            models.CheckConstraint(condition=Q(balance__gte=0) | Q(may_go_negative=True),
                                   name="platform_guarded_account_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.company_id or ''}".strip()


class PlatformTransaction(models.Model):
    """One journal transaction: its postings sum to zero. Append-only."""

    kind = models.CharField(max_length=30, choices=PlatformTransactionKind.choices)
    memo = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    company = models.ForeignKey("tenants.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    order_id = models.BigIntegerField(null=True, blank=True, help_text="The order's id in the company's schema.")
    event_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "platform_ledger_transaction"
        ordering = ["id"]  # append-only: no updated_at

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class PlatformPosting(models.Model):
    transaction = models.ForeignKey(PlatformTransaction, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(PlatformAccount, on_delete=models.PROTECT, related_name="postings")
    amount = models.BigIntegerField(help_text="Fen; credit positive, debit negative.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "platform_ledger_posting"
        ordering = ["id"]  # append-only: no updated_at
        indexes = [models.Index(fields=["account", "id"], name="platform_posting_account")]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="platform_posting_not_zero")]

    def __str__(self) -> str:
        return f"{self.amount:+d} fen on {self.account_id}"
