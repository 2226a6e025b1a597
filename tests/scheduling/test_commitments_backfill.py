"""The data migration that gives assignments made before commitments existed their commitments."""
import importlib
from types import SimpleNamespace

from django.db import connection

from shared_apps.commitments.models import Commitment
from tenant_apps.people.services import ensure_customer
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import HoldRequest, confirm_hold, place_hold
from tests.workforce.builders import SHANGHAI, at, company_day, make_service, make_worker

backfill = importlib.import_module("tenant_apps.scheduling.migrations.0003_commitments_of_existing_assignments")


def test_active_assignments_get_their_commitments_and_clashes_are_skipped(people, alpha):
    service = make_service(people.owner_a, duration=120)
    worker = make_worker(people.owner_a, alpha, name="Old Timer")
    customer = ensure_customer(company=alpha, user=people.customer_a)
    job = JobRequest(service_id=service.pk, location=SHANGHAI)
    day = company_day(alpha, 3)
    who = {"actor": people.customer_a, "customer": customer}
    booked = place_hold(**who, request=HoldRequest(job=job, start=at(alpha, day, 9)))
    confirm_hold(actor=people.owner_a, hold_id=booked.hold_id)
    held = place_hold(**who, request=HoldRequest(job=job, start=at(alpha, day, 14)))
    user = worker.staff_member.user
    Commitment.objects.filter(user=user).delete()  # as before commitments existed

    backfill.write_commitments(None, SimpleNamespace(connection=connection))

    rows = list(Commitment.objects.filter(user=user).order_by("period"))
    assert [(r.company_id, r.expires_at) for r in rows] == [(alpha.pk, None), (alpha.pk, held.expires_at)]
    backfill.write_commitments(None, SimpleNamespace(connection=connection))  # twice changes nothing
    assert Commitment.objects.filter(user=user).count() == 2
