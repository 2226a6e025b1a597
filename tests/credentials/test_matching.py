"""A service that requires credentials is offered only with workers who hold them, approved and
unexpired: a missing or expired one takes the worker out of the slot search (issue 18 point 4)."""
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.core.actor import SYSTEM
from shared_apps.credentials.models import Credential
from shared_apps.credentials.services import approve_credential, expire_credentials, submit_credential
from tenant_apps.catalog.services import update_service
from tenant_apps.scheduling.selectors import eligible_workers
from tests.orders.conftest import world  # noqa: F401 (a fixture)
from tests.workforce.builders import SHANGHAI, company_day, enter, make_service, make_worker

from .support import health_input


def offered(client, service, day) -> set[int]:
    body = client.get("/api/v1/slots/", {
        "service": service.pk, "latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude,
        "start": day.isoformat(), "end": day.isoformat()}).json()
    return {worker for slot in body["days"][0]["slots"] for worker in slot["workers"]}


@pytest.fixture
def shop(people):
    enter(people.company_a)
    service = make_service(people.owner_a, duration=120, name="Kitchen deep clean")
    update_service(actor=people.owner_a, service=service, changes={"required_credentials": ["health"]})
    with_cert = make_worker(people.owner_a, people.company_a, name="Has Cert")
    without = make_worker(people.owner_a, people.company_a, name="No Cert")
    return service, with_cert, without


def test_only_workers_with_an_approved_required_credential_get_slots(people, client_for, shop):
    service, with_cert, without = shop
    client = client_for(people.company_a, people.dispatcher_a)
    day = company_day(people.company_a, 3)
    assert offered(client, service, day) == set()  # nobody holds a health certificate yet

    with schema_context("public"):
        credential = submit_credential(actor=with_cert.staff_member.user, data=health_input())
        assert offered(client, service, day) == set()  # submitted is not enough
        approve_credential(actor=people.operator, credential_id=credential.pk)
    assert offered(client, service, day) == {with_cert.pk}

    # a service that requires nothing still has both
    plain = make_service(people.owner_a, duration=120, name="Plain clean")
    assert offered(client, plain, day) == {with_cert.pk, without.pk}


def test_an_expired_credential_takes_the_worker_out_of_matching(people, shop):
    service, with_cert, _without = shop
    with schema_context("public"):
        credential = submit_credential(actor=with_cert.staff_member.user, data=health_input())
        approve_credential(actor=people.operator, credential_id=credential.pk)
    assert set(eligible_workers(service_id=service.pk, required_skills=("cleaning",))) == {with_cert}

    Credential.objects.filter(pk=credential.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert not eligible_workers(service_id=service.pk, required_skills=("cleaning",)).exists()
    with schema_context("public"):
        assert expire_credentials(actor=SYSTEM) == 1
        credential.refresh_from_db()
        assert credential.status == "expired"


def test_a_credential_that_lapses_before_a_booked_visit_warns_the_office_now(world, people):  # noqa: F811
    """Given a service that requires a health certificate and a worker whose certificate is valid
    today but ends before the visit: the office gets an exception at once; a worker whose
    certificate covers the visit day raises none."""
    from tenant_apps.orders.models import ExceptionKind, OrderException
    from tenant_apps.orders.services import booking, monitoring

    update_service(actor=people.owner_a, service=world.service, changes={"required_credentials": ["health"]})
    with schema_context("public"):
        short = submit_credential(actor=world.worker1.staff_member.user,
                                  data=health_input(valid_until=world.day - timedelta(days=1)))
        approve_credential(actor=people.operator, credential_id=short.pk)
        long = submit_credential(actor=world.worker2.staff_member.user,
                                 data=health_input(valid_until=world.day + timedelta(days=30)))
        approve_credential(actor=people.operator, credential_id=long.pk)
    lapsing = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10, workers=(world.worker1.pk,)))
    covered = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=14, workers=(world.worker2.pk,)))
    assert (lapsing.worker_id, covered.worker_id) == (world.worker1.pk, world.worker2.pk)

    assert monitoring.raise_order_exceptions(actor=SYSTEM) == 1
    warning = OrderException.objects.get(kind=ExceptionKind.CREDENTIAL_LAPSES)
    assert warning.order_id == lapsing.pk and warning.detail["credentials"] == ["health"]
    assert monitoring.raise_order_exceptions(actor=SYSTEM) == 0  # once


def test_the_credit_score_counts_whether_required_credentials_are_valid(world, people):  # noqa: F811
    from tenant_apps.quality.services.credit import recompute_credit_scores
    from tenant_apps.workforce.credit import credit_score_of

    def credentials_part(worker):
        return credit_score_of(worker.pk).components["components"]["credentials"]

    recompute_credit_scores(actor=SYSTEM)
    assert credentials_part(world.worker1)["required"] == 0  # nothing required yet: full marks

    update_service(actor=people.owner_a, service=world.service, changes={"required_credentials": ["health"]})
    with schema_context("public"):
        credential = submit_credential(actor=world.worker1.staff_member.user, data=health_input())
        approve_credential(actor=people.operator, credential_id=credential.pk)
    recompute_credit_scores(actor=SYSTEM)
    assert (credentials_part(world.worker1)["required"], credentials_part(world.worker1)["value"]) == (1, 1.0)
    assert (credentials_part(world.worker2)["required"], credentials_part(world.worker2)["value"]) == (1, 0.0)
