"""The office's after-sales list costs the same number of queries for one case or many."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.aftersales.selectors import clocks_of, office_cases
from tests.aftersales.test_pages import page_client


def test_the_list_selector_is_two_queries_whatever_the_number_of_cases(world, django_assert_num_queries):
    for hour in (9, 12, 15):
        world.report(world.done_order(hour=hour))
    with django_assert_num_queries(2):  # the cases with their order and customer; their clocks
        rows = [(case, clocks_of(case)) for case in office_cases(status="active")]
    assert len(rows) == 3 and all(len(clocks) == 3 for _case, clocks in rows)


def test_the_list_page_does_not_grow_with_the_cases(world):
    world.report(world.done_order(hour=9))
    office = page_client(world.company, world.people.owner_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert office.get("/office/cases/").status_code == 200
        return len(captured)

    queries()  # the first request warms the host and session caches
    one = queries()
    world.report(world.done_order(hour=12))
    world.report(world.done_order(hour=15))
    assert queries() == one
