"""Write the public directory's "does jobs here" rows (Affiliation kind worker) for this company's
existing workers: active staff members of any role with an active worker profile. Runs in each
company's schema; the public table is reached through the search path. The template schema has no
company and is skipped. Staff with the worker role but no profile get one (defaults). The reverse
deletes the directory rows (the profiles stay: they cannot be told from ones made by hand)."""
from django.db import connection, migrations


def _company(apps):
    Company = apps.get_model("tenants", "Company")
    return Company.objects.filter(schema_name=connection.schema_name).first()


def forwards(apps, schema_editor):
    company = _company(apps)
    if company is None:
        return
    Affiliation = apps.get_model("tenants", "Affiliation")
    WorkerProfile = apps.get_model("workforce", "WorkerProfile")
    StaffMember = apps.get_model("people", "StaffMember")
    for member in StaffMember.objects.filter(role="worker", worker_profile__isnull=True):
        WorkerProfile.objects.create(staff_member=member)  # the worker role always has a profile now
    for profile in WorkerProfile.objects.filter(status="active", staff_member__is_active=True).select_related(
            "staff_member"):
        member = profile.staff_member
        Affiliation.objects.update_or_create(user_id=member.user_id, company_id=company.pk, kind="worker",
                                             defaults={"role": member.role, "local_id": member.pk,
                                                       "is_active": True})


def backwards(apps, schema_editor):
    company = _company(apps)
    if company is None:
        return
    apps.get_model("tenants", "Affiliation").objects.filter(company_id=company.pk, kind="worker").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0003_drop_workforce_change"),
        ("tenants", "0003_affiliation_kind_worker"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
