"""Order test set-up: company A's schema, a cleaning service with a cancellation policy, two workers
who work every day, and helpers that book through the real quote, hold and booking services."""
from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.core.geo import GeoPoint
from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import Surcharge
from tenant_apps.catalog.pricing import QuoteRequest
from tenant_apps.catalog.quotes import make_quote
from tenant_apps.people.models import Customer
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import HoldRequest, place_hold
from tests.workforce.builders import SHANGHAI, at, company_day, enter, make_service, make_worker


class World:
    def __init__(self, people):
        self.people = people
        self.company = people.company_a
        enter(self.company)
        for surcharge in Surcharge.objects.all():
            catalog.update_surcharge(actor=people.owner_a, surcharge=surcharge, changes={"is_active": False})
        self.service = make_service(people.owner_a, skills=("ordertest",), duration=120, lead=60)
        catalog.set_cancellation_policy(actor=people.owner_a, service=self.service, tiers=[
            {"hours_before": 24, "percent": 0}, {"hours_before": 2, "percent": 20},
            {"on_the_way": True, "percent": 50}])
        self.worker1 = make_worker(people.owner_a, self.company, skills=("ordertest",), name="One")
        self.worker2 = make_worker(people.owner_a, self.company, skills=("ordertest",), name="Two")
        self.customer = Customer.objects.get(user=people.customer_a)
        self.day = company_day(self.company, 3)

    def start(self, hour: int = 10, day=None):
        return at(self.company, day or self.day, hour)

    def book(self, *, hour: int = 10, day=None, pay_on_site: bool = False, workers=None, again: bool = False):
        """`again`: the customer books a second visit at the same time on purpose."""
        from tenant_apps.orders.services.booking import BookingDetails, book_order

        start = self.start(hour, day)
        quote = make_quote(request=QuoteRequest(service_id=self.service.pk, start=start, location=SHANGHAI,
                                                customer_id=self.customer.pk))
        hold = place_hold(actor=self.people.customer_a, customer=self.customer, request=HoldRequest(
            job=JobRequest(service_id=self.service.pk, location=SHANGHAI), start=start, worker_ids=workers))
        return book_order(actor=self.people.customer_a, customer=self.customer, quote_token=quote.token,
                          hold_id=str(hold.hold_id), details=BookingDetails(
                              address_line="1 People's Square, Room 1201", district="Huangpu",
                              latitude=SHANGHAI.latitude, longitude=SHANGHAI.longitude, contact_name="Cathy",
                              contact_phone="+8618600186001", notes="Ring twice", requirements=("ladder",),
                              pay_on_site=pay_on_site), allow_duplicate=again)


@pytest.fixture
def world(people):
    return World(people)


def later(minutes: int):
    return timezone.now() + timedelta(minutes=minutes)


__all__ = ["GeoPoint", "World", "later"]


@contextlib.contextmanager
def committed_world(*, name: str, slug: str, phone_prefix: str, before_cleanup=None):
    """A company signed up for real and committed, with its owner and a customer, as a World; all of
    it removed afterwards. For tests whose real Celery worker must see the rows (`phone_prefix` keeps
    each module's people apart; `before_cleanup(schema_name)` runs first, e.g. to let deliveries end)."""
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from shared_apps.accounts.models import User
    from shared_apps.notifications.models import Notification, Outbox
    from tenant_apps.people.services import ensure_customer
    from tenants.models import Affiliation
    from tenants.provisioning import drop_schema
    from tenants.services import OwnerInput, sign_up_company
    from tests.support import PASSWORD

    users_before = set(User.objects.values_list("pk", flat=True))
    company = sign_up_company(name=name, slug=slug, vertical="housekeeping", owner=OwnerInput(
        phone=f"{phone_prefix}1", email=f"owner@{slug}.example", password=PASSWORD, name="Live Owner")).company
    owner = User.objects.get(phone=f"{phone_prefix}1")
    customer_user = User.objects.create_user(phone=f"{phone_prefix}2", email=f"c@{slug}.example",
                                             password=PASSWORD, name="Live Customer")
    connection.set_tenant(company)
    ensure_customer(company=company, user=customer_user)

    class LivePeople:
        owner_a = owner
        customer_a = customer_user
        company_a = company

    try:
        yield World(LivePeople)
    finally:
        connection.set_schema_to_public()
        if before_cleanup is not None:
            before_cleanup(company.schema_name)
        new_users = list(User.objects.exclude(pk__in=users_before).values_list("pk", flat=True))
        Notification.objects.filter(user_id__in=new_users).delete()
        Outbox.objects.filter(user_id__in=new_users).delete()
        drop_schema(company.schema_name)
        Affiliation.objects.filter(company=company).delete()
        company.delete()
        Token.objects.filter(user_id__in=new_users).delete()
        users = User.objects.filter(pk__in=new_users)
        users._raw_delete(users.db)  # a plain DELETE: the cascade collector would look for staff rows in public
