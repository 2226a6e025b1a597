"""No double booking by construction: the exclusion constraint refuses overlapping assignments of a
worker, whoever writes them; the constraint uses core operator classes only, so every company (and
every clone of the template) has a working constraint."""
import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django_tenants.utils import schema_context

from tenant_apps.scheduling.models import Assignment, AssignmentStatus
from tests.workforce.builders import at, company_day, make_worker

CONSTRAINT = "assignment_no_double_booking"


def row(worker, start, end, status=AssignmentStatus.BOOKED):
    return Assignment(worker=worker, status=status, hold_id=uuid.uuid4(), starts_at=start, ends_at=end,
                      period=DateTimeTZRange(start, end),
                      expires_at=start if status == AssignmentStatus.HOLD else None)


def saves(assignment) -> bool:
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        assert CONSTRAINT in str(exc)
        return False
    return True


def test_the_database_refuses_a_second_assignment_of_a_worker_at_an_overlapping_time(alpha, people):
    ann = make_worker(people.owner_a, alpha, name="Ann")
    bob = make_worker(people.owner_a, alpha, name="Bob")
    ten = at(alpha, company_day(alpha, 3), 10)
    hour = timedelta(hours=1)
    assert saves(row(ann, ten, ten + 2 * hour))

    assert not saves(row(ann, ten + hour, ten + 3 * hour))  # overlaps
    assert not saves(row(ann, ten + hour, ten + 3 * hour, status=AssignmentStatus.HOLD))  # a hold counts
    assert not saves(row(ann, ten - hour, ten + 3 * hour))  # contains it
    assert saves(row(ann, ten + 2 * hour, ten + 3 * hour))  # touching is fine: ranges are [start, end)
    assert saves(row(bob, ten, ten + 2 * hour))  # another worker
    assert saves(row(ann, ten, ten + 2 * hour, status=AssignmentStatus.CANCELLED))  # cancelled ones do not count


def constraint_schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("""SELECT n.nspname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                          WHERE c.conname = %s AND c.contype = 'x'""", [CONSTRAINT])
        return {name for (name,) in cursor.fetchall()}


def test_the_constraint_needs_no_extension(db):
    """The embedded PostgreSQL of `make run` (pgserver) ships no btree_gist: the index must use core
    operator classes only."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'btree_gist'")
        installed = cursor.fetchall()
        cursor.execute("SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conname = %s LIMIT 1",
                       [CONSTRAINT])
        (definition,) = cursor.fetchone()
    assert installed == []
    assert "int8range(worker_id, worker_id" in definition


def test_the_template_every_company_and_a_freshly_cloned_company_have_the_constraint(people):
    from tenants.provisioning import template_schema
    from tenants.services import OwnerInput, sign_up_company

    fresh = sign_up_company(name="Fresh Cleaning", slug="fresh-gist", vertical="housekeeping", owner=OwnerInput(
        phone="+8613912340001", email="fresh@gist.example", password="correct-horse-battery", name="Fresh")).company

    assert {template_schema(), people.company_a.schema_name, people.company_b.schema_name,
            fresh.schema_name} <= constraint_schemas()
    with schema_context(fresh.schema_name):
        worker = make_worker(people.owner_a, fresh, name="Fresh worker")
        ten = at(fresh, company_day(fresh, 3), 10)
        assert saves(row(worker, ten, ten + timedelta(hours=2)))
        assert not saves(row(worker, ten + timedelta(hours=1), ten + timedelta(hours=3)))


@pytest.mark.parametrize("schema", ["company_a", "company_b"])
def test_the_constraint_is_on_each_worker_and_time_range(people, schema):
    name = getattr(people, schema).schema_name
    with connection.cursor() as cursor:
        cursor.execute("""SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
                          JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.conname = %s AND n.nspname = %s""",
                       [CONSTRAINT, name])
        [(definition,)] = cursor.fetchall()

    expected = "EXCLUDE USING gist (int8range(worker_id, worker_id, '[]'::text) WITH &&, period WITH &&)"
    assert definition.startswith(expected)
    assert "hold" in definition and "booked" in definition
