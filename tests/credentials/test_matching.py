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
