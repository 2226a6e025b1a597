"""Changing how the company is paid. Lock order: the settings row, then method rows by method name."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.core.sealing import reseal, seal, unseal
from tenant_apps.people.models import StaffRole
from tenant_apps.people.selectors import staff_member_of

from .errors import PaymentSettingsError
from .locks import lock_method, lock_payment_settings
from .methods import ONLINE, Refused
from .models import AccountMode, DepositPolicy, Method, PaymentMethodSetting
from .selectors import PaymentSettingsState, payment_settings_state

MethodChoice = dict[str, Any]  # is_enabled, mode, sub_merchant_id: each optional (missing: unchanged)


def _check_deposit(policy: str, percent: int | None, errors: dict[str, list[str]]) -> int | None:
    if policy not in DepositPolicy.values:
        errors["deposit_policy"] = [_("Choose a deposit policy.")]
        return None
    if policy == DepositPolicy.NONE:
        return None
    if percent is None or not 1 <= percent <= 99:
        errors["deposit_percent"] = [_("A deposit is a whole percentage from 1 to 99.")]
    return percent


def _check_live(state: PaymentSettingsState, errors: dict[str, list[str]]) -> None:
    """Live payments need every enabled online method ready: its account, or its sub-merchant id."""
    for method in state.methods:
        if not (method.is_enabled and method.is_online) or method.is_ready_for_live:
            continue
        if method.mode == AccountMode.PARTNER:
            errors.setdefault(f"{method.method}.sub_merchant_id", []).append(
                _("Enter the sub-merchant ID before taking live payments with %(method)s.")
                % {"method": method.label})
        else:
            labels = [c.label for c in method.credentials if c.name in method.missing]
            errors.setdefault(f"{method.method}.credentials", []).append(
                _("Enter these %(method)s credentials before taking live payments: %(fields)s.")
                % {"method": method.label, "fields": ", ".join(labels)})


def update_payment_settings(*, actor: User, use_sandbox: bool, deposit_policy: str, deposit_percent: int | None,
                            methods: dict[str, MethodChoice]) -> PaymentSettingsState:
    """Sandbox or live, the deposit, and which methods are accepted through which account. Not the
    credentials (set_payment_credentials, the owner's)."""
    errors: dict[str, list[str]] = {}
    percent = _check_deposit(deposit_policy, deposit_percent, errors)
    cleaned: dict[str, MethodChoice] = {}
    for method, choice in methods.items():
        if method not in Method.values:
            errors[method] = [_("Unknown payment method.")]
            continue
        cleaned[method] = dict(choice)
        mode = choice.get("mode")
        if mode is not None and mode not in AccountMode.values:
            errors[f"{method}.mode"] = [_("Choose your own merchant account or the platform's partner account.")]
        sub_merchant_id = (choice.get("sub_merchant_id") or "").strip()
        if sub_merchant_id and method in ONLINE:
            try:
                cleaned[method]["sub_merchant_id"] = ONLINE[method].sub_merchant(sub_merchant_id)
            except Refused as refusal:
                errors[f"{method}.sub_merchant_id"] = [str(refusal)]
        elif "sub_merchant_id" in choice:
            cleaned[method]["sub_merchant_id"] = ""
    if errors:
        raise ValidationFailed(errors)

    with transaction.atomic():
        settings_row = lock_payment_settings()
        changes: dict[str, Any] = {}
        new = {"use_sandbox": use_sandbox, "deposit_policy": deposit_policy, "deposit_percent": percent}
        for name, value in new.items():
            if getattr(settings_row, name) != value:
                changes[name] = [getattr(settings_row, name), value]
                setattr(settings_row, name, value)
        settings_row.save()
        for method in sorted(cleaned):
            row = lock_method(method)
            for name in ("is_enabled", "mode", "sub_merchant_id"):
                if name in cleaned[method] and (name != "mode" or method in ONLINE):
                    value = cleaned[method][name]
                    if getattr(row, name) != value:
                        changes[f"{method}.{name}"] = [getattr(row, name), value]
                        setattr(row, name, value)
            row.save()
        state = payment_settings_state()
        if not state.use_sandbox:
            _check_live(state, errors)
            if errors:
                raise ValidationFailed(errors)  # rolls the whole change back
        record_change(actor=actor, action="payments.settings_changed", target_id=settings_row.pk, data=changes)
    return state


def _require_owner(actor: User) -> None:
    member = staff_member_of(actor)
    if member is None or member.role != StaffRole.OWNER:
        raise DomainError(PaymentSettingsError.OWNER_ONLY,
                          _("Only the owner can enter or replace payment credentials."), status=403)


def set_payment_credentials(*, actor: User, method: str, values: dict[str, str]) -> PaymentSettingsState:
    """Enter or replace some of an online method's credentials (the owner only). Blank values keep
    what is stored. The change log records which fields changed, never their values."""
    _require_owner(actor)
    spec = ONLINE.get(method)
    if spec is None:
        raise ValidationFailed({"method": [_("Only online methods have credentials.")]})
    known = {f.name for f in spec.fields}
    errors: dict[str, list[str]] = {name: [_("Unknown field.")] for name in values if name not in known}
    given: dict[str, str] = {}
    for name, value in values.items():
        value = (value or "").strip()
        if name in known and value:
            try:
                given[name] = spec.field(name).check(value)
            except Refused as refusal:
                errors[name] = [str(refusal)]
    if not errors and not given:
        errors["credentials"] = [_("Enter at least one credential to save.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        lock_payment_settings()
        row = lock_method(method)
        stored = unseal(row.sealed_credentials)
        changed = sorted(name for name, value in given.items() if stored.get(name) != value)
        stored.update(given)
        row.sealed_credentials = seal(stored)
        row.credentials_changed_at = timezone.now()
        row.save(update_fields=["sealed_credentials", "credentials_changed_at", "updated_at"])
        record_change(actor=actor, action="payments.credentials_changed", target_id=row.pk,
                      data={"method": method, "fields": changed})
    return payment_settings_state()


def reseal_payment_credentials(*, actor: Any) -> int:
    """Seal every method's credentials again under the newest PAYMENT_CREDENTIALS_KEY (rotation)."""
    with transaction.atomic():
        lock_payment_settings()
        methods = sorted(PaymentMethodSetting.objects.exclude(sealed_credentials="").values_list("method", flat=True))
        for method in methods:
            row = lock_method(method)
            row.sealed_credentials = reseal(row.sealed_credentials)
            row.save(update_fields=["sealed_credentials", "updated_at"])
        if methods:
            record_change(actor=actor, action="payments.credentials_resealed", data={"methods": methods})
    return len(methods)
