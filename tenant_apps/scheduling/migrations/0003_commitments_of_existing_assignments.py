"""Data: the people's commitments (public schema) for the assignments that were active before
commitments existed. Runs in each company schema; a row that clashes with another company's
(the double booking issue 13.1 found) is skipped: the first company keeps the person's time and
the office sees the clash in its own schedule."""
from django.db import migrations


def write_commitments(apps, schema_editor):
    connection = schema_editor.connection
    schema = getattr(connection, "schema_name", "public")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM public.tenants_company WHERE schema_name = %s", [schema])
        row = cursor.fetchone()
        if row is None:  # the public schema or the template: no company, no assignments to mirror
            return
        cursor.execute(
            """INSERT INTO public.commitments_commitment
                   (user_id, company_id, assignment_id, period, expires_at, created_at, updated_at)
               SELECT sm.user_id, %s, a.id, a.period,
                      CASE WHEN a.status = 'hold' THEN a.expires_at END, now(), now()
               FROM scheduling_assignment a JOIN people_staffmember sm ON sm.id = a.worker_id
               WHERE a.status IN ('hold', 'booked')
               ORDER BY a.starts_at, a.id
               ON CONFLICT DO NOTHING""",
            [row[0]],
        )


def delete_commitments(apps, schema_editor):
    connection = schema_editor.connection
    schema = getattr(connection, "schema_name", "public")
    with connection.cursor() as cursor:
        cursor.execute("""DELETE FROM public.commitments_commitment WHERE company_id IN (
                              SELECT id FROM public.tenants_company WHERE schema_name = %s)""", [schema])


class Migration(migrations.Migration):

    dependencies = [
        ("scheduling", "0002_hold_event_kinds"),
        ("commitments", "0001_person_commitments"),
    ]

    operations = [migrations.RunPython(write_commitments, delete_commitments)]
