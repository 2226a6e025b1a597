"""Beat's purge of expired holds fans out over every company's schema."""
from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from tenant_apps.people.services import ensure_customer
from tenant_apps.scheduling.models import Assignment, HoldEvent
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import HoldRequest, place_hold
from tenant_apps.scheduling.tasks import purge_expired_holds
from tests.workforce.builders import SHANGHAI, at, company_day, make_service, make_worker


def expired_and_live_holds(company, owner, customer_user):
    with tenant_context(company):
        service = make_service(owner)
        make_worker(owner, company)
        customer = ensure_customer(company=company, user=customer_user)
        job = JobRequest(service_id=service.pk, location=SHANGHAI)
        day = company_day(company, 3)
        old = place_hold(actor=customer_user, customer=customer, now=timezone.now() - timedelta(minutes=11),
                         request=HoldRequest(job=job, start=at(company, day, 9)))
        live = place_hold(actor=customer_user, customer=customer,
                          request=HoldRequest(job=job, start=at(company, day, 14)))
        return old.hold_id, live.hold_id


def test_the_task_deletes_expired_holds_in_every_company_and_keeps_live_ones(people):
    a_old, a_live = expired_and_live_holds(people.company_a, people.owner_a, people.customer_a)
    b_old, b_live = expired_and_live_holds(people.company_b, people.owner_b, people.customer_b)

    purged = purge_expired_holds()

    assert purged >= 2
    for company, old, live in [(people.company_a, a_old, a_live), (people.company_b, b_old, b_live)]:
        with schema_context(company.schema_name):
            assert not Assignment.objects.filter(hold_id=old).exists()
            assert Assignment.objects.filter(hold_id=live).exists()
            assert HoldEvent.objects.get(hold_id=old, kind="expired").actor_name == "system"


def test_beat_runs_it_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-holds"]

    assert entry == {"task": "tenant_apps.scheduling.tasks.purge_expired_holds", "schedule": 60.0}
