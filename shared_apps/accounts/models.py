"""The global user (one person, one login, across every company), SMS codes and login history."""
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WARNED = "warned", _("Warned")
    RESTRICTED = "restricted", _("Restricted")
    BANNED = "banned", _("Banned")


class ConsoleRole(models.TextChoices):
    """Roles of the platform operator's own staff in the console."""

    NONE = "", _("None")
    SUPERADMIN = "superadmin", _("Super admin")
    REVIEWER = "reviewer", _("Reviewer")
    SUPPORT = "support", _("Support")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, *, phone: str | None = None, email: str | None = None, password: str | None = None, **fields):
        if not phone and not email:
            raise ValueError("A user needs a phone or an email.")
        user = self.model(phone=phone or None, email=self.normalize_email(email) or None, **fields)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, *, phone=None, email=None, password=None, **fields):
        fields.setdefault("console_role", ConsoleRole.SUPERADMIN)
        return self.create_user(phone=phone, email=email, password=password, **fields)


class User(AbstractBaseUser):
    phone = models.CharField(_("phone"), max_length=20, null=True, blank=True)
    email = models.EmailField(_("email"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=UserStatus.choices, default=UserStatus.ACTIVE)
    status_reason = models.CharField(max_length=255, blank=True)
    console_role = models.CharField(max_length=20, choices=ConsoleRole.choices, default="", blank=True)
    preferred_language = models.CharField(max_length=10, blank=True)
    # Part of the session hash: raising it ends every web session of the user for good (a ban),
    # even after the status is restored.
    session_generation = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "id"  # people log in by phone or email; see backends.PhoneOrEmailBackend
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["phone"], name="unique_user_phone", condition=Q(phone__isnull=False)),
            models.UniqueConstraint(fields=["email"], name="unique_user_email", condition=Q(email__isnull=False)),
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False), name="user_has_phone_or_email"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.phone or self.email or f"user {self.pk}"

    def _get_session_auth_hash(self, secret=None) -> str:
        from django.utils.crypto import salted_hmac

        if not self.session_generation:  # sessions made before the field existed stay valid
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def is_active(self) -> bool:  # Django and DRF refuse inactive users on every request
        return self.status != UserStatus.BANNED

    @property
    def is_platform_operator(self) -> bool:
        return bool(self.console_role)

    @property
    def is_staff(self) -> bool:  # for Django internals that ask; the console uses console_role
        return self.is_platform_operator

    @property
    def is_superuser(self) -> bool:
        return self.console_role == ConsoleRole.SUPERADMIN

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_superuser

    def has_module_perms(self, app_label) -> bool:
        return self.is_superuser

    @property
    def display_name(self) -> str:
        return str(self)


class SmsPurpose(models.TextChoices):
    LOGIN = "login", _("Log in")


class SmsCode(models.Model):
    """A one-time code sent by SMS. Only its hash is kept."""

    phone = models.CharField(max_length=20, db_index=True)
    purpose = models.CharField(max_length=20, choices=SmsPurpose.choices, default=SmsPurpose.LOGIN)
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)
    requested_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"code for {self.phone}"

    @property
    def is_usable(self) -> bool:
        return self.consumed_at is None and self.expires_at > timezone.now()


class LoginMethod(models.TextChoices):
    PASSWORD = "password", _("Password")
    SMS = "sms", _("SMS code")
    TICKET = "ticket", _("Link after sign-up")


class LoginEvent(models.Model):
    """Login history (successes and failures) for account security and rate limits."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="login_events")
    identifier = models.CharField(max_length=254)
    method = models.CharField(max_length=10, choices=LoginMethod.choices)
    succeeded = models.BooleanField()
    reason = models.CharField(max_length=50, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    host = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.identifier} {self.method} {'ok' if self.succeeded else self.reason}"
