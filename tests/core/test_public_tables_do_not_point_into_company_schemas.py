"""A public table never holds a foreign key into a company schema (DESIGN §3): it stores ids."""
from django.apps import apps
from django.conf import settings


def app_labels(entries):
    labels = set()
    for entry in entries:
        for config in apps.get_app_configs():
            if config.name == entry:
                labels.add(config.label)
    return labels


SHARED = app_labels(settings.SHARED_APPS)
TENANT_ONLY = app_labels(settings.TENANT_APPS) - SHARED


def test_the_app_lists_are_resolved():
    assert {"accounts", "tenants", "contenttypes"} <= SHARED
    assert {"people", "office", "storefront"} <= TENANT_ONLY


def test_no_public_model_relates_to_a_company_model():
    offending = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in SHARED:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and field.concrete and field.related_model is not None:
                target = field.related_model._meta.app_label
                if target in TENANT_ONLY:
                    offending.append(f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}")

    assert offending == []


def test_the_directory_refers_to_company_rows_by_id():
    from tenants.models import Affiliation

    local_id = Affiliation._meta.get_field("local_id")
    assert not local_id.is_relation
