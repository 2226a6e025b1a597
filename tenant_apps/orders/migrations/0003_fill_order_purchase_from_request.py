"""Orders booked before Order.purchase existed: rebuild what was bought from the stored quote
request (variant, add-ons with quantities, hours or quantity) and the catalog as it is now."""
from django.db import migrations


def fill(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Variant = apps.get_model("catalog", "Variant")
    AddOn = apps.get_model("catalog", "AddOn")
    Service = apps.get_model("catalog", "Service")
    for order in Order.objects.filter(purchase={}).iterator():
        request = order.request or {}
        variant = Variant.objects.filter(pk=request.get("variant") or order.variant_id).first()
        pairs = [(int(a), int(q)) for a, q in request.get("add_ons", [])]
        add_ons = {a.pk: a for a in AddOn.objects.filter(pk__in=[a for a, _q in pairs])}
        service = Service.objects.filter(pk=order.service_id).first()
        order.purchase = {
            "variant": {"id": variant.pk if variant else None, "name": variant.name if variant else {},
                        "price_model": variant.price_model if variant else "", "unit": variant.unit if variant else ""},
            "hours_minutes": request.get("duration"), "quantity": request.get("quantity"),
            "duration_minutes": order.duration_minutes, "crew_size": order.crew_size,
            "add_ons": [{"id": a, "name": add_ons[a].name if a in add_ons else {},
                         "kind": add_ons[a].kind if a in add_ons else "other", "quantity": q} for a, q in pairs],
            "skills": list(service.required_skills or ()) if service else [],
        }
        order.save(update_fields=["purchase"])


def empty(apps, schema_editor):
    apps.get_model("orders", "Order").objects.update(purchase={})


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_order_purchase"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, empty)]
