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
