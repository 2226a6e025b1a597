"""Signing in: SMS codes, passwords, new identities. Every attempt is rate-limited and recorded."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tenants.utils import get_public_schema_name, schema_context

from shared_apps.changes.services import record_change
from shared_apps.core import ratelimit
from shared_apps.core.errors import DomainError, PermissionDenied, ValidationFailed

from .errors import AccountError
from .locks import lock_live_login_code, lock_user, lock_user_by_phone
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


def request_login_code(*, phone: str, client: ClientInfo) -> str:
    """Create a 6-digit code for `phone` and send it by SMS (after commit, through Celery); returns
    the number it goes to (E.164).

    A banned account gets no code. The answer is the same as for anyone else (it must not tell a
    stranger typing the number that it belongs to a banned account); the phone's owner learns why
    by SMS instead."""
    e164 = parse_phone(phone)
    if not ratelimit.hit(f"sms:ip:{client.ip}", limit=settings.SMS_CODE_PER_IP_PER_HOUR, window_seconds=3600):
        raise DomainError(AccountError.RATE_LIMITED, _("Too many codes requested. Try again later."), status=429)
    if not ratelimit.hit(f"sms:phone:{e164}", limit=settings.SMS_CODE_PER_PHONE_PER_HOUR, window_seconds=3600):
        raise DomainError(
            AccountError.RATE_LIMITED, _("Too many codes sent to this number. Try again in an hour."), status=429
        )
    if User.objects.filter(phone=e164, status=UserStatus.BANNED).exists():
        from .tasks import send_banned_notice as send_banned_notice_task

        transaction.on_commit(lambda: send_banned_notice_task.delay(phone=e164))
        return e164
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
    return sms_code.phone


def deliver_login_code(*, phone: str, code: str) -> None:
    """Compose and send the code text, signed with the brand of the company the request came from."""
    from shared_apps.sms.backends import send_sms

    # A Celery worker on the public schema holds django-tenants' FakeTenant (no name), not a Company.
    on_platform = connection.schema_name == settings.PUBLIC_SCHEMA_NAME
    brand = "Doorstep" if on_platform else connection.tenant.name
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    send_sms(phone, _("[%(brand)s] Your code is %(code)s. It expires in %(minutes)s minutes.")
             % {"brand": brand, "code": code, "minutes": minutes})


def deliver_banned_notice(*, phone: str) -> None:
    """Tell the owner of a banned account, on their own phone, why no code comes."""
    from shared_apps.sms.backends import send_sms

    on_platform = connection.schema_name == settings.PUBLIC_SCHEMA_NAME
    brand = "Doorstep" if on_platform else connection.tenant.name
    send_sms(phone, _("[%(brand)s] This account is banned, so no sign-in code was sent. Please contact support.")
             % {"brand": brand})


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
        user = lock_user_by_phone(e164)
        if user is None:
            user = User.objects.create_user(phone=e164)
    return _finish_sign_in(user, e164, LoginMethod.SMS, client)


def _check_code(e164: str, code: str) -> DomainError | None:
    with transaction.atomic():
        sms_code = lock_live_login_code(e164)
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
    # Each attempt takes its slot before the password is checked (one INCR each), so parallel tries
    # cannot all pass a read-then-check; a right password gives its slots back.
    window = settings.LOGIN_LOCKOUT_SECONDS
    ip_count = ratelimit.take(ip_key, window_seconds=window)
    account_count = ratelimit.take(account_key, window_seconds=window)
    if ip_count > settings.LOGIN_FAILURES_PER_IP or account_count > settings.LOGIN_FAILURES_PER_ACCOUNT:
        ratelimit.give_back(ip_key)
        ratelimit.give_back(account_key)
        locked_by = account_key if account_count > settings.LOGIN_FAILURES_PER_ACCOUNT else ip_key
        retry_after = ratelimit.seconds_left(locked_by) or window  # the lock's real end, said in the message
        minutes = -(-retry_after // 60)
        raise DomainError(
            AccountError.RATE_LIMITED,
            ngettext("Too many failed attempts. Try again in %(minutes)d minute or use an SMS code.",
                     "Too many failed attempts. Try again in %(minutes)d minutes or use an SMS code.",
                     minutes) % {"minutes": minutes},
            status=429, extra={"retry_after": retry_after},
        )
    user = find_user(identifier)
    valid = (user or _DUMMY_PASSWORD_USER).check_password(password) and user is not None
    if not valid:
        error = DomainError(
            AccountError.INVALID_CREDENTIALS, _("The phone/email or password is not right."), status=400,
            fields={"password": [_("The phone/email or password is not right.")]},
        )
        _record_login(user, identifier, LoginMethod.PASSWORD, client, error)
        raise error
    ratelimit.give_back(ip_key)
    ratelimit.give_back(account_key)
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
        user = lock_user(user.pk)
        before = user.status
        user.status = status
        user.status_reason = reason[:255]
        user.save(update_fields=["status", "status_reason", "updated_at"])
        if status == UserStatus.BANNED:
            # A ban ends every session and token for good: restoring the account later must not
            # bring back what a thief (or the banned person) held.
            User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
            user.session_generation = User.objects.values_list("session_generation", flat=True).get(pk=user.pk)
            Token.objects.filter(user=user).delete()
        record_change(actor=actor, action=f"user.{status}", target_id=user.pk, reason=reason[:255],
                      data={"from": before, "to": status})
    return user


def api_token_for(user: User) -> str:
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def remember_language(*, actor: User, user: User, language: str, replace: bool = False) -> None:
    """Keep the language a person uses, for what we send them later (SMS, email, inbox). Set once
    from the language they sign in with; `replace` when they choose one themselves."""
    if language not in dict(settings.LANGUAGES) or user.preferred_language == language:
        return
    if user.preferred_language and not replace:
        return
    before = user.preferred_language
    with schema_context(get_public_schema_name()), transaction.atomic():  # the person's own record
        user.preferred_language = language
        user.save(update_fields=["preferred_language", "updated_at"])
        record_change(actor=actor, action="user.language_set", target_id=user.pk,
                      data={"from": before, "to": language})


# ---- sign-in tickets: the platform host signs the new owner in on their company's host ----------

SIGN_IN_TICKET_SALT = "doorstep.accounts.sign-in-ticket"
SIGN_IN_TICKET_SECONDS = 300


def sign_in_ticket_for(*, user: User, company_id: int) -> str:
    """A signed, short-lived ticket that signs `user` in once on the host of company `company_id`.

    The platform host and a company host share no session cookie, so the page shown after sign-up
    hands this to the company's office instead of asking for the password just typed."""
    payload = {"user": user.pk, "company": company_id, "nonce": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=SIGN_IN_TICKET_SALT)


