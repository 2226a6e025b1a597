"""Demo companies, people and a platform operator for development (idempotent)."""
from django.core.management.base import BaseCommand

from tenant_apps.demo.seed import seed


class Command(BaseCommand):
    help = "Create the demo companies and logins (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="Print the demo logins as a table.")

    def handle(self, *args, **options):
        logins = seed()
        if options["print_logins"]:
            self.stdout.write(f"{'who':40} {'where':40} {'login':24} password")
            for entry in logins:
                self.stdout.write(f"{entry.who:40} {entry.where:40} {entry.login:24} {entry.password}")
