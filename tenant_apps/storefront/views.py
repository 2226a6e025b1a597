"""A company's branded site: its home page, and the customer's account."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared_apps.accounts.access import anyone, signed_in
from shared_apps.accounts.views import LoginSurface
from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from tenant_apps.people.services import ensure_customer, update_customer_profile
from tenants.models import Vertical

from .forms import ProfileForm

STOREFRONT = LoginSurface(
    namespace="storefront", base_template="storefront/base.html", home="account", after_logout="home",
)

# What each kind of company offers (MISSION C10), until the catalog is built.
OFFERINGS = {
    Vertical.HOUSEKEEPING: [gettext_lazy("Home cleaning"), gettext_lazy("Nannies"),
                            gettext_lazy("Maternity nurses")],
    Vertical.REPAIRS: [gettext_lazy("Plumbing and electrical"), gettext_lazy("Appliances"),
                       gettext_lazy("Drain clearing")],
    Vertical.MOVING: [gettext_lazy("Home moves"), gettext_lazy("Office moves"), gettext_lazy("Premium moves")],
    Vertical.RECYCLING: [gettext_lazy("Books"), gettext_lazy("Clothes"), gettext_lazy("Electronics")],
}
TAGLINES = {
    Vertical.HOUSEKEEPING: gettext_lazy("A spotless home, without lifting a finger."),
    Vertical.REPAIRS: gettext_lazy("Fixed today, by people who know how."),
    Vertical.MOVING: gettext_lazy("Your move, carried with care."),
    Vertical.RECYCLING: gettext_lazy("We collect what you no longer need."),
}


@anyone
def home(request):
    company = request.tenant
    return render(request, "storefront/home.html", {
        "offerings": OFFERINGS.get(company.vertical, []),
        "tagline": TAGLINES.get(company.vertical, ""),
        "page_url": request.build_absolute_uri("/"),
        "logo_url": request.build_absolute_uri(company.logo.url) if company.logo else "",
    })


@signed_in("storefront:login")
def account(request):
    customer = ensure_customer(company=request.tenant, user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                update_customer_profile(actor=request.user, customer=customer, name=form.cleaned_data["name"])
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("storefront:account")
    else:
        form = ProfileForm(initial={"name": customer.name})
    return render(request, "storefront/account.html", {"customer": customer, "form": form})
