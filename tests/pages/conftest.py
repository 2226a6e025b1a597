"""Page tests with Django's test client: every request carries the host of a company or the platform."""
import pytest
from django.test import Client


@pytest.fixture
def page_client(db):
    """page_client(company_or_None, user=None, **headers): None means the platform host."""

    def make(company=None, user=None, **headers) -> Client:
        host = "localhost" if company is None else f"{company.slug}.localhost"
        client = Client(HTTP_HOST=host, **headers)
        if user is not None:
            client.force_login(user)
        return client

    return make
