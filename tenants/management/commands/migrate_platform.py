"""Bring the database up to date: public schema, the company template, every company, spares.

The one migration command of deploys and `make run` (plain `migrate` is never used).
"""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from tenants.models import Company, Domain
from tenants.provisioning import migrate_template, refill_spares


class Command(BaseCommand):
    help = "Migrate public, the template schema and every company; ensure the platform's own row."

    def add_arguments(self, parser):
        parser.add_argument("--no-spares", action="store_true", help="Do not refill the spare schema pool.")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        ensure_database()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        ensure_platform_row()
        migrate_template(verbosity=verbosity)
        if Company.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).exists():
            call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
        if not options["no_spares"]:
            made = refill_spares()
            if made and verbosity:
                self.stdout.write(f"Cloned {made} spare company schema(s).")


def ensure_database() -> None:
    """Create the configured database if the server does not have it yet (fresh machines)."""
    import psycopg
    import psycopg.sql

    params = connection.get_connection_params()
    name = settings.DATABASES["default"]["NAME"]
    params = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    try:
        psycopg.connect(dbname=name, **params).close()
        return
    except psycopg.OperationalError:
        pass
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def ensure_platform_row() -> Company:
    platform, _created = Company.objects.get_or_create(
        schema_name=settings.PUBLIC_SCHEMA_NAME, defaults={"name": "Doorstep", "slug": "platform"}
    )
    for host in {settings.PLATFORM_DOMAIN, "127.0.0.1"}:
        is_primary = host == settings.PLATFORM_DOMAIN
        Domain.objects.get_or_create(domain=host, defaults={"tenant": platform, "is_primary": is_primary})
    return platform
