"""Copy the workforce app's own change rows (WorkforceChange) into the shared change log (changes.Change),
keeping who, when and what; the reverse copies them back. The old table goes in the next migration."""
from django.db import migrations

BATCH = 1000


def forwards(apps, schema_editor):
    Old = apps.get_model("workforce", "WorkforceChange")
    Change = apps.get_model("changes", "Change")
    rows = [Change(actor_id=old.actor_id, action=old.action, target_id=old.target_id, data=old.data,
                   created_at=old.created_at, updated_at=old.updated_at) for old in Old.objects.order_by("id")]
    created = Change.objects.bulk_create(rows, batch_size=BATCH)
    for row, old in zip(created, rows, strict=True):  # auto_now_add overwrote the times: put them back
        Change.objects.filter(pk=row.pk).update(created_at=old.created_at, updated_at=old.updated_at)


def backwards(apps, schema_editor):
    Old = apps.get_model("workforce", "WorkforceChange")
    Change = apps.get_model("changes", "Change")
    # The actions this app wrote (its models' "<model>.<verb>" and its named actions).
    prefixes = {"roster", "scheduling_settings", "shift", "shift_template", "time_off", "week_template",
                "worker"}
    for row in Change.objects.order_by("id"):
        if row.action.split(".")[0] not in prefixes:  # another app's change: not this table's
            continue
        old = Old.objects.create(actor_id=row.actor_id, action=row.action, target_id=row.target_id, data=row.data)
        Old.objects.filter(pk=old.pk).update(created_at=row.created_at, updated_at=row.updated_at)


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0001_initial"),
        ("changes", "0001_change_log"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
