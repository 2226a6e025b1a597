"""Signing in: SMS codes, passwords, new identities. Every attempt is rate-limited and recorded."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from shared_apps.changes.services import record_change
from shared_apps.core import ratelimit
from shared_apps.core.errors import DomainError, PermissionDenied, ValidationFailed

from .errors import AccountError
from .models import LoginEvent, LoginMethod, SmsCode, SmsPurpose, User, UserStatus
from .phones import InvalidPhone, normalize_phone


@dataclass(frozen=True)
class ClientInfo:
    """Where a sign-in attempt came from."""

    ip: str | None = None
    user_agent: str = ""
    host: str = ""


def parse_phone(raw: str, *, field: str = "phone") -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        raise ValidationFailed({field: [_("Enter a valid mobile number, e.g. +86 138 0013 8000.")]}) from None


def _hash_code(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def request_login_code(*, phone: str, client: ClientInfo) -> SmsCode:
    """Create a 6-digit code for `phone` and send it by SMS (after commit, through Celery)."""
    e164 = parse_phone(phone)
    if not ratelimit.hit(f"sms:ip:{client.ip}", limit=settings.SMS_CODE_PER_IP_PER_HOUR, window_seconds=3600):
        raise DomainError(AccountError.RATE_LIMITED, _("Too many codes requested. Try again later."), status=429)
    if not ratelimit.hit(f"sms:phone:{e164}", limit=settings.SMS_CODE_PER_PHONE_PER_HOUR, window_seconds=3600):
        raise DomainError(
            AccountError.RATE_LIMITED, _("Too many codes sent to this number. Try again in an hour."), status=429
        )
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        # A new code replaces the earlier ones: only the latest can be used.
        SmsCode.objects.filter(phone=e164, purpose=SmsPurpose.LOGIN, consumed_at__isnull=True).update(
            consumed_at=timezone.now()
        )
        sms_code = SmsCode.objects.create(
            phone=e164,
            code_hash=_hash_code(e164, code),
            expires_at=timezone.now() + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
            requested_ip=client.ip,
        )
        from .tasks import send_login_code as send_login_code_task

        transaction.on_commit(lambda: send_login_code_task.delay(phone=e164, code=code))
    return sms_code


def deliver_login_code(*, phone: str, code: str) -> None:
    """Compose and send the code text, signed with the brand of the company the request came from."""
    from shared_apps.sms.backends import send_sms

    # A Celery worker on the public schema holds django-tenants' FakeTenant (no name), not a Company.
    on_platform = connection.schema_name == settings.PUBLIC_SCHEMA_NAME
    brand = "Doorstep" if on_platform else connection.tenant.name
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    send_sms(phone, _("[%(brand)s] Your code is %(code)s. It expires in %(minutes)s minutes.")
             % {"brand": brand, "code": code, "minutes": minutes})


def sign_in_with_code(*, phone: str, code: str, client: ClientInfo) -> User:
    """Check an SMS code; the phone's user is created on first sign-in (the code proves the phone)."""
    e164 = parse_phone(phone)
    code = (code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        raise ValidationFailed({"code": [_("Enter the 6-digit code from the SMS.")]})
    failure = _check_code(e164, code)  # its attempt counter commits even when the code is wrong
    if failure is not None:
        _record_login(None, e164, LoginMethod.SMS, client, failure)
        raise failure
    with transaction.atomic():
        user = User.objects.select_for_update().filter(phone=e164).first()
        if user is None:
            user = User.objects.create_user(phone=e164)
    return _finish_sign_in(user, e164, LoginMethod.SMS, client)


def _check_code(e164: str, code: str) -> DomainError | None:
    with transaction.atomic():
        sms_code = (
            SmsCode.objects.select_for_update()
            .filter(phone=e164, purpose=SmsPurpose.LOGIN, consumed_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if sms_code is None or sms_code.expires_at <= timezone.now():
            return DomainError(
                AccountError.CODE_EXPIRED, _("This code has expired. Request a new one."),
                fields={"code": [_("This code has expired. Request a new one.")]},
            )
        sms_code.attempts += 1
        if not hmac.compare_digest(sms_code.code_hash, _hash_code(e164, code)):
            if sms_code.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
                sms_code.consumed_at = timezone.now()
                sms_code.save(update_fields=["attempts", "consumed_at", "updated_at"])
                return DomainError(
                    AccountError.CODE_TOO_MANY_ATTEMPTS, _("Too many wrong codes. Request a new one."),
                    status=429, fields={"code": [_("Too many wrong codes. Request a new one.")]},
                )
            sms_code.save(update_fields=["attempts", "updated_at"])
            return DomainError(
                AccountError.CODE_INVALID, _("That code is not right."),
                fields={"code": [_("That code is not right.")]},
            )
        sms_code.consumed_at = timezone.now()
        sms_code.save(update_fields=["attempts", "consumed_at", "updated_at"])
    return None


# Verifying against a real hash when the user is missing keeps response times alike.
_DUMMY_PASSWORD_USER = User(phone="+10000000000")
_DUMMY_PASSWORD_USER.set_unusable_password()


def find_user(identifier: str) -> User | None:
    """A user by email (contains @) or by phone in any format people type."""
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    try:
        e164 = normalize_phone(identifier)
    except InvalidPhone:
        return None
    return User.objects.filter(phone=e164).first()


def _login_key(identifier: str) -> str:
    """One key per phone or email however it is written ("138 0013 8001" is "+8613800138001"),
    so spelling it differently neither dodges the lock nor tells known accounts from unknown ones."""
    if "@" not in identifier:
        try:
            return normalize_phone(identifier)
        except InvalidPhone:
            pass
    return identifier.lower()


def sign_in_with_password(*, identifier: str, password: str, client: ClientInfo) -> User:
    """Phone or email plus password; failures are limited per IP and per account."""
    identifier = (identifier or "").strip()
    if not identifier or not password:
        fields = {}
        if not identifier:
            fields["identifier"] = [_("Enter your phone number or email.")]
        if not password:
            fields["password"] = [_("Enter your password.")]
        raise ValidationFailed(fields)
    ip_key, account_key = f"login-fail:ip:{client.ip}", f"login-fail:id:{_login_key(identifier)}"
    if ratelimit.count(ip_key) >= settings.LOGIN_FAILURES_PER_IP_PER_HOUR or ratelimit.count(account_key) >= 10:
        raise DomainError(
            AccountError.RATE_LIMITED, _("Too many failed attempts. Try again in 15 minutes or use an SMS code."),
            status=429,
        )
    user = find_user(identifier)
    valid = (user or _DUMMY_PASSWORD_USER).check_password(password) and user is not None
    if not valid:
        ratelimit.hit(ip_key, limit=10**9, window_seconds=3600)
        ratelimit.hit(account_key, limit=10**9, window_seconds=900)
        error = DomainError(
            AccountError.INVALID_CREDENTIALS, _("The phone/email or password is not right."), status=400,
            fields={"password": [_("The phone/email or password is not right.")]},
        )
        _record_login(user, identifier, LoginMethod.PASSWORD, client, error)
        raise error
    return _finish_sign_in(user, identifier, LoginMethod.PASSWORD, client)


def _finish_sign_in(user: User, identifier: str, method: str, client: ClientInfo) -> User:
    if user.status == UserStatus.BANNED:
        error = DomainError(AccountError.ACCOUNT_BANNED, _("This account is banned."), status=403)
        _record_login(user, identifier, method, client, error)
        raise error
    _record_login(user, identifier, method, client, None)
    return user


def _record_login(user: User | None, identifier: str, method: str, client: ClientInfo, error: DomainError | None):
    LoginEvent.objects.create(
        user=user,
        identifier=identifier[:254],
        method=method,
        succeeded=error is None,
        reason="" if error is None else error.code,
        ip=client.ip,
        user_agent=client.user_agent[:255],
        host=client.host[:255],
    )


def check_new_identity(
    *, phone: str | None, email: str | None, password: str, field_prefix: str = ""
) -> tuple[str | None, str | None]:
    """Validate a new account's phone/email/password; returns (phone E.164, email) or raises field errors."""
    fields: dict[str, list[str]] = {}
    e164 = None
    if not phone and not email:
        fields[f"{field_prefix}phone"] = [_("Give a mobile number or an email.")]
    if phone:
        try:
            e164 = normalize_phone(phone)
        except InvalidPhone:
            fields[f"{field_prefix}phone"] = [_("Enter a valid mobile number, e.g. +86 138 0013 8000.")]
    if email:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            fields[f"{field_prefix}email"] = [_("Enter a valid email address.")]
    if not password:
        fields[f"{field_prefix}password"] = [_("Choose a password.")]
    else:
        try:
            password_validation.validate_password(password, User(phone=e164, email=email))
        except ValidationError as exc:
            fields[f"{field_prefix}password"] = list(exc.messages)
    if fields:
        raise ValidationFailed(fields)
    return e164, email or None


def register_or_confirm_user(
    *, phone: str | None, email: str | None, password: str, name: str = "", field_prefix: str = ""
) -> User:
    """A new identity with a password, or the existing one when the password proves it is theirs.

    One person has one login across companies: a worker who starts a company keeps their account.
    """
    e164, email = check_new_identity(phone=phone, email=email, password=password, field_prefix=field_prefix)
    existing = {u.pk: u for u in User.objects.filter(phone=e164)} if e164 else {}
    if email:
        existing.update({u.pk: u for u in User.objects.filter(email__iexact=email)})
    if len(existing) > 1:
        raise ValidationFailed({f"{field_prefix}email": [_("This email belongs to another account than this phone.")]})
    if existing:
        user = next(iter(existing.values()))
        if not user.check_password(password):
            field = "phone" if e164 and user.phone == e164 else "email"
            raise ValidationFailed(
                {f"{field_prefix}{field}": [_("Already registered. Enter that account's password, or log in first.")]}
            )
        if user.status == UserStatus.BANNED:
            raise DomainError(AccountError.ACCOUNT_BANNED, _("This account is banned."), status=403)
        return user
    return User.objects.create_user(phone=e164, email=email, password=password, name=name.strip()[:100])


def set_user_status(*, actor: User, user: User, status: str, reason: str = "") -> User:
    """Warn, restrict, ban or restore a user (platform operators only; checked by the caller's view)."""
    if status not in UserStatus.values:
        raise ValidationFailed({"status": [_("Unknown status.")]})
    if user.pk == actor.pk:
        raise ValidationFailed({"status": [_("You cannot change your own status.")]})
    if user.is_platform_operator and not actor.is_superuser:
        raise PermissionDenied(_("Only a super admin can change the status of platform staff."))
    from rest_framework.authtoken.models import Token

    with schema_context(get_public_schema_name()), transaction.atomic():  # console actions: the platform's log
        user = User.objects.select_for_update().get(pk=user.pk)
        before = user.status
        user.status = status
        user.status_reason = reason[:255]
        user.save(update_fields=["status", "status_reason", "updated_at"])
        if status == UserStatus.BANNED:
            Token.objects.filter(user=user).delete()
        record_change(actor=actor, action=f"user.{status}", target_id=user.pk, reason=reason[:255],
                      data={"from": before, "to": status})
    return user


def api_token_for(user: User) -> str:
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return token.key
