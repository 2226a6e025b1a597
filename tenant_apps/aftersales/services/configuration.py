"""The company's report windows per service category."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.errors import ValidationFailed
from tenant_apps.catalog.models import Category

from ..models import ReportWindow


def set_report_window(*, actor: User, category_id: int, hours: int | None) -> ReportWindow | None:
    """Set how long customers have to report a problem with this category's services; None goes back
    to the trade's default."""
    if not Category.objects.filter(pk=category_id).exists():
        raise ValidationFailed({"category": [_("No such category.")]})
    if hours is not None and not 1 <= hours <= 24 * 90:
        raise ValidationFailed({"hours": [_("Between 1 hour and 90 days.")]})
    with transaction.atomic():
        if hours is None:
            ReportWindow.objects.filter(category_id=category_id).delete()
            row = None
        else:
            row, _created = ReportWindow.objects.update_or_create(category_id=category_id, defaults={"hours": hours})
        record_change(actor=actor, action="aftersales.report_window", target_id=category_id, data={"hours": hours})
    return row
