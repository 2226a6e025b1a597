"""The worker writes a note on a problem reported about their visit (issue 17.4): it shows on their
problems page as theirs, and the office reads it on the case; the customer does not."""
from __future__ import annotations

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.companies import company_with_a_finished_visit
from tests.e2e.conftest import forget_notifications
from tests.e2e.test_whole_booking_path import sign_in_with_password, watch_errors

pytestmark = pytest.mark.e2e


def test_the_worker_answers_a_reported_problem_with_a_note_for_the_office(live, browser, world):
    from tenant_apps.aftersales.selectors import notes_for
    from tenant_apps.aftersales.services.reporting import report_problem
    from tenant_apps.orders.after_visit import completed_at_of
    from tenant_apps.people.models import Customer

    visit = company_with_a_finished_visit(world, name="Note Cleaning", slug="notes", owner_name="No Owner")
    with schema_context(visit.company.schema_name):
        case = report_problem(actor=world.customer_a, customer=Customer.objects.get(user=world.customer_a),
                              order=visit.order, category="quality", severity="low",
                              description="Streaks on the big window", now=completed_at_of(visit.order))
    errors: list[str] = []
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    try:
        page = watch_errors(context.new_page(), errors)
        page.goto(live.url(None, "/worker/problems/"))
        sign_in_with_password(page, visit.worker_phone)
        card = page.locator(f"[data-case='{case.pk}']")
        expect(card).to_contain_text("Streaks on the big window")
        card.get_by_role("button", name="Send the note").click()  # empty: the browser asks for the text
        expect(page.locator(".messages")).to_have_count(0)
        card.get_by_label("Your note for the office").fill("It rained right after; the streaks are rain marks")
        card.get_by_role("button", name="Send the note").click()
        expect(page.locator(".messages")).to_contain_text("Your note is sent to the office")
        expect(page.locator(f"[data-case='{case.pk}'] [data-author='worker']")).to_contain_text("rain marks")
    finally:
        context.close()
    with schema_context(visit.company.schema_name):
        [note] = notes_for(case, "office")
        assert (note.author_role, note.visibility) == ("worker", "worker")
        assert not notes_for(case, "customer").exists()
    assert errors == [], "\n".join(errors)
    forget_notifications(visit.company)