def sign_in_with_ticket(*, ticket: str, company_id: int, client: ClientInfo) -> User:
    """The user a ticket signs in, once: a second use, another company's ticket, a forged or
    expired one are refused (and recorded like any failed sign-in)."""
    invalid = DomainError(AccountError.TICKET_INVALID, _("This sign-in link is not valid. Please sign in."),
                          status=400)
    try:
        data = signing.loads(ticket, salt=SIGN_IN_TICKET_SALT, max_age=SIGN_IN_TICKET_SECONDS)
    except signing.SignatureExpired:
        raise DomainError(AccountError.TICKET_EXPIRED, _("This sign-in link has expired. Please sign in."),
                          status=400) from None
    except signing.BadSignature:
        raise invalid from None
    if not isinstance(data, dict) or data.get("company") != company_id:
        raise invalid
    user = User.objects.filter(pk=data.get("user")).first()
    if user is None:
        raise invalid
    # One use: the first redeemer adds the nonce; it outlives the ticket itself.
    if not caches["platform"].add(f"sign-in-ticket:{data.get('nonce')}", 1, timeout=SIGN_IN_TICKET_SECONDS + 60):
        _record_login(user, user.phone or user.email or "", LoginMethod.TICKET, client, invalid)
        raise invalid
    return _finish_sign_in(user, user.phone or user.email or "", LoginMethod.TICKET, client)
