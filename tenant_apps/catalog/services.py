"""Changing the catalog of the current company (run inside its schema). Every change is validated
with the model's rules, locked, and recorded in the change log with its actor."""
from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.models import Change
from shared_apps.changes.services import record_change
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, ValidationFailed

from .errors import CatalogError
from .locks import lock_category, lock_row, lock_service
from .models import (
    AddOn,
    CancellationTier,
    CatalogSettings,
    Category,
    Holiday,
    Service,
    ServicePhoto,
    Surcharge,
    Variant,
    Zone,
)

Values = dict[str, Any]
Actor = User | SystemActor


def record_catalog_change(*, actor: Actor, action: str, target_id: int | None, data: Values | None = None) -> Change:
    """Write the change to the change log and give the catalog a new version, in the caller's
    transaction: cached pricing inputs of the old version are never read again (see
    selectors.pricing_terms_for)."""
    if not CatalogSettings.objects.filter(pk=1).update(version=uuid.uuid4()):
        CatalogSettings.objects.get_or_create(pk=1)
    return record_change(actor=actor, action=action, target_id=target_id, data=data)


def _validated_save(obj: models.Model, *, actor: Actor, action: str, changed: Values) -> models.Model:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(_field_errors(exc)) from None
    obj.save()
    record_catalog_change(actor=actor, action=action, target_id=obj.pk, data=_loggable(changed))
    return obj


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    """Model errors as API fields; whole-row errors under "non_field_errors", as DRF names them."""
    return {("non_field_errors" if k == NON_FIELD_ERRORS else k): [str(m) for m in v]
            for k, v in exc.message_dict.items()}


def _loggable(values: Values) -> Values:
    out = {}
    for key, value in values.items():
        if isinstance(value, models.Model):
            out[key] = value.pk
        elif isinstance(value, str | int | float | bool | list | dict) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def _decimals(model: type[models.Model], values: Values) -> Values:
    """Floats for decimal columns (map coordinates, percentages) rounded to the column's places."""
    out = dict(values)
    for key, value in values.items():
        field = model._meta.get_field(key) if key in {f.name for f in model._meta.fields} else None
        if isinstance(field, models.DecimalField) and isinstance(value, float):
            out[key] = Decimal(str(round(value, field.decimal_places)))
    return out


def _create(model: type[models.Model], *, actor: Actor, values: Values, **parents) -> models.Model:
    values = _decimals(model, values)
    with transaction.atomic():
        obj = model(**parents, **values)
        return _validated_save(obj, actor=actor, action=f"{model._meta.model_name}.created", changed=values)


def _update(obj: models.Model, *, actor: Actor, changes: Values) -> models.Model:
    """Lock the row, apply `changes`, re-validate, save."""
    changes = _decimals(type(obj), changes)
    with transaction.atomic():
        obj = lock_row(type(obj), obj.pk)
        for key, value in changes.items():
            setattr(obj, key, value)
        return _validated_save(obj, actor=actor, action=f"{obj._meta.model_name}.changed", changed=changes)


def _delete(obj: models.Model, *, actor: Actor) -> None:
    with transaction.atomic():
        record_catalog_change(actor=actor, action=f"{obj._meta.model_name}.deleted", target_id=obj.pk)
        obj.delete()


# ---- settings ------------------------------------------------------------------------------------

def update_catalog_settings(*, actor: Actor, changes: Values) -> CatalogSettings:
    with transaction.atomic():
        CatalogSettings.objects.get_or_create(pk=1)
        return _update(CatalogSettings(pk=1), actor=actor, changes=changes)


# ---- categories ----------------------------------------------------------------------------------

def create_category(*, actor: Actor, values: Values) -> Category:
    return _create(Category, actor=actor, values=values)


def update_category(*, actor: Actor, category: Category, changes: Values) -> Category:
    return _update(category, actor=actor, changes=changes)


def delete_category(*, actor: Actor, category: Category) -> None:
    """Only an empty category goes: services and sub-categories must move or go first."""
    with transaction.atomic():
        category = lock_category(category.pk)
        if category.services.exists() or category.children.exists():
            raise DomainError(CatalogError.CATEGORY_IN_USE,
                              _("This category still has services or sub-categories."), status=409)
        _delete(category, actor=actor)


# ---- services, variants, add-ons, photos ---------------------------------------------------------

def create_service(*, actor: Actor, values: Values) -> Service:
    return _create(Service, actor=actor, values=values)


def update_service(*, actor: Actor, service: Service, changes: Values) -> Service:
    return _update(service, actor=actor, changes=changes)


