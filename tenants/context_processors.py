"""Templates get the company of the request (its brand) and the platform's name."""
from django.conf import settings


def company(request):
    tenant = getattr(request, "tenant", None)
    is_company_site = tenant is not None and not tenant.is_platform
    return {
        "company": tenant if is_company_site else None,
        "platform_domain": settings.PLATFORM_DOMAIN,
    }
