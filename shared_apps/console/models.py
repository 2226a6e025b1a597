"""What the console keeps in the public schema: escalated after-sales cases of every company, so the
platform reads one table instead of entering each company's schema. A row names the company's case
by `(company, case_id)`, never by a foreign key into a company schema; the company's service writes
it in the same transaction as the case's move (public rows last in the lock order)."""
from django.db import models


class EscalatedCase(models.Model):
    company = models.ForeignKey("tenants.Company", on_delete=models.CASCADE, related_name="+")
    case_id = models.BigIntegerField(help_text="The case's id in the company's schema.")
    order_id = models.BigIntegerField()
    category = models.CharField(max_length=20)
    severity = models.CharField(max_length=10)
    status = models.CharField(max_length=30)
    reason = models.TextField()
    sla_breached = models.BooleanField(default=False)
    escalated_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-escalated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["company", "case_id"], name="console_escalation_once")]

    def __str__(self) -> str:
        return f"case {self.case_id} of company {self.company_id}"


class SanctionRecord(models.Model):
    """A sanction a company issued to one of its workers, as the platform sees it across companies
    (the person's user is public; the sanction is named by `(company, sanction_id)`). Written by the
    quality app in the transaction that issues it, kept current on appeal."""

    company = models.ForeignKey("tenants.Company", on_delete=models.CASCADE, related_name="+")
    sanction_id = models.BigIntegerField(help_text="The sanction's id in the company's schema.")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    level_name = models.CharField(max_length=40)
    ground = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    appeal_status = models.CharField(max_length=20, blank=True)
    issued_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["company", "sanction_id"], name="console_sanction_once")]

    def __str__(self) -> str:
        return f"sanction {self.sanction_id} of company {self.company_id}"


class ClaimRecord(models.Model):
    """An insurance claim of a company's after-sales case, as the platform sees it across companies."""

    company = models.ForeignKey("tenants.Company", on_delete=models.CASCADE, related_name="+")
    claim_id = models.BigIntegerField(help_text="The claim's id in the company's schema.")
    case_id = models.BigIntegerField()
    insurer_reference = models.CharField(max_length=100)
    amount_fen = models.BigIntegerField()
    approved_fen = models.BigIntegerField(default=0)
    status = models.CharField(max_length=20)
    serial_claimant = models.BooleanField(default=False)
    filed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["company", "claim_id"], name="console_claim_once")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} of company {self.company_id}"
