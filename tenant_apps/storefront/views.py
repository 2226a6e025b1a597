"""A company's branded site: its home page with the catalog, and the customer's account."""
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import anyone, signed_in
from shared_apps.accounts.login import LoginSurface
from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from tenant_apps.catalog.cards import with_price_hints
from tenant_apps.catalog.locating import CompanyPlaces, zone_choices
from tenant_apps.catalog.selectors import catalog_settings, storefront_categories, storefront_services
from tenant_apps.people.forms import AddressForm
from tenant_apps.people.selectors import addresses_of, customer_of, get_address_for
from tenant_apps.people.services import add_address, delete_address, ensure_customer, update_customer_profile
from tenants.models import Vertical

from .calendar import held_times
from .forms import ProfileForm

STOREFRONT = LoginSurface(
    namespace="storefront", base_template="storefront/base.html", home="account", after_logout="home",
)

HOME_MENU_CACHE_SECONDS = 3600

TAGLINES = {
    Vertical.HOUSEKEEPING: gettext_lazy("A spotless home, without lifting a finger."),
    Vertical.REPAIRS: gettext_lazy("Fixed today, by people who know how."),
    Vertical.MOVING: gettext_lazy("Your move, carried with care."),
    Vertical.RECYCLING: gettext_lazy("We collect what you no longer need."),
}


@anyone
def home(request):
    company = request.tenant
    promoted, groups, version = _home_menu()
    return render(request, "storefront/home.html", {
        "promoted": promoted,
        "groups": groups,
        "menu_version": version,
        "tagline": TAGLINES.get(company.vertical, ""),
        "page_url": request.build_absolute_uri("/"),
        "logo_url": request.build_absolute_uri(company.logo.url) if company.logo else "",
    })


def _home_menu() -> tuple[list, list[dict], str]:
    """The promoted services and the category menu, cached per catalog version: every catalog change
    writes a new version, so a change shows at once, and an unchanged catalog is read once, not per
    visit (the home page is the site's busiest)."""
    settings_row = catalog_settings()
    # Per language too: the cards' price hints ("From ¥100.00", "¥100.00 起") are words.
    key = f"storefront:home-menu:{settings_row.version}:{get_language()}"
    menu = None if settings_row._state.adding else cache.get(key)  # unsaved settings: no version yet
    if menu is None:
        categories = list(storefront_categories())
        services = with_price_hints(storefront_services(), settings_row.currency)
        menu = ([s for s in services if s.is_promoted], _by_top_category(categories, services))
        if not settings_row._state.adding:
            cache.set(key, menu, HOME_MENU_CACHE_SECONDS)
    return (*menu, "" if settings_row._state.adding else str(settings_row.version))


def _by_top_category(categories: list, services: list) -> list[dict]:
    """The home page's menu: each top category with its sub-categories and every service under it."""
    top_of = {c.pk: (c.parent_id or c.pk) for c in categories}
    groups = {c.pk: {"category": c, "children": [], "services": []} for c in categories if c.parent_id is None}
    for c in categories:
        if c.parent_id in groups:
            groups[c.parent_id]["children"].append(c)
    for service in services:
        top = top_of.get(service.category_id)
        if top in groups:
            groups[top]["services"].append(service)
    return [g for g in groups.values() if g["services"]]


@signed_in("storefront:login")
def account(request):
    customer = customer_of(request.user)  # made only when they save (or book): a GET never writes
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                customer = ensure_customer(company=request.tenant, user=request.user)
                update_customer_profile(actor=request.user, customer=customer, name=form.cleaned_data["name"])
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("storefront:account")
    else:
        form = ProfileForm(initial={"name": customer.name if customer else request.user.name})
    return _account_page(request, customer, form=form)


def _account_page(request, customer, *, form=None, address_form=None, status: int = 200):
    """The account page; `customer` is None until they first save or book (a GET never writes)."""
    name = (customer.name if customer else "") or request.user.name
    with timezone.override(ZoneInfo(request.tenant.time_zone)):  # held times in the company's time
        return render(request, "storefront/account.html", {
            "customer": customer, "form": form or ProfileForm(initial={"name": name}),
            "current_holds": held_times(request),
            "addresses": list(addresses_of(customer)) if customer else [],
            "address_form": address_form or AddressForm(zones=zone_choices(), initial={
                "contact_name": name, "contact_phone": request.user.phone or ""}),
        }, status=status)


@require_POST
@signed_in("storefront:login")
def address_add(request):
    """Save a new address on the customer's profile (the district from the company's zones)."""
    customer = ensure_customer(company=request.tenant, user=request.user)
    form = AddressForm(request.POST, zones=zone_choices())
    if form.is_valid():
        try:
            add_address(actor=request.user, customer=customer, values=form.address_input(), places=CompanyPlaces())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The address is saved."))
            return redirect("storefront:account")
    return _account_page(request, customer, address_form=form, status=400)


@require_POST
@signed_in("storefront:login")
def address_delete(request, address_id):
    customer = ensure_customer(company=request.tenant, user=request.user)
    address = get_address_for(customer, address_id)
    delete_address(actor=request.user, customer=customer, address=address)
    messages.success(request, _("The address is removed."))
    return redirect("storefront:account")
