"""Companies of a browser test's own, built through the real services (their schemas go with the
package's clean-up)."""
from __future__ import annotations

from dataclasses import dataclass

from django_tenants.utils import schema_context

from tests.e2e.conftest import unique_phone, unique_slug
from tests.support import PASSWORD


@dataclass
class FinishedVisit:
    company: object
    owner_phone: str
    worker_phone: str
    service: object
    order: object


def company_with_a_finished_visit(world, *, name: str, slug: str, owner_name: str) -> FinishedVisit:
    """A company, its worker (who can sign in with PASSWORD), and one paid order of customer_a the worker
    accepted, went to, arrived at (in Shanghai) and completed."""
    from shared_apps.accounts.models import User
    from tenant_apps.orders.services import lifecycle
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.e2e.test_orders import _book_paid
    from tests.workforce.builders import SHANGHAI, at, company_day, make_service, make_worker

    owner_phone, worker_phone = unique_phone(), unique_phone()
    company = sign_up_company(
        name=name, slug=unique_slug(slug), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name=owner_name),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), name="Window cleaning")
        worker = make_worker(owner, company, skills=("e2e",), name="Wu Worker", phone=worker_phone)
        customer = ensure_customer(company=company, user=world.customer_a)
        order = _book_paid(customer_user=world.customer_a, customer=customer, service=service,
                           start=at(company, company_day(company, 3), 10))
        user = worker.staff_member.user
        order = lifecycle.accept_task(actor=user, worker=worker, order=order)
        order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=20)
        order = lifecycle.arrive(actor=user, worker=worker, order=order,
                                 location=(SHANGHAI.latitude, SHANGHAI.longitude))
        order = lifecycle.start_service(actor=user, worker=worker, order=order, now=order.starts_at)
        order = lifecycle.complete_task(actor=user, worker=worker, order=order, note="Done", now=order.ends_at)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return FinishedVisit(company, owner_phone, worker_phone, service, order)
