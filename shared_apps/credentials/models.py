"""Credentials, their files, the worker's consent to share them, and the log of every company view."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shared_apps.core.storage import PrivateStorage, PrivateUploadPath


class CredentialKind(models.TextChoices):
    ID_CARD = "id_card", _("ID card")
    HEALTH = "health", _("Health certificate")
    SKILL = "skill", _("Skill certificate or licence")
    INSURANCE = "insurance", _("Insurance")


class CredentialStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


class ReasonCode(models.TextChoices):
    """Why a document was refused: the worker reads the text, clients switch on the code."""

    UNREADABLE = "unreadable", _("The photo is blurred or unreadable")
    NAME_MISMATCH = "name_mismatch", _("The name does not match your real-name record")
    EXPIRED_DOCUMENT = "expired_document", _("The document has expired")
    WRONG_DOCUMENT = "wrong_document", _("This is not the document asked for")
    INCOMPLETE = "incomplete", _("A page or side is missing")
    SUSPECTED_FORGERY = "suspected_forgery", _("The document looks altered")


class Credential(models.Model):
    """One document of a worker. A rejection is proposed by one operator and confirmed by another
    (four eyes): until then the proposal sits on the row and the status stays submitted."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(max_length=20, choices=CredentialKind.choices)
    title = models.CharField(max_length=120, blank=True, help_text="For skills: the certificate's name.")
    # The ID number sealed (Fernet, shared_apps.core.sealing); only the last four are kept in clear.
    number_sealed = models.TextField(blank=True)
    number_last4 = models.CharField(max_length=4, blank=True)
    name_on_document = models.CharField(max_length=100, blank=True)
    name_verified = models.BooleanField(default=False)
    issuer = models.CharField(max_length=120, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=CredentialStatus.choices, default=CredentialStatus.SUBMITTED)
    reason_code = models.CharField(max_length=30, choices=ReasonCode.choices, blank=True)
    reason_note = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    review_due_at = models.DateTimeField(help_text="The review SLA: submitted_at + CREDENTIAL_REVIEW_SLA_HOURS.")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    rejection_proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                              blank=True, related_name="+")
    rejection_proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_reason_code = models.CharField(max_length=30, choices=ReasonCode.choices, blank=True)
    proposed_reason_note = models.CharField(max_length=300, blank=True)
    reminded_days = models.JSONField(default=list, blank=True, help_text="Expiry reminders sent (90, 60, 30, 7).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "review_due_at"], name="credential_queue")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(status="rejected") | ~models.Q(reason_code=""),
                                   name="credential_rejected_has_reason"),
            models.CheckConstraint(condition=models.Q(valid_until__isnull=True) | models.Q(valid_from__isnull=True)
                                   | models.Q(valid_until__gte=models.F("valid_from")),
                                   name="credential_valid_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.worker_id}"

    @property
    def masked_number(self) -> str:
        return f"{'*' * 14}{self.number_last4}" if self.number_last4 else ""

    @property
    def is_current(self) -> bool:
        """Approved and not past its validity (the expiry job also flips the status)."""
        return self.status == CredentialStatus.APPROVED and (
            self.valid_until is None or self.valid_until >= timezone.localdate())

    @property
    def has_pending_rejection(self) -> bool:
        return self.status == CredentialStatus.SUBMITTED and self.rejection_proposed_by_id is not None

    @property
    def is_overdue(self) -> bool:
        return self.status == CredentialStatus.SUBMITTED and self.review_due_at < timezone.now()


class CredentialFile(models.Model):
    """A page or side of a credential, in private storage (signed links only). `worker` is repeated so
    that removing a user removes the files' rows without going through the credential."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="files")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=PrivateUploadPath("credentials"), storage=PrivateStorage(), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.file.name


class CredentialShare(models.Model):
    """The worker's consent that company `company_id` may see one credential; revoked_at ends it."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="shares")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company_id = models.BigIntegerField()
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["credential", "company_id"], condition=models.Q(revoked_at__isnull=True),
                                    name="credential_share_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.credential_id} → company {self.company_id}"


class CredentialView(models.Model):
    """A company person opened a shared credential: the worker sees who looked and when."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="views")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company_id = models.BigIntegerField()
    company_name = models.CharField(max_length=200)
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    viewer_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.viewer_name} viewed {self.credential_id}"


class CheckStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Waiting for your consent")
    REQUESTED = "requested", pgettext_lazy("background check", "Requested")
    IN_PROGRESS = "in_progress", pgettext_lazy("background check", "In progress")
    DONE = "done", pgettext_lazy("background check", "Done")


class CheckResult(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", pgettext_lazy("background check", "Fail")
    CONSIDER = "consider", _("Consider")


class BackgroundCheck(models.Model):
    """One background check of a worker by a provider (shared_apps.credentials.screening). Nothing
    is asked of the provider before the worker consents (consented_at): a yearly re-check or a
    re-check after a dispute starts as awaiting consent. Only the outcome, its date and the
    provider's reference are kept, never the report."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="background_checks")
    status = models.CharField(max_length=20, choices=CheckStatus.choices, default=CheckStatus.AWAITING_CONSENT)
    reason = models.CharField(max_length=20, default="first", help_text="first, yearly or dispute.")
    consented_at = models.DateTimeField(null=True, blank=True)
    consent_text = models.CharField(max_length=400, blank=True, help_text="The words the worker agreed to.")
    provider = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=80, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=CheckResult.choices, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    provider_result = models.CharField(max_length=10, choices=CheckResult.choices, blank=True,
                                       help_text="What the provider answered, kept when an operator overrules it.")
    result_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status="awaiting_consent") | models.Q(consented_at__isnull=False),
                                   name="background_check_needs_consent"),
            models.CheckConstraint(condition=~models.Q(status="done") | (~models.Q(result="")
                                                                         & models.Q(completed_at__isnull=False)),
                                   name="background_check_done_has_result"),
            models.UniqueConstraint(fields=["worker"], condition=~models.Q(status="done"),
                                    name="background_check_one_open"),
        ]

    def __str__(self) -> str:
        return f"Background check {self.pk} of {self.worker_id}"

    @property
    def can_dispute(self) -> bool:
        return self.status == CheckStatus.DONE and self.result in (CheckResult.FAIL, CheckResult.CONSIDER)


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Under review")
    RECHECK = "recheck", _("Upheld: a new check")
    PASSED = "passed", _("Upheld: marked as pass")
    REJECTED = "rejected", _("Not upheld")


class BackgroundCheckDispute(models.Model):
    """The worker contests a fail or consider with a statement; an operator decides."""

    background_check = models.ForeignKey(BackgroundCheck, on_delete=models.CASCADE, related_name="disputes")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    statement = models.TextField(max_length=2000)
    status = models.CharField(max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["background_check"], condition=models.Q(status="open"),
                                    name="background_dispute_one_open"),
        ]

    def __str__(self) -> str:
        return f"Dispute {self.pk} of check {self.background_check_id}"
