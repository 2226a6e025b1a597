"""The back office's price rules: catalog settings (the base, horizon, quote lifetime), surcharges,
service zones and the holiday calendar. Each kind is a list with an add form and an edit page."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shared_apps.core.errors import DomainError
from tenant_apps.people.access import company_manager_required, office_staff_required

from .. import selectors, services
from ..forms.editor import CatalogSettingsForm, HolidayForm, SurchargeForm, ZoneForm
from .office import can_edit, save_with


@dataclass(frozen=True)
class RuleKind:
    """One kind of price rule and the catalog functions that read and change it."""

    key: str  # URL names: office:catalog-<key>s, -<key>-add, -<key>, -<key>-save, -<key>-delete
    title: str
    add_label: str
    form: type
    rows: Callable[[], object]
    get_for: Callable
    create: Callable
    update: Callable
    delete: Callable
    target: str  # the update/delete services' keyword for the row
    added: str
    saved: str
    deleted: str

    def make_form(self, data=None, *, instance=None, read_only=False):
        extra = {"services": selectors.office_services()} if self.form is SurchargeForm else {}
        return self.form(data, instance=instance, read_only=read_only, prefix=None if instance else "new", **extra)


SURCHARGES = RuleKind(
    key="surcharge", title=gettext_lazy("Surcharges"),
    add_label=gettext_lazy("Add a surcharge"), form=SurchargeForm, rows=selectors.office_surcharges,
    get_for=selectors.get_surcharge_for, create=services.create_surcharge, update=services.update_surcharge,
    delete=services.delete_surcharge, target="surcharge", added=gettext_lazy("The surcharge is added."),
    saved=gettext_lazy("The surcharge is saved."), deleted=gettext_lazy("The surcharge is deleted."),
)
ZONES = RuleKind(
    key="zone", title=gettext_lazy("Service zones"),
    add_label=gettext_lazy("Add a zone"), form=ZoneForm, rows=selectors.office_zones,
    get_for=selectors.get_zone_for, create=services.create_zone, update=services.update_zone,
    delete=services.delete_zone, target="zone", added=gettext_lazy("The zone is added."),
    saved=gettext_lazy("The zone is saved."), deleted=gettext_lazy("The zone is deleted."),
)
HOLIDAYS = RuleKind(
    key="holiday", title=gettext_lazy("Holidays"),
    add_label=gettext_lazy("Add a holiday"), form=HolidayForm, rows=selectors.office_holidays,
    get_for=selectors.get_holiday_for, create=services.create_holiday, update=services.update_holiday,
    delete=services.delete_holiday, target="holiday", added=gettext_lazy("The holiday is added."),
    saved=gettext_lazy("The holiday is saved."), deleted=gettext_lazy("The holiday is deleted."),
)


def _list_page(request, kind: RuleKind, *, add_form=None, settings_form=None):
    editable = can_edit(request)
    context = {
        "kind": kind, "rows": list(kind.rows()), "can_edit": editable,
        "add_form": add_form or kind.make_form(), "currency": selectors.catalog_settings().currency,
    }
    if kind is ZONES:
        context["settings_form"] = settings_form or CatalogSettingsForm(instance=selectors.catalog_settings(),
                                                                        read_only=not editable)
    context["summary_template"] = f"office/catalog/_{kind.key}_summary.html"
    return render(request, "office/catalog/rules.html", context)


def _add(request, kind: RuleKind):
    form = kind.make_form(request.POST)
    if form.is_valid() and save_with(form, lambda values: kind.create(actor=request.user, values=values)):
        messages.success(request, kind.added)
        return redirect(f"office:catalog-{kind.key}s")
    return _list_page(request, kind, add_form=form)


def _detail(request, kind: RuleKind, row_id, form=None):
    row = kind.get_for(request.staff_member, row_id)
    form = form or kind.make_form(instance=row, read_only=not can_edit(request))
    return render(request, "office/catalog/rule.html", {"kind": kind, "row": row, "form": form,
                                                        "can_edit": can_edit(request)})


def _save(request, kind: RuleKind, row_id):
    row = kind.get_for(request.staff_member, row_id)
    form = kind.make_form(request.POST, instance=row)
    if form.is_valid() and save_with(form, lambda values: kind.update(
            actor=request.user, changes=values, **{kind.target: row})):
        messages.success(request, kind.saved)
        return redirect(f"office:catalog-{kind.key}s")
    return _detail(request, kind, row_id, form=form)


def _delete(request, kind: RuleKind, row_id):
    row = kind.get_for(request.staff_member, row_id)
    try:
        kind.delete(actor=request.user, **{kind.target: row})
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, kind.deleted)
    return redirect(f"office:catalog-{kind.key}s")


# ---- the views, each with who may call it --------------------------------------------------------

@office_staff_required
def surcharges(request):
    return _list_page(request, SURCHARGES)


@require_POST
@company_manager_required
def surcharge_add(request):
    return _add(request, SURCHARGES)


@office_staff_required
def surcharge_detail(request, surcharge_id):
    return _detail(request, SURCHARGES, surcharge_id)


@require_POST
@company_manager_required
def surcharge_save(request, surcharge_id):
    return _save(request, SURCHARGES, surcharge_id)


@require_POST
@company_manager_required
def surcharge_delete(request, surcharge_id):
    return _delete(request, SURCHARGES, surcharge_id)


@office_staff_required
def zones(request):
    return _list_page(request, ZONES)


@require_POST
@company_manager_required
def zone_add(request):
    return _add(request, ZONES)


@office_staff_required
def zone_detail(request, zone_id):
    return _detail(request, ZONES, zone_id)


@require_POST
@company_manager_required
def zone_save(request, zone_id):
    return _save(request, ZONES, zone_id)


@require_POST
@company_manager_required
def zone_delete(request, zone_id):
    return _delete(request, ZONES, zone_id)


@require_POST
@company_manager_required
def settings_save(request):
    """The base (centre of radius zones, start of distance surcharges), horizon and quote lifetime."""
    form = CatalogSettingsForm(request.POST)
    if form.is_valid() and save_with(form, lambda values: services.update_catalog_settings(
            actor=request.user, changes=values)):
        messages.success(request, _("The settings are saved."))
        return redirect("office:catalog-zones")
    return _list_page(request, ZONES, settings_form=form)


@office_staff_required
def holidays(request):
    return _list_page(request, HOLIDAYS)


@require_POST
@company_manager_required
def holiday_add(request):
    return _add(request, HOLIDAYS)


@office_staff_required
def holiday_detail(request, holiday_id):
    return _detail(request, HOLIDAYS, holiday_id)


@require_POST
@company_manager_required
def holiday_save(request, holiday_id):
    return _save(request, HOLIDAYS, holiday_id)


@require_POST
@company_manager_required
def holiday_delete(request, holiday_id):
    return _delete(request, HOLIDAYS, holiday_id)
