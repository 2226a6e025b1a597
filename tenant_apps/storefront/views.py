"""A company's branded site: its home page with the catalog, and the customer's account."""
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared_apps.accounts.access import anyone, signed_in
from shared_apps.accounts.views import LoginSurface
from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from tenant_apps.catalog.selectors import catalog_settings, storefront_categories, storefront_services
from tenant_apps.catalog.views.storefront import with_price_hints
from tenant_apps.people.selectors import customer_of
from tenant_apps.people.services import ensure_customer, update_customer_profile
from tenants.models import Vertical

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
    key = f"storefront:home-menu:{settings_row.version}"
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
    return render(request, "storefront/account.html", {"customer": customer, "form": form})