def delete_service(*, actor: Actor, service: Service) -> None:
    _delete(service, actor=actor)


def create_variant(*, actor: Actor, service: Service, values: Values) -> Variant:
    return _create(Variant, actor=actor, values=values, service=service)


def update_variant(*, actor: Actor, variant: Variant, changes: Values) -> Variant:
    return _update(variant, actor=actor, changes=changes)


def delete_variant(*, actor: Actor, variant: Variant) -> None:
    """A service keeps at least one variant: it is how the service is priced."""
    with transaction.atomic():
        lock_service(variant.service_id)
        if not Variant.objects.filter(service_id=variant.service_id).exclude(pk=variant.pk).exists():
            raise DomainError(CatalogError.LAST_VARIANT,
                              _("A service keeps at least one variant; deactivate the service instead."), status=409)
        _delete(variant, actor=actor)


def create_add_on(*, actor: Actor, service: Service, values: Values) -> AddOn:
    return _create(AddOn, actor=actor, values=values, service=service)


def update_add_on(*, actor: Actor, add_on: AddOn, changes: Values) -> AddOn:
    return _update(add_on, actor=actor, changes=changes)


def delete_add_on(*, actor: Actor, add_on: AddOn) -> None:
    _delete(add_on, actor=actor)


def add_service_photo(*, actor: Actor, service: Service, image: File, position: int = 0) -> ServicePhoto:
    return _create(ServicePhoto, actor=actor, values={"image": image, "position": position}, service=service)


def delete_service_photo(*, actor: Actor, photo: ServicePhoto) -> None:
    with transaction.atomic():
        _delete(photo, actor=actor)
        transaction.on_commit(lambda: photo.image.delete(save=False))


def set_cancellation_policy(*, actor: Actor, service: Service, tiers: list[Values]) -> list[CancellationTier]:
    """Replace the service's cancellation tiers with `tiers` (each: hours_before or on_the_way,
    percent, amount)."""
    errors: dict[str, list[str]] = {}
    seen_hours: set[int] = set()
    on_the_way = 0
    rows = []
    for index, values in enumerate(tiers):
        tier = CancellationTier(service=service, **values)
        if tier.on_the_way:
            tier.hours_before = None
            on_the_way += 1
            if on_the_way > 1:
                errors[f"tiers.{index}.on_the_way"] = [_("Only one tier applies once the worker is on the way.")]
        elif tier.hours_before is None:
            errors[f"tiers.{index}.hours_before"] = [_("Give the hours before the visit, or mark it on the way.")]
        elif tier.hours_before in seen_hours:
            errors[f"tiers.{index}.hours_before"] = [_("Two tiers have the same hours.")]
        else:
            seen_hours.add(tier.hours_before)
        try:
            tier.full_clean(exclude=["service"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.update({f"tiers.{index}.{k}": v for k, v in _field_errors(exc).items()})
        rows.append(tier)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        lock_service(service.pk)
        CancellationTier.objects.filter(service=service).delete()
        created = CancellationTier.objects.bulk_create(rows)
        record_catalog_change(actor=actor, action="cancellation_policy.set", target_id=service.pk,
                      data={"tiers": [_loggable(t) for t in tiers]})
    return sorted(created, key=lambda t: (t.on_the_way, -(t.hours_before or 0)))


# ---- price rules, zones, holidays ----------------------------------------------------------------

def create_surcharge(*, actor: Actor, values: Values) -> Surcharge:
    return _create(Surcharge, actor=actor, values=values)


def update_surcharge(*, actor: Actor, surcharge: Surcharge, changes: Values) -> Surcharge:
    return _update(surcharge, actor=actor, changes=changes)


def delete_surcharge(*, actor: Actor, surcharge: Surcharge) -> None:
    _delete(surcharge, actor=actor)


def create_zone(*, actor: Actor, values: Values) -> Zone:
    return _create(Zone, actor=actor, values=values)


def update_zone(*, actor: Actor, zone: Zone, changes: Values) -> Zone:
    return _update(zone, actor=actor, changes=changes)


def delete_zone(*, actor: Actor, zone: Zone) -> None:
    _delete(zone, actor=actor)


def create_holiday(*, actor: Actor, values: Values) -> Holiday:
    return _create(Holiday, actor=actor, values=values)


def update_holiday(*, actor: Actor, holiday: Holiday, changes: Values) -> Holiday:
    return _update(holiday, actor=actor, changes=changes)


def delete_holiday(*, actor: Actor, holiday: Holiday) -> None:
    _delete(holiday, actor=actor)
