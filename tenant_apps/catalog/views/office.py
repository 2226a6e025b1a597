"""The back office's catalog editor: categories, services and, on a service's page, its variants,
add-ons, cancellation policy and photos (htmx swaps one section; without JavaScript the page reloads).

Office staff read it; the owner and admins change it, always through the catalog's services, and a
service's DomainError is shown on the form's fields.
"""
from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from tenant_apps.people.access import company_manager_required, office_staff_required

from .. import selectors, services
from ..forms.editor import (
    AddOnForm,
    CancellationPolicyFormSet,
    CategoryForm,
    PhotoForm,
    ServiceForm,
    VariantForm,
)
from ..wording import money, unit_label

SECTIONS = {
    "variants": "office/catalog/_variants.html",
    "add_ons": "office/catalog/_add_ons.html",
    "policy": "office/catalog/_policy.html",
    "photos": "office/catalog/_photos.html",
}


def can_edit(request) -> bool:
    return request.staff_member.can_manage_company


def save_with(form, call: Callable[[dict], object]):
    """Call a catalog service with the form's values; its DomainError lands on the form's fields.
    Returns what the service returned, or None when the form now carries errors."""
    try:
        return call(form.values())
    except DomainError as error:
        show_domain_error(form, error, form.field_map())
        return None


# ---- the catalog at a glance ---------------------------------------------------------------------

@office_staff_required
def catalog(request):
    categories = list(selectors.office_categories())
    services_by_category: dict[int, list] = {}
    for service in selectors.office_services():
        services_by_category.setdefault(service.category_id, []).append(service)
    tree = []
    for top in (c for c in categories if c.parent_id is None):
        tree.append((top, services_by_category.get(top.pk, [])))
        tree.extend((child, services_by_category.get(child.pk, []))
                    for child in categories if child.parent_id == top.pk)
    return render(request, "office/catalog/index.html", {"tree": tree, "can_edit": can_edit(request)})


# ---- categories ----------------------------------------------------------------------------------

def _parents(category=None):
    parents = selectors.office_categories().filter(parent__isnull=True)
    return parents.exclude(pk=category.pk) if category is not None else parents


@company_manager_required
def category_new(request):
    form = CategoryForm(request.POST or None, parents=_parents())
    if request.method == "POST" and form.is_valid():
        category = save_with(form, lambda values: services.create_category(actor=request.user, values=values))
        if category is not None:
            messages.success(request, _("The category is added."))
            return redirect("office:catalog")
    return render(request, "office/catalog/category.html", {"form": form, "category": None, "can_edit": True})


@office_staff_required
def category_detail(request, category_id):
    category = selectors.get_category_for(request.staff_member, category_id)
    form = CategoryForm(instance=category, parents=_parents(category), read_only=not can_edit(request))
    return render(request, "office/catalog/category.html", {"form": form, "category": category,
                                                            "can_edit": can_edit(request)})


@require_POST
@company_manager_required
def category_save(request, category_id):
    category = selectors.get_category_for(request.staff_member, category_id)
    form = CategoryForm(request.POST, instance=category, parents=_parents(category))
    if form.is_valid() and save_with(form, lambda values: services.update_category(
            actor=request.user, category=category, changes=values)):
        messages.success(request, _("The category is saved."))
        return redirect("office:catalog")
    return render(request, "office/catalog/category.html", {"form": form, "category": category, "can_edit": True})


@require_POST
@company_manager_required
def category_delete(request, category_id):
    category = selectors.get_category_for(request.staff_member, category_id)
    try:
        services.delete_category(actor=request.user, category=category)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("office:catalog-category", category.pk)
    messages.success(request, _("The category is deleted."))
    return redirect("office:catalog")


# ---- services ------------------------------------------------------------------------------------

