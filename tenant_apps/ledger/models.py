"""The company's double-entry ledger. Amounts are integer fen, signed: credit positive, debit
negative. An account's balance is its credits minus its debits, kept by the database from the
postings; the sum of every balance is zero. Guarded accounts (what the company owes: to workers, to
customers, to itself) never go below zero; debit-normal accounts (money held at a provider or in the
bank) hold negative balances and may. The invariants are in the database (migration 0002)."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class AccountKind(models.TextChoices):
    # debit-normal: money the company holds somewhere (negative balances)
    PROVIDER_CLEARING = "provider_clearing", "Customer payments clearing (per provider)"
    COMPANY_CASH = "company_cash", "Company cash (settled to the bank)"
    # debit-normal: what others owe the company for an after-sales remedy they bear
    WORKER_OWES = "worker_owes", "Remedy costs the worker bears (per worker)"
    PLATFORM_OWES = "platform_owes", "Remedy costs the platform bears"
    INSURER_OWES = "insurer_owes", "Remedy costs the insurer bears"
    INSURANCE_EXPENSE = "insurance_expense", "Visit insurance premiums (expense)"
    # credit-normal, guarded: what the ledger owes someone
    COMPANY_REVENUE = "company_revenue", "Company revenue"
    DEPOSITS_HELD = "deposits_held", "Deposits held"
    PLATFORM_FEE_PAYABLE = "platform_fee_payable", "Platform fees payable"
    TIPS = "tips", "Tips received"
    REFUNDS_PAYABLE = "refunds_payable", "Refunds payable"
    WORKER_PENDING = "worker_pending", "Worker earnings pending (per worker)"
    WORKER_AVAILABLE = "worker_available", "Worker earnings available (per worker)"
    WITHDRAWALS_IN_TRANSIT = "withdrawals_in_transit", "Withdrawals in transit (per worker)"
    CUSTOMER_CREDIT = "customer_credit", "Credit granted to customers"
    INSURANCE_PAYABLE = "insurance_payable", "Visit insurance premiums owed to the insurer"


MAY_GO_NEGATIVE = frozenset({AccountKind.PROVIDER_CLEARING, AccountKind.COMPANY_CASH, AccountKind.WORKER_OWES,
                             AccountKind.PLATFORM_OWES, AccountKind.INSURER_OWES, AccountKind.INSURANCE_EXPENSE})
PER_PROVIDER = frozenset({AccountKind.PROVIDER_CLEARING})
PER_WORKER = frozenset({AccountKind.WORKER_PENDING, AccountKind.WORKER_AVAILABLE, AccountKind.WITHDRAWALS_IN_TRANSIT,
                        AccountKind.WORKER_OWES})


class TransactionKind(models.TextChoices):
    PAYMENT = "payment", "Payment"
    DEPOSIT = "deposit", "Deposit"
    COMPANY_SHARE = "company_share", "Deposit released to the company"
    PLATFORM_FEE = "platform_fee", "Platform fee"
    WORKER_EARNING = "worker_earning", "Worker earning"
    TIP = "tip", "Tip"
    REFUND = "refund", "Refund owed"
    REFUND_PAID = "refund_paid", "Refund paid"
    SETTLEMENT = "settlement", "Earnings settled"
    WITHDRAWAL = "withdrawal", "Withdrawal started"
    WITHDRAWAL_PAID = "withdrawal_paid", "Withdrawal paid"
    WITHDRAWAL_FAILED = "withdrawal_failed", "Withdrawal failed"
    REMEDY_CREDIT = "remedy_credit", "Credit granted as an after-sales remedy"
    REMEDY_COST = "remedy_cost", "After-sales remedy cost charged to who bears it"
    INSURANCE_PREMIUM = "insurance_premium", "Visit insurance premium"


class Account(models.Model):
    """One account of the chart: a kind, and the provider or worker it is for when the kind needs one."""

    kind = models.CharField(max_length=30, choices=AccountKind.choices)
    provider = models.CharField(max_length=30, blank=True, default="", help_text="Clearing accounts: the provider.")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", help_text="Worker accounts: the person (one login everywhere).")
    may_go_negative = models.BooleanField()
    balance = models.BigIntegerField(default=0, help_text="Credits minus debits, in fen; kept by postings only.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "provider", "worker"], nulls_distinct=False,
                                    name="ledger_account_once"),
            models.CheckConstraint(condition=Q(balance__gte=0) | Q(may_go_negative=True),
                                   name="ledger_guarded_account_not_negative"),
            models.CheckConstraint(
                condition=Q(kind__in=sorted(PER_PROVIDER), provider__gt="") | (~Q(kind__in=sorted(PER_PROVIDER))
                                                                                 & Q(provider="")),
                name="ledger_account_provider_when_per_provider"),
            models.CheckConstraint(
                condition=Q(kind__in=sorted(PER_WORKER), worker__isnull=False) | (~Q(kind__in=sorted(PER_WORKER))
                                                                                    & Q(worker__isnull=True)),
                name="ledger_account_worker_when_per_worker"),
        ]

    def __str__(self) -> str:
        return " ".join(str(part) for part in (self.kind, self.provider, self.worker_id or "") if part)


class JournalTransaction(models.Model):
    """One money movement: postings that sum to zero, who made it and why. Append-only, so it is also
    the record of the change (no separate change-log row)."""

    kind = models.CharField(max_length=30, choices=TransactionKind.choices)
    memo = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True, help_text="'system' for beat and tasks.")
    order_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    event_key = models.CharField(max_length=200, null=True, blank=True, unique=True,
                                 help_text="A provider event id or our own operation key: it posts once.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]  # append-only: no updated_at

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class Posting(models.Model):
    transaction = models.ForeignKey(JournalTransaction, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = models.BigIntegerField(help_text="Fen; credit positive, debit negative.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]  # append-only: no updated_at
        indexes = [models.Index(fields=["account", "id"], name="ledger_posting_account")]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="ledger_posting_not_zero")]

    def __str__(self) -> str:
        return f"{self.amount:+d} fen on {self.account_id}"
