"""The after-sales pages through HTTP: the customer's report form (errors on the fields, then the
case with only their notes), the office's list and case page by role, company B seeing nothing of
company A's cases, and the console's escalated list."""
from __future__ import annotations

from django.db import connection
from django.test import Client

from tenant_apps.aftersales.models import Case, CaseStatus
from tenant_apps.aftersales.services import mediation
from tests.aftersales.conftest import completed_at, jpeg_with_exif


def page_client(company, user) -> Client:
    client = Client(HTTP_HOST="localhost" if company is None else f"{company.slug}.localhost")
    client.force_login(user)
    return client


def test_the_customer_reports_on_their_order_page_and_reads_only_their_notes(world):
    order = world.done_order()
    customer = page_client(world.company, world.people.customer_a)
    assert "Report a problem" in customer.get(f"/orders/{order.pk}/").content.decode()

    empty = customer.post(f"/orders/{order.pk}/problem/", {"category": "damage", "severity": "high"})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()

    fake = customer.post(f"/orders/{order.pk}/problem/", {
        "category": "damage", "severity": "high", "description": "Broken vase",
        "photo1": _text_named_jpg()})
    assert fake.status_code == 400
    assert not Case.objects.filter(order=order).exists()

    # the window is measured from the visit's completion (in the future in this world): report "then"
    from unittest import mock

    with mock.patch("tenant_apps.aftersales.services.reporting.timezone.now", return_value=completed_at(order)):
        done = customer.post(f"/orders/{order.pk}/problem/", {
            "category": "damage", "severity": "high", "description": "Broken vase", "photo1": jpeg_with_exif()})
    assert done.status_code == 302
    case = Case.objects.get(order=order)
    mediation.acknowledge_case(actor=world.people.owner_a, case=case)
    mediation.add_note(actor=world.people.owner_a, case=case, side="office", visibility="customer",
                       text="We are sorry, we will fix it")
    mediation.add_note(actor=world.people.owner_a, case=case, side="office", visibility="office",
                       text="Worker has two similar reports")

    page = customer.get(f"/orders/{order.pk}/problem/").content.decode()
    assert "We are sorry, we will fix it" in page
    assert "Worker has two similar reports" not in page
    assert "Acknowledged" in page
    assert "/case-photos/" in page


def _text_named_jpg():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("vase.jpg", b"not an image at all", content_type="image/jpeg")


def test_office_pages_are_for_office_staff_and_a_worker_or_customer_is_refused(world):
    order = world.done_order()
    case = world.report(order)
    assert page_client(world.company, world.people.dispatcher_a).get("/office/cases/").status_code == 200
    detail = page_client(world.company, world.people.owner_a).get(f"/office/cases/{case.pk}/")
    assert detail.status_code == 200
    assert "The vase broke" in detail.content.decode()
    for user in (world.people.worker_a, world.people.customer_a):
        assert page_client(world.company, user).get(f"/office/cases/{case.pk}/").status_code == 403
        assert page_client(world.company, user).post(f"/office/cases/{case.pk}/acknowledge/").status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_office_mediates_through_the_case_page(world):
    order = world.done_order()
    case = world.report(order)
    office = page_client(world.company, world.people.dispatcher_a)
    assert office.post(f"/office/cases/{case.pk}/acknowledge/").status_code == 302
    bad = office.post(f"/office/cases/{case.pk}/propose/", {"kind": "refund", "bearer": "company", "amount": ""})
    assert bad.status_code == 400
    assert "Enter the amount." in bad.content.decode()
    office.post(f"/office/cases/{case.pk}/note/", {"text": "Checked photos", "visibility": "worker"})
    office.post(f"/office/cases/{case.pk}/propose/", {"kind": "credit", "bearer": "company", "amount": "20.00"})
    case.refresh_from_db()
    assert case.status == CaseStatus.REMEDY_PROPOSED
    assert case.remedies.get().amount_fen == 2000
    listing = office.get("/office/cases/?status=remedy_proposed").content.decode()
    assert f'data-case="{case.pk}"' in listing


def test_company_b_sees_nothing_of_company_a_s_cases(world, people):
    order = world.done_order()
    case = world.report(order)
    connection.set_schema_to_public()
    other = page_client(people.company_b, people.owner_b)
    assert other.get(f"/office/cases/{case.pk}/").status_code == 404
    assert f'data-case="{case.pk}"' not in other.get("/office/cases/?status=").content.decode()
    assert other.post(f"/office/cases/{case.pk}/acknowledge/").status_code == 404


def test_an_escalated_case_appears_in_the_console_for_operators_only(world, people):
    order = world.done_order()
    case = world.report(order)
    mediation.escalate_case(actor=world.people.customer_a, case=case, side="customer", reason="No answer in days")
    connection.set_schema_to_public()
    console = page_client(None, people.operator).get("/console/escalations/").content.decode()
    assert f'data-case="{case.pk}"' in console and "No answer in days" in console
    assert "Alpha Cleaning" in console
    assert page_client(None, people.owner_a).get("/console/escalations/").status_code == 403


