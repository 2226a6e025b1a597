"""Browser tests: one gunicorn, one Celery worker and one Chromium for the whole e2e package.

The server sees only committed data: the session's two companies and their people, plus what the
tests create through the pages or themselves (a browser test's database access commits, see
`transactional_db` below). What they create is removed again when the package is done, so later
tests see the world as it was.
"""
from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
CODE_PATTERN = re.compile(r"\b(\d{6})\b")


def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Here: committed database access for a test's own set-up, as the server sees it.

    Replaces pytest-django's, which would empty every table afterwards (the session's companies
    too). Asking for it, as every browser test does, also makes pytest-django create the test
    database when only browser tests run (`pytest -m e2e`).
    """
    with django_db_blocker.unblock():
        yield
        # Under Playwright's event loop Django keeps connections per context, and pytest-django
        # would not close this one before dropping the test database ("accessed by other users").
        connections.close_all()


@pytest.fixture(autouse=True)
def _public_schema_and_fresh_limits(transactional_db):
    """Replaces the suite's per-test Redis flush: under a running Celery worker it would drop the
    broker's queue bindings (kombu then routes new tasks to its dead-letter queue) and the
    server's host cache."""
    yield


def unique_slug(prefix: str = "e2e") -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def unique_phone() -> str:
    """A valid, unused Chinese mobile number (139 plus 8 random digits)."""
    return f"+86139{secrets.randbelow(10**8):08d}"


@dataclass
class Live:
    port: int
    sms_file: Path

    def url(self, slug: str | None = None, path: str = "/") -> str:
        host = "localhost" if slug is None else f"{slug}.localhost"
        return f"http://{host}:{self.port}{path}"

    def sms_messages(self, phone: str) -> list[dict]:
        if not self.sms_file.exists():
            return []
        lines = self.sms_file.read_text(encoding="utf-8").splitlines()
        return [m for m in (json.loads(line) for line in lines if line.strip()) if m["to"] == phone]

    def sms_code(self, phone: str, *, after: int = 0) -> tuple[str, dict]:
        """The code of the first SMS to `phone` after the first `after` ones (the Celery worker sends it)."""
        from tests.processes import wait_for

        messages = wait_for(lambda: self.sms_messages(phone)[after:], timeout=30,
                            message=f"an SMS to {phone}")
        return CODE_PATTERN.search(messages[0]["text"]).group(1), messages[0]


@dataclass
class Created:
    """What existed before the browser tests, to remove what they add."""

    company_ids: set[int]
    user_ids: set[int]
    started_at: object


@pytest.fixture(scope="package")
def _created(django_db_setup, django_db_blocker):
    from django.utils import timezone

    from shared_apps.accounts.models import User
    from tenants.models import Company

    with django_db_blocker.unblock():
        before = Created(set(Company.objects.values_list("pk", flat=True)),
                         set(User.objects.values_list("pk", flat=True)), timezone.now())
    yield before
    with django_db_blocker.unblock():
        _remove_created(before)


def _remove_created(before: Created) -> None:
    from django.core.cache import caches
    from django_tenants.utils import schema_context
    from rest_framework.authtoken.models import Token

    from shared_apps.accounts.models import LoginEvent, SmsCode, User
    from tenant_apps.people.models import Customer, StaffMember
    from tenants.models import Affiliation, Company
    from tenants.provisioning import drop_schema

    new_users = list(User.objects.exclude(pk__in=before.user_ids).values_list("pk", flat=True))
    for company in Company.objects.exclude(pk__in=before.company_ids):
        drop_schema(company.schema_name)
        company.delete()
    for company in Company.objects.exclude(schema_name="public"):
        with schema_context(company.schema_name):
            Customer.objects.filter(user_id__in=new_users).delete()
            StaffMember.objects.filter(user_id__in=new_users).delete()
    LoginEvent.objects.filter(created_at__gte=before.started_at).delete()
    SmsCode.objects.filter(created_at__gte=before.started_at).delete()
    Affiliation.objects.filter(user_id__in=new_users).delete()
    Token.objects.filter(user_id__in=new_users).delete()
    _delete_rows_pointing_at(new_users)
    # A plain DELETE: Django's cascade collector would look for staff rows in the public schema.
    users = User.objects.filter(pk__in=new_users)
    users._raw_delete(users.db)
    caches["platform"].clear()
    # Else this connection stays open and the test database cannot be dropped at the end of the
    # session ("being accessed by other users").
    connections.close_all()


def _delete_rows_pointing_at(user_ids: list[int]) -> None:
    """Rows in any schema whose foreign key names one of these users (change log, commitments…).

    Read from the catalogue, so a table added later is cleaned too instead of failing the
    teardown of the whole browser package."""
    from django.db import IntegrityError, connection, transaction
    from psycopg import sql

    if not user_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT ns.nspname, cl.relname, att.attname
            FROM pg_constraint con
            JOIN pg_class cl ON cl.oid = con.conrelid
            JOIN pg_namespace ns ON ns.oid = cl.relnamespace
            JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
            WHERE con.contype = 'f' AND con.confrelid = 'public.accounts_user'::regclass
              AND cl.relname NOT IN ('accounts_user')
        """)
        left = cursor.fetchall()
        # Rows may point at each other (a notification at its outbox row): delete what can go, then
        # retry the rest, until a pass frees nothing more.
        while left:
            blocked = []
            for schema, table, column in left:
                try:
                    with transaction.atomic():
                        cursor.execute(
                            sql.SQL("DELETE FROM {}.{} WHERE {} = ANY(%s)").format(
                                sql.Identifier(schema), sql.Identifier(table), sql.Identifier(column)),
                            [user_ids])
                except IntegrityError:
                    blocked.append((schema, table, column))
            if len(blocked) == len(left):
                raise RuntimeError(f"cannot remove the browser tests' rows from {blocked}")
            left = blocked


def forget_notifications(company) -> None:
    """Delete a test company's outbox and notifications while the live Celery worker may still be
    delivering: the outbox rows are locked first, so a delivery in flight waits (then finds its row
    gone) instead of adding a notification between the two deletes."""
    from django.db import transaction

    from shared_apps.notifications.models import Notification, Outbox

    with transaction.atomic():
        ids = list(Outbox.objects.select_for_update().filter(company_id=company.pk).values_list("pk", flat=True))
        Notification.objects.filter(company_id=company.pk).delete()
        Notification.objects.filter(outbox_id__in=ids).delete()
        Outbox.objects.filter(pk__in=ids).delete()


@pytest.fixture(scope="package")
def live(_created, tmp_path_factory):
    """gunicorn and a Celery worker on the test database; SMS go to a file the tests read."""
    from tests.processes import celery_worker, free_port, web_server

    sms_file = tmp_path_factory.mktemp("sms") / "sms.jsonl"
    port = free_port()
    env = {
        "SMS_BACKEND": "file", "SMS_FILE_PATH": str(sms_file),
        # Company URLs the pages print (site, office) carry the server's port.
        "PLATFORM_URL_PORT": str(port),
        "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",
    }
    with web_server(port=port, **env):
        with celery_worker(**env):
            yield Live(port=port, sms_file=sms_file)


@pytest.fixture(scope="package")
def browser(live):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django would then refuse
    # the tests' own (committed) database work as "async". The servers are started before this.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser):
    """new_page(locale="en-US"): a page in a fresh browser context (its own cookies)."""
    contexts = []

    def make(locale: str = "en-US"):
        context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def world(transactional_db):
    from tests.support import People

    return People.load()

