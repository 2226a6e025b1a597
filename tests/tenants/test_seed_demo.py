"""`manage.py seed_demo` builds a demo a person can use at once, and running it again changes nothing."""
from django.core.management import call_command
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from tenants.models import Company


def test_seed_demo_makes_bookable_companies_and_is_idempotent(db, client_for):
    call_command("seed_demo")
    counts = (Company.objects.count(), User.objects.count())
    call_command("seed_demo")

    assert (Company.objects.count(), User.objects.count()) == counts
    sparkle, fixit = Company.objects.get(slug="sparkle"), Company.objects.get(slug="fixit")
    assert (sparkle.vertical, fixit.vertical, fixit.default_language) == ("housekeeping", "repairs", "zh-hans")
    for company in (sparkle, fixit):
        with schema_context(company.schema_name):
            from tenant_apps.catalog.models import Variant
            from tenant_apps.workforce.models import ShiftTemplate, WorkerProfile

            assert WorkerProfile.objects.count() == 3  # two of its own and the one shared with the other
            assert ShiftTemplate.objects.values("worker").distinct().count() == 3
            variant = Variant.objects.filter(is_active=True, service__is_active=True,
                                             price_model__in=["fixed", "hourly"]).order_by("pk").first()
        slots = client_for(company).get("/api/v1/slots/", {"service": variant.service_id, "variant": variant.pk,
                                                           "latitude": "31.2304",
                                                           "longitude": "121.4737"})
        assert slots.status_code == 200, slots.content
        assert any(day["slots"] for day in slots.json()["days"]), "the demo calendar offers no time"