def test_the_office_escalates_from_the_case_page_with_a_reason(world):
    from shared_apps.console.models import EscalatedCase

    case = world.report(world.done_order())
    office = page_client(world.company, world.people.owner_a)
    empty = office.post(f"/office/cases/{case.pk}/escalate/", {"escalate-reason": ""})
    assert empty.status_code == 400
    assert office.post(f"/office/cases/{case.pk}/escalate/",
                       {"escalate-reason": "Customer threatens a chargeback"}).status_code == 302
    connection.set_schema_to_public()
    row = EscalatedCase.objects.get(company=world.company, case_id=case.pk)
    assert row.reason == "Customer threatens a chargeback" and row.status == CaseStatus.OPEN


def test_the_worker_app_shows_the_worker_only_their_side_s_notes_of_cases_about_their_visits(world):
    order = world.done_order()
    case = world.report(order, description="Left the balcony door open")
    owner = world.people.owner_a
    for visibility in ("worker", "customer", "office"):
        mediation.add_note(actor=owner, case=case, side="office", visibility=visibility,
                           text=f"Note for the {visibility} side")
    doer = order.worker.staff_member.user
    other = (world.worker2 if order.worker_id == world.worker1.pk else world.worker1).staff_member.user
    connection.set_schema_to_public()

    page = page_client(None, doer).get("/worker/problems/").content.decode()
    assert "Left the balcony door open" in page and "Note for the worker side" in page
    assert "Note for the customer side" not in page and "Note for the office side" not in page
    assert "Left the balcony door open" not in page_client(None, other).get("/worker/problems/").content.decode()


def test_the_worker_posts_a_note_on_their_case_and_another_worker_gets_a_404(world):
    order = world.done_order()
    case = world.report(order, description="Left the balcony door open")
    doer = order.worker.staff_member.user
    other = (world.worker2 if order.worker_id == world.worker1.pk else world.worker1).staff_member.user
    url = f"/worker/problems/{world.company.pk}/{case.pk}/note/"
    connection.set_schema_to_public()

    assert page_client(None, other).post(url, {"text": "Not my visit"}).status_code == 404
    answer = page_client(None, doer).post(url, {"text": "The customer asked me to leave it open"})

    assert answer.status_code == 302
    page = page_client(None, doer).get("/worker/problems/").content.decode()
    assert "The customer asked me to leave it open" in page and "Not my visit" not in page
    connection.set_tenant(world.company)
    assert case.notes.get().visibility == "worker"


def test_the_customer_reports_a_worker_who_never_came_from_the_order_page(world):
    from datetime import timedelta

    from django.utils import timezone

    from shared_apps.core.actor import SYSTEM
    from tenant_apps.orders.models import Order
    from tenant_apps.orders.services import booking, lifecycle

    order = Order.objects.get(pk=booking.mark_order_paid(actor=SYSTEM, order=world.book()).pk)
    lifecycle.accept_task(actor=order.worker.staff_member.user, worker=order.worker, order=order)
    now = timezone.now()  # the visit was due an hour ago (time has passed)
    Order.objects.filter(pk=order.pk).update(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    customer = page_client(world.company, world.people.customer_a)

    assert 'id="report-no-show"' in customer.get(f"/orders/{order.pk}/").content.decode()
    answer = customer.post(f"/orders/{order.pk}/problem/", {"category": "no_show", "severity": "high",
                                                           "description": "Waited all morning"})

    assert answer.status_code == 302
    assert Case.objects.get(order=order).category == "no_show"


def test_the_office_opens_a_no_show_case_for_a_customer_who_called(world):
    from datetime import timedelta

    from django.utils import timezone

    from shared_apps.core.actor import SYSTEM
    from tenant_apps.orders.models import Order
    from tenant_apps.orders.services import booking, lifecycle

    order = Order.objects.get(pk=booking.mark_order_paid(actor=SYSTEM, order=world.book()).pk)
    lifecycle.accept_task(actor=order.worker.staff_member.user, worker=order.worker, order=order)
    office = page_client(world.company, world.people.owner_a)
    assert 'id="no-show-form"' not in office.get(f"/office/orders/{order.pk}/").content.decode()  # not due yet
    now = timezone.now()
    Order.objects.filter(pk=order.pk).update(starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=1))

    assert 'id="no-show-form"' in office.get(f"/office/orders/{order.pk}/").content.decode()
    too_soon = office.post(f"/office/orders/{order.pk}/no-show/", {"description": "Called: nobody came"})
    assert too_soon.status_code == 302 and not Case.objects.filter(order=order).exists()  # within the grace
    Order.objects.filter(pk=order.pk).update(starts_at=now - timedelta(hours=1))
    opened = office.post(f"/office/orders/{order.pk}/no-show/", {"description": "Called: nobody came"})

    case = Case.objects.get(order=order)
    assert opened["Location"].endswith(f"/office/cases/{case.pk}/")
    assert (case.category, case.events.get().actor_role) == ("no_show", "office")
