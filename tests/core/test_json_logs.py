"""Log lines are JSON objects that carry the schema they were written in."""
import io
import json
import logging

import pytest
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

from config.settings import base


@pytest.fixture
def json_log():
    """A logger wired like the base settings' console handler: the tenant filter and the JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(import_string(base.LOGGING["filters"]["tenant"]["()"])())
    handler.setFormatter(import_string(base.LOGGING["formatters"]["json"]["()"])())
    logger = logging.getLogger("doorstep.tests.json_log")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_the_base_settings_wire_the_tenant_filter_and_json_formatter():
    handler = base.LOGGING["handlers"]["console"]

    assert handler["filters"] == ["tenant"] and handler["formatter"] == "json"
    assert base.LOGGING["filters"]["tenant"]["()"] == "django_tenants.log.TenantContextFilter"
    assert base.LOGGING["root"]["handlers"] == ["console"]


def test_each_line_carries_the_schema_it_was_written_in(json_log, company_a, company_b):
    logger, lines = json_log

    with schema_context(company_a.schema_name):
        logger.info("in alpha")
    with schema_context(company_b.schema_name):
        logger.warning("in bravo %s", "ünïcode")
    logger.info("in public")

    assert [(line["schema"], line["message"], line["level"]) for line in lines()] == [
        (company_a.schema_name, "in alpha", "INFO"),
        (company_b.schema_name, "in bravo ünïcode", "WARNING"),
        ("public", "in public", "INFO"),
    ]
    assert all(line["logger"] == "doorstep.tests.json_log" and line["time"].endswith("+00:00") for line in lines())


def test_a_request_logs_its_schema_and_host(json_log, client_for, people, monkeypatch):
    logger, lines = json_log
    from tenant_apps.people import api

    real = api.staff_for

    def logged_staff_for(viewer):
        logger.info("listing staff")
        return real(viewer)

    monkeypatch.setattr(api, "staff_for", logged_staff_for)
    client_for(people.company_a, people.owner_a).get("/api/v1/office/staff/")

    (line,) = lines()
    assert (line["schema"], line["host"]) == (people.company_a.schema_name, "alpha.localhost")


def test_an_exception_is_kept_in_the_line(json_log, db):
    logger, lines = json_log

    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("failed")

    (line,) = lines()
    assert "ValueError: boom" in line["exc"]
    assert line["schema"] == "public"
