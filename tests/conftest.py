"""Test set-up: real PostgreSQL and Redis; two companies made once per session with real services.

Each test runs in a transaction that is rolled back (CREATE SCHEMA included), so tests that sign up
companies leave nothing behind. Requests carry a company's Host header.
"""
from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from tests.support import People, build_world


# -- no real outgoing network in tests --------------------------------------------------------------
# Outside services sit behind interfaces with sandbox adapters; a test that reaches past one (an
# adapter without its injected transport, a forgotten SDK call) fails here instead of calling out.
# Loopback (the test servers, PostgreSQL, Redis) and Unix sockets stay open.
class RealNetworkUsed(RuntimeError):
    pass


def _is_loopback(host) -> bool:
    import ipaddress

    if isinstance(host, bytes):
        host = host.decode()
    if host is None or host in ("", "localhost") or str(host).endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _block_real_network() -> None:
    import socket

    if getattr(socket.socket.connect, "_doorstep_guard", False):
        return
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, \
        socket.getaddrinfo

    def refuse_remote(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise RealNetworkUsed(f"a test tried to connect to {address!r}: outside services need their sandbox")

    def connect(self, address):
        refuse_remote(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        refuse_remote(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            raise RealNetworkUsed(f"a test tried to resolve {host!r}: outside services need their sandbox")
        return real_getaddrinfo(host, *args, **kwargs)

    connect._doorstep_guard = True
    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo


def pytest_configure(config):
    _block_real_network()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django made and migrated the test database; add the template and two companies."""
    from tenants.management.commands.migrate_platform import ensure_platform_row
    from tenants.provisioning import migrate_template

    with django_db_blocker.unblock():
        caches["platform"].clear()
        ensure_platform_row()
        migrate_template(verbosity=0)
        build_world()


@pytest.fixture(autouse=True)
def _public_schema_and_fresh_limits():
    """Every test starts on the public schema with empty rate-limit counters and host cache, in the
    default language (a test that rendered Chinese leaves it active in this thread)."""
    from django.utils import translation

    translation.activate("en")
    connection.set_schema_to_public()
    caches["platform"].clear()
    from shared_apps.sms.backends import outbox

    outbox.clear()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def people(db) -> People:
    return People.load()


@pytest.fixture
def company_a(people):
    return people.company_a


@pytest.fixture
def company_b(people):
    return people.company_b


class HostClient(APIClient):
    """An API client bound to one host, optionally signed in with a token."""

    def __init__(self, host: str, user=None, **kwargs):
        super().__init__(HTTP_HOST=host, **kwargs)
        if user is not None:
            from shared_apps.accounts.services import api_token_for

            self.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")


@pytest.fixture
def client_for(db):
    """client_for(company_or_None, user=None): None means the platform host."""

    def make(company=None, user=None) -> HostClient:
        host = "localhost" if company is None else f"{company.slug}.localhost"
        return HostClient(host, user)

    return make


@pytest.fixture
def in_schema():
    return schema_context
