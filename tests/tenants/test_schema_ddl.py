"""Schema names reach DDL as quoted identifiers (psycopg.sql.Identifier), so a valid but awkward
name (capitals, spaces, a double quote, a semicolon) is created, read, renamed and dropped as
itself and nothing else."""
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import SpareSchema
from tenants.provisioning import (
    _applied_migrations,
    clone_template,
    create_company_schema,
    drop_schema,
    template_schema,
)

AWKWARD = 'Spare "one"; DROP SCHEMA public'
RENAMED = 'c_Odd name "two"'


def schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def test_an_awkward_schema_name_is_cloned_renamed_and_dropped_as_itself(db):
    before = schemas()
    SpareSchema.objects.all().delete()  # rolled back with the test: the pool holds only ours

    clone_template(AWKWARD)
    SpareSchema.objects.create(schema_name=AWKWARD)

    assert schema_exists(AWKWARD) and "public" in schemas()
    assert _applied_migrations(AWKWARD) == _applied_migrations(template_schema())

    create_company_schema(RENAMED)  # takes the spare: ALTER SCHEMA ... RENAME TO ...

    assert schemas() - before == {RENAMED}
    assert not SpareSchema.objects.exists()

    drop_schema(RENAMED)

    assert schemas() == before