@company_manager_required
def service_new(request):
    form = ServiceForm(request.POST or None, categories=selectors.office_categories(),
                       initial={"category": request.GET.get("category")} if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        service = save_with(form, lambda values: services.create_service(actor=request.user, values=values))
        if service is not None:
            messages.success(request, _("The service is added. Give it a variant to offer it on your site."))
            return redirect("office:catalog-service", service.pk)
    return render(request, "office/catalog/service_new.html", {"form": form})


@office_staff_required
def service_detail(request, service_id):
    service = selectors.get_service_for(request.staff_member, service_id)
    return render(request, "office/catalog/service.html", _service_context(request, service))


@require_POST
@company_manager_required
def service_save(request, service_id):
    service = selectors.get_service_for(request.staff_member, service_id)
    form = ServiceForm(request.POST, instance=service, categories=selectors.office_categories())
    if form.is_valid() and save_with(form, lambda values: services.update_service(
            actor=request.user, service=service, changes=values)):
        messages.success(request, _("The service is saved."))
        return redirect("office:catalog-service", service.pk)
    return render(request, "office/catalog/service.html", _service_context(request, service, service_form=form))


def _service_context(request, service, *, service_form=None, variant_forms=None, new_variant=None,
                     add_on_forms=None, new_add_on=None, policy=None, photo_form=None, section_error=None,
                     section_message=None) -> dict:
    """Everything the service page shows; the bound forms given replace the fresh ones."""
    editable = can_edit(request)
    variant_forms = variant_forms or {}
    add_on_forms = add_on_forms or {}
    currency = selectors.catalog_settings().currency
    variants = list(service.variants.all())
    return {
        "service": service, "can_edit": editable, "currency": currency,
        "service_form": service_form or ServiceForm(instance=service, categories=selectors.office_categories(),
                                                    read_only=not editable),
        "variants": [
            (v, variant_forms.get(v.pk) or VariantForm(instance=v, prefix=f"variant-{v.pk}", read_only=not editable),
             _variant_summary(v, currency))
            for v in variants
        ],
        "new_variant": new_variant or VariantForm(prefix="new-variant"),
        "add_ons": [
            (a, add_on_forms.get(a.pk) or AddOnForm(instance=a, prefix=f"add-on-{a.pk}", read_only=not editable))
            for a in service.add_ons.all()
        ],
        "new_add_on": new_add_on or AddOnForm(prefix="new-add-on"),
        "policy": policy or _policy_formset(service, read_only=not editable),
        "photos": list(service.photos.all()),
        "photo_form": photo_form or PhotoForm(),
        "is_offered": service.is_active and any(v.is_active for v in variants),
        "section_error": section_error, "section_message": section_message,
    }


def _variant_summary(variant, currency: str) -> str:
    model = variant.get_price_model_display()
    if variant.price_model == "fixed":
        return f"{model} · {money(variant.base_price, currency)}"
    return f"{model} · {money(variant.unit_price, currency)} / {unit_label(variant.unit)}"


def _section(request, service, section: str, *, message: str | None = None, **bound):
    """After a change to one section: with htmx, that section again (fresh, or with the errors);
    without, back to the page (done) or the whole page with the errors."""
    failed = any(bound.values())
    if request.htmx:
        service = selectors.get_service_for(request.staff_member, service.pk)  # what was just written
        context = _service_context(request, service, section_message=None if failed else message, **bound)
        return render(request, SECTIONS[section], context)
    if not failed:
        messages.success(request, message)
        return redirect(reverse("office:catalog-service", args=[service.pk]) + f"#{section}")
    service = selectors.get_service_for(request.staff_member, service.pk)
    return render(request, "office/catalog/service.html", _service_context(request, service, **bound))


# ---- variants ------------------------------------------------------------------------------------

@require_POST
@company_manager_required
def variant_add(request, service_id):
    service = selectors.get_service_for(request.staff_member, service_id)
    form = VariantForm(request.POST, prefix="new-variant")
    if form.is_valid() and save_with(form, lambda values: services.create_variant(
            actor=request.user, service=service, values=values)):
        return _section(request, service, "variants", message=_("The variant is added."))
    return _section(request, service, "variants", new_variant=form)


@require_POST
@company_manager_required
def variant_save(request, variant_id):
    variant = selectors.get_variant_for(request.staff_member, variant_id)
    service = selectors.get_service_for(request.staff_member, variant.service_id)
    form = VariantForm(request.POST, instance=variant, prefix=f"variant-{variant.pk}")
    if form.is_valid() and save_with(form, lambda values: services.update_variant(
            actor=request.user, variant=variant, changes=values)):
        return _section(request, service, "variants", message=_("The variant is saved."))
    return _section(request, service, "variants", variant_forms={variant.pk: form})


@require_POST
@company_manager_required
def variant_delete(request, variant_id):
    variant = selectors.get_variant_for(request.staff_member, variant_id)
    service = selectors.get_service_for(request.staff_member, variant.service_id)
    try:
        services.delete_variant(actor=request.user, variant=variant)
    except DomainError as error:
        return _section(request, service, "variants", section_error=error.message)
    return _section(request, service, "variants", message=_("The variant is deleted."))


# ---- add-ons -------------------------------------------------------------------------------------

@require_POST
@company_manager_required
def add_on_add(request, service_id):
    service = selectors.get_service_for(request.staff_member, service_id)
    form = AddOnForm(request.POST, prefix="new-add-on")
    if form.is_valid() and save_with(form, lambda values: services.create_add_on(
            actor=request.user, service=service, values=values)):
        return _section(request, service, "add_ons", message=_("The add-on is added."))
    return _section(request, service, "add_ons", new_add_on=form)


@require_POST
@company_manager_required
def add_on_save(request, add_on_id):
    add_on = selectors.get_add_on_for(request.staff_member, add_on_id)
    service = selectors.get_service_for(request.staff_member, add_on.service_id)
    form = AddOnForm(request.POST, instance=add_on, prefix=f"add-on-{add_on.pk}")
    if form.is_valid() and save_with(form, lambda values: services.update_add_on(
            actor=request.user, add_on=add_on, changes=values)):
        return _section(request, service, "add_ons", message=_("The add-on is saved."))
    return _section(request, service, "add_ons", add_on_forms={add_on.pk: form})


@require_POST
@company_manager_required
def add_on_delete(request, add_on_id):
    add_on = selectors.get_add_on_for(request.staff_member, add_on_id)
    service = selectors.get_service_for(request.staff_member, add_on.service_id)
    services.delete_add_on(actor=request.user, add_on=add_on)
    return _section(request, service, "add_ons", message=_("The add-on is deleted."))


# ---- cancellation policy -------------------------------------------------------------------------

def _policy_formset(service, *, data=None, read_only: bool = False):
    initial = [{"hours_before": t.hours_before, "on_the_way": t.on_the_way, "percent": t.percent,
                "amount": t.amount} for t in service.cancellation_tiers.all()]
    formset = CancellationPolicyFormSet(data, initial=initial, prefix="tiers")
    if read_only:
        formset.extra = 0
        for form in formset:
            for field in form.fields.values():
                field.disabled = True
    return formset


@require_POST
@company_manager_required
def policy_save(request, service_id):
    """Replace the service's cancellation tiers with the filled-in rows (blank rows are left out)."""
    service = selectors.get_service_for(request.staff_member, service_id)
    formset = _policy_formset(service, data=request.POST)
    if formset.is_valid():
        rows = [form for form in formset if not form.is_blank()]
        try:
            services.set_cancellation_policy(actor=request.user, service=service,
                                             tiers=[form.values() for form in rows])
        except DomainError as error:
            leftover = _show_tier_errors(rows, error)
            return _section(request, service, "policy", policy=formset, section_error=" ".join(leftover) or None)
        return _section(request, service, "policy", message=_("The cancellation policy is saved."))
    return _section(request, service, "policy", policy=formset)


def _show_tier_errors(rows, error: DomainError) -> list[str]:
    """Put the service's messages on the rows they name ("tiers.1.hours_before": the second filled-in
    row); returns the messages that name no row."""
    leftover = [] if error.fields else [error.message]
    for key, texts in error.fields.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            form = rows[int(parts[1])]
            for text in texts:
                form.add_error(parts[2] if parts[2] in form.fields else None, text)
        else:
            leftover.extend(texts)
    return leftover


# ---- photos --------------------------------------------------------------------------------------

@require_POST
@company_manager_required
def photo_add(request, service_id):
    service = selectors.get_service_for(request.staff_member, service_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_service_photo(actor=request.user, service=service, image=form.cleaned_data["image"],
                                       position=form.cleaned_data["position"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return _section(request, service, "photos", message=_("The photo is added."))
    return _section(request, service, "photos", photo_form=form)


@require_POST
@company_manager_required
def photo_delete(request, photo_id):
    photo = selectors.get_photo_for(request.staff_member, photo_id)
    service = selectors.get_service_for(request.staff_member, photo.service_id)
    services.delete_service_photo(actor=request.user, photo=photo)
    return _section(request, service, "photos", message=_("The photo is deleted."))
